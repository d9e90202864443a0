"""Step 3 over a remote store: the store runs the query, alignkg keeps no copy of its data.

A worker analyses the query first, as for the embedded store (sandboxed, killable, with
its deep recursion limit): what it refuses (``SERVICE``, ``LOAD``, text that does not
parse) never reaches the store. The store then runs the text the analysis returns, on the
job's dataset, under what is left of the query timeout. Its answer is parsed as it
arrives and read no further than the row cap; the connection is closed there, so the
store stops sending. The rows kept are serialized in the negotiated format exactly as a
worker's are (``outcomes``), truncation marker included.
"""

from __future__ import annotations

import io
import time

import pyoxigraph as ox
from fastapi.concurrency import run_in_threadpool

from ontology.store.remote import RemoteStore
from ontology.store.wire import (
    N_TRIPLES,
    RESULTS_XML,
    RemoteStoreError,
    ResultsStream,
    ask_answer,
    engine_cannot,
    query_form,
)
from service.http.errors import QueryTimeout, ServiceUnavailable
from service.sparql import results
from service.sparql.outcomes import (
    Job,
    Outcome,
    dataset_args,
    graph_outcome,
    not_acceptable,
    ok,
    select_outcome,
)
from service.sparql.updates import checked_iri
from service.sparql.workers import QueryWorkers


async def run_remote(job: Job, *, store: RemoteStore, workers: QueryWorkers) -> Outcome:
    """Analyse ``job``'s query in a worker, then have the remote store answer it."""
    deadline = time.monotonic() + workers.timeout_s
    checked = await workers.check_query(job["text"])
    if checked["status"] != "analysed":
        return checked
    job = job | {"text": checked["text"], "timeout_s": workers.timeout_s}
    return await run_in_threadpool(
        _answer, store, job, names_dataset=checked["names_dataset"], deadline=deadline
    )


def _timeout(timeout_s: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran longer than {timeout_s:g} s and was stopped", timeout_s=timeout_s
    )


def _answer(store: RemoteStore, job: Job, *, names_dataset: bool, deadline: float) -> Outcome:
    """Run the analysed query on the store (in a server thread) and cap its answer."""
    # The base comes from the Host header: checked, so it cannot smuggle SPARQL in. A BASE
    # of the query's own comes after it and wins, as pyoxigraph's ``base_iri`` would.
    text = f"BASE <{checked_iri(job['base_iri'])}>\n{job['text']}"
    form = query_form(text)
    media = job["graph_type"] if form in ("CONSTRUCT", "DESCRIBE") else job["select_type"]
    if form == "ASK":
        media = job["ask_type"]
    if media is None:
        kind = {"ASK": "boolean", "CONSTRUCT": "RDF", "DESCRIBE": "RDF"}.get(form, "tabular")
        return not_acceptable(kind)
    timeout_s = deadline - time.monotonic()
    if timeout_s <= 0:
        raise _timeout(job["timeout_s"])
    accept = N_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_XML
    args = dataset_args(job, names_dataset=names_dataset)
    stream: ResultsStream | None = None
    try:
        with store.stream_query(text, accept=accept, timeout_s=timeout_s, **args) as response:
            stream = ResultsStream(
                response.iter_bytes(), fix_blank_nodes=accept == RESULTS_XML, deadline=deadline
            )
            return _read(stream, form, media, job["max_rows"])
    except TimeoutError:
        raise _timeout(job["timeout_s"]) from None
    except SyntaxError as exc:
        if stream is None:  # the store refused the text: the caller's mistake
            return {"status": "syntax", "message": str(exc)}
        raise ServiceUnavailable(f"the remote store's answer did not parse: {exc}") from exc
    except RemoteStoreError as exc:
        if stream is not None and stream.timed_out:
            raise _timeout(job["timeout_s"]) from None
        if engine_cannot(exc):
            return {"status": "error", "message": f"the remote store cannot run it: {exc}"}
        raise ServiceUnavailable(f"the remote store failed: {str(exc)[:300]}") from exc
    except OSError as exc:  # pyoxigraph's wrapping of a failed read
        if stream is not None and stream.timed_out:
            raise _timeout(job["timeout_s"]) from None
        raise ServiceUnavailable(f"reading the remote store's answer failed: {exc}") from exc


def _read(stream: ResultsStream, form: str, media: str, max_rows: int) -> Outcome:
    """Parse the answer as it streams in and serialize at most ``max_rows`` of it."""
    body = io.BufferedReader(stream)
    if form in ("CONSTRUCT", "DESCRIBE"):
        quads = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        return graph_outcome(triples, media, max_rows)
    answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    if form == "ASK":
        return ok(results.serialize_boolean(bool(ask_answer(answer)), media), media)
    if not isinstance(answer, ox.QuerySolutions):
        raise RemoteStoreError("the store answered a SELECT query with a boolean")
    names = [v.value for v in answer.variables]
    return select_outcome(answer, names, media, max_rows)

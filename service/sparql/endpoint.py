"""The endpoint's steps wired together: check and run a query, or check and apply an update.

The router calls ``answer_query`` and ``apply_update``; everything here raises alignkg
errors, which the problem handler turns into problem+json.
"""

from __future__ import annotations

from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ontology.store import EmbeddedStore, GraphChange, Store, StoreChanged
from ontology.store.remote import RemoteStore
from ontology.vocab import CASES_GRAPH, MAPPINGS_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH
from service.http.errors import (
    AlignKGError,
    BadRequest,
    Conflict,
    Forbidden,
    NotAcceptable,
    SparqlSyntaxError,
)
from service.http.negotiation import choose_media
from service.sparql import results
from service.sparql.protocol import Operation
from service.sparql.remote_queries import run_remote
from service.sparql.safety import refuse_protected, syntax_error
from service.sparql.updates import checked_iri, prepare_update
from service.sparql.workers import QueryWorkers

#: The default graph of a query that names no dataset: the store's own default graph
#: (None) and the system (ontology, cases, SSSOM mappings) and submitted graphs.
DEFAULT_GRAPHS: list[str | None] = [None, str(ONTOLOGY_GRAPH), str(CASES_GRAPH)]
DEFAULT_GRAPHS += [str(MAPPINGS_GRAPH), str(SUBMITTED_GRAPH)]
TRUNCATED_HEADER = "X-AlignKG-Truncated"
#: The errors a worker's analysis may refuse a query with, by name.
_REFUSALS: dict[str, type[AlignKGError]] = {
    error.__name__: error for error in (BadRequest, Forbidden, SparqlSyntaxError)
}


def _dataset(operation: Operation) -> dict[str, Any]:
    """The request's dataset if it names one; else the worker picks the query's FROM
    clauses or, with none, the alignkg union (``union_default``)."""
    dataset = None
    if operation.has_dataset:
        dataset = {
            "default_graphs": list(operation.default_graphs),
            "named_graphs": list(operation.named_graphs),
        }
    return {"dataset": dataset, "union_default": DEFAULT_GRAPHS}


def _formats(accept: str | None) -> dict[str, str | None]:
    """The media type for each kind of result (None: nothing acceptable), chosen up front
    since the form is known only once the worker has run the query."""
    return {
        "select_type": choose_media(accept, results.SELECT_TYPES),
        "ask_type": choose_media(accept, results.ASK_TYPES),
        "graph_type": choose_media(accept, list(results.GRAPH_FORMATS)),
    }


async def answer_query(
    operation: Operation, *, workers: QueryWorkers, accept: str | None, base: str, max_rows: int
) -> Response:
    """Have a worker analyse and run a query (or, over a remote store, analyse it and the
    store run it), and answer in the negotiated format."""
    job = {"text": operation.text, "base_iri": base, "max_rows": max_rows}
    job |= _dataset(operation) | _formats(accept)
    if isinstance(workers.store, RemoteStore):
        outcome = await run_remote(job, store=workers.store, workers=workers)
    else:
        outcome = await workers.run(job)
    failure = _failure(outcome, "query")
    if failure is not None:
        raise failure
    if outcome["status"] == "not_acceptable":
        raise NotAcceptable(
            f"no {outcome['form']} result format matches Accept: {accept!r}",
            offered=results.SELECT_TYPES + list(results.GRAPH_FORMATS),
        )
    headers = {"Vary": "Accept"}
    if outcome["truncated"]:
        headers[TRUNCATED_HEADER] = "true"
    return Response(outcome["body"], media_type=outcome["media_type"], headers=headers)


def _failure(outcome: dict[str, Any], kind: str) -> AlignKGError | None:
    """The error a worker's outcome stands for, if it is one."""
    status = outcome["status"]
    if status == "refused":
        return _REFUSALS[outcome["error"]](outcome["detail"], **outcome["extra"])
    if status == "syntax":
        return syntax_error(outcome["message"], kind=kind)
    if status == "error":
        return BadRequest(f"the {kind} failed: {str(outcome['message'])[:300]}")
    return None


async def _update_in_worker(
    store: EmbeddedStore, workers: QueryWorkers, operation: Operation, base: str
) -> None:
    """A worker analyses the update and runs it on its copy (killed past the timeout); the
    server applies the change it reports, unless that change touches a protected graph."""
    async with workers.update_lock:
        job = {
            "text": operation.text,
            "base_iri": base,
            # Checked as IRIs where they are used, by the worker's prepare_update.
            "using_graphs": list(operation.default_graphs),
            "using_named": list(operation.named_graphs),
        }
        outcome, version = await workers.run_update(job)
        failure = _failure(outcome, "update")
        if failure is not None:
            raise failure
        change = GraphChange(
            removed=outcome["removed"],
            added=outcome["added"],
            created=outcome["created"],
            dropped=outcome["dropped"],
        )
        # The server's own check, whatever the worker said: the analysis refuses such an
        # update first, so this holds even if the analysis (or the worker) is wrong.
        refuse_protected({g for g in change.graphs() if g})
        try:
            await run_in_threadpool(store.apply_change, change, expected_version=version)
        except StoreChanged:
            raise Conflict(
                "the store changed while the update ran (another write came first);"
                " nothing was applied: send the update again"
            ) from None


def _update_remote(store: Store, operation: Operation, base: str) -> None:
    """A remote store runs the analysed update itself, under its own limits.

    Here the analysis is the only wall (no worker sandbox, no change check): it runs in a
    server thread, at Python's default recursion limit.
    """
    update = prepare_update(
        operation.text,
        user_graphs=store.named_graphs(),
        using_graphs=operation.default_graphs,
        using_named=operation.named_graphs,
    )
    if not update.operations:
        return  # nothing to do; some stores refuse an update of comments alone
    try:
        store.update(f"BASE <{base}>\n{update.text}")
    except SyntaxError as exc:
        raise BadRequest(f"the remote store refused the update: {str(exc)[:300]}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise BadRequest(f"the update failed: {str(exc)[:300]}") from exc


async def apply_update(
    operation: Operation, *, store: Store, workers: QueryWorkers, base: str
) -> Response:
    """Analyse an update (remote access, protected graphs), apply it, answer 204."""
    base = checked_iri(base)  # built from the Host header: never splice unchecked text
    if isinstance(store, EmbeddedStore):
        await _update_in_worker(store, workers, operation, base)
    else:
        await run_in_threadpool(_update_remote, store, operation, base)
    return Response(status_code=204)

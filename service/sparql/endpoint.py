"""The endpoint's steps wired together: check and run a query, or check and apply an update.

The router calls ``answer_query`` and ``apply_update``; everything here raises alignkg
errors, which the problem handler turns into problem+json.
"""

from __future__ import annotations

from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ontology.namespaces import CASES_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH
from ontology.store import Store

from ..errors import BadRequest, NotAcceptable
from . import results
from .analysis import analyse_query
from .protocol import Operation
from .safety import syntax_error
from .updates import checked_iri, prepare_update
from .workers import QueryWorkers

#: The default graph of a query that names no dataset: the store's own default graph
#: (None) and the system and submitted graphs.
DEFAULT_GRAPHS: list[str | None] = [None, str(ONTOLOGY_GRAPH), str(CASES_GRAPH)]
DEFAULT_GRAPHS.append(str(SUBMITTED_GRAPH))
TRUNCATED_HEADER = "X-AlignKG-Truncated"


def _dataset(operation: Operation, *, uses_from: bool) -> dict[str, Any]:
    """The request's dataset, else the query's FROM clauses, else the alignkg union."""
    if operation.has_dataset:
        return {
            "default_graphs": list(operation.default_graphs),
            "named_graphs": list(operation.named_graphs),
        }
    if uses_from:
        return {"default_graphs": None, "named_graphs": None}
    return {"default_graphs": DEFAULT_GRAPHS, "named_graphs": None}


def _formats(accept: str | None) -> dict[str, str | None]:
    select, ask = (results.negotiate(accept, o) for o in (results.SELECT_TYPES, results.ASK_TYPES))
    return {
        "select_type": results.canonical(select) if select else None,
        "ask_type": results.canonical(ask) if ask else None,
        "graph_type": results.negotiate(accept, list(results.GRAPH_FORMATS)),
    }


async def answer_query(
    operation: Operation, *, workers: QueryWorkers, accept: str | None, base: str, max_rows: int
) -> Response:
    """Analyse a query, run it in a worker, and answer in the negotiated format."""
    # Parsing takes milliseconds of pure Python: off the event loop.
    analysis = await run_in_threadpool(analyse_query, operation.text)
    job = {"text": analysis.text, "base_iri": base, "max_rows": max_rows}
    job |= _dataset(operation, uses_from=analysis.names_dataset) | _formats(accept)
    outcome = await workers.run(job)
    status = outcome["status"]
    if status == "syntax":
        raise syntax_error(outcome["message"], kind="query")
    if status == "error":
        raise BadRequest(f"the query failed: {outcome['message'][:300]}")
    if status == "not_acceptable":
        raise NotAcceptable(
            f"no {outcome['form']} result format matches Accept: {accept!r}",
            offered=results.SELECT_TYPES + list(results.GRAPH_FORMATS),
        )
    headers = {"Vary": "Accept"}
    if outcome["truncated"]:
        headers[TRUNCATED_HEADER] = "true"
    return Response(outcome["body"], media_type=outcome["media_type"], headers=headers)


def _run_update(store: Store, operation: Operation, base: str) -> None:
    base = checked_iri(base)  # built from the Host header: never splice unchecked text
    # Checked by parsing only: nothing the caller sent runs before every check has passed.
    text = prepare_update(
        operation.text,
        user_graphs=store.named_graphs(),
        using_graphs=operation.default_graphs,
        using_named=operation.named_graphs,
    )
    try:
        store.update(f"BASE <{base}>\n{text}")
    except SyntaxError as exc:
        raise syntax_error(exc, kind="update (after rewriting)") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise BadRequest(f"the update failed: {str(exc)[:300]}") from exc


async def apply_update(operation: Operation, *, store: Store, base: str) -> Response:
    """Analyse an update (remote access, protected graphs), apply it, answer 204."""
    await run_in_threadpool(_run_update, store, operation, base)
    return Response(status_code=204)

"""What a query job comes to: the outcome dicts that go back from a worker (or from a
remote store's answer) to the endpoint, and the dataset a job reads.

Shared by ``worker_process`` (pyoxigraph in a worker) and ``remote_queries`` (a remote
store), so both answer the same way, capped the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from service.http.errors import AlignKGError
from service.sparql import results

Job = dict[str, Any]
Outcome = dict[str, Any]


def dataset_args(job: Job, *, names_dataset: bool) -> dict[str, Any]:
    """pyoxigraph's ``default_graph``/``named_graphs`` arguments: the request's dataset,
    else the query's own ``FROM`` clauses, else the union of the job's default graphs."""
    dataset = job["dataset"]
    if dataset is None:
        if names_dataset:
            return {}
        dataset = {"default_graphs": job["union_default"], "named_graphs": None}
    args: dict[str, Any] = {}
    if dataset["default_graphs"] is not None:
        args["default_graph"] = [
            ox.DefaultGraph() if g is None else ox.NamedNode(g) for g in dataset["default_graphs"]
        ]
    if dataset["named_graphs"] is not None:
        args["named_graphs"] = [ox.NamedNode(g) for g in dataset["named_graphs"]]
    return args


def engine_failure(exc: BaseException, kind: str) -> Outcome:
    """The outcome for pyoxigraph refusing or failing a query or update."""
    if isinstance(exc, SyntaxError):
        return {"status": "syntax", "message": str(exc)}
    if isinstance(exc, MemoryError):
        return {"status": "error", "message": f"the {kind} needed more memory than allowed"}
    return {"status": "error", "message": str(exc)}


def not_acceptable(form: str) -> Outcome:
    """No result format the caller accepts for this kind of answer."""
    return {"status": "not_acceptable", "form": form}


def ok(body: bytes, media: str, truncated: bool = False) -> Outcome:
    """A serialized answer."""
    return {"status": "ok", "body": body, "media_type": media, "truncated": truncated}


def select_outcome(
    answer: Iterable[ox.QuerySolution], variables: list[str], media: str, limit: int
) -> Outcome:
    """The first ``limit`` rows of ``answer``, serialized (read no further than one past)."""
    rows: list[list[Any]] = []
    for solution in answer:
        if len(rows) == limit:
            body = results.serialize_select(variables, rows, media, truncated=True, limit=limit)
            return ok(body, media, True)
        rows.append([solution[name] for name in variables])
    return ok(results.serialize_select(variables, rows, media, truncated=False, limit=limit), media)


def graph_outcome(answer: Iterable[ox.Triple], media: str, limit: int) -> Outcome:
    """The first ``limit`` triples of ``answer``, serialized (read no further than one past)."""
    triples: list[ox.Triple] = []
    for triple in answer:
        if len(triples) == limit:
            return ok(results.serialize_triples(triples, media), media, True)
        triples.append(triple)
    return ok(results.serialize_triples(triples, media), media)


def refused(exc: AlignKGError) -> Outcome:
    """The analysis refused the operation (the endpoint raises ``exc`` again by name)."""
    return {
        "status": "refused",
        "error": type(exc).__name__,
        "detail": exc.detail,
        "extra": exc.extra,
    }

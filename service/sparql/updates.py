"""Prepare a SPARQL Update to run: narrow what it may touch, add the request's dataset,
and check the text that will run, not the text that came in.

- ``CLEAR``/``DROP`` ``ALL`` and ``NAMED`` mean "every graph you may write": each such
  operation is replaced by one ``CLEAR``/``DROP SILENT GRAPH`` per user graph (and
  ``DEFAULT`` for ``ALL``), so protected graphs stay untouched.
- ``using-graph-uri`` / ``using-named-graph-uri`` become ``USING`` clauses before the
  ``WHERE`` of each ``INSERT``/``DELETE ... WHERE``; with ``USING`` or ``WITH`` already in
  the update that is a 400 (SPARQL 1.1 Protocol 2.2.3).
- The rewritten text is analysed again and every check is made on that analysis: the
  graphs it writes (403 if one is protected), no wide clear left, the ``USING`` clauses in
  place. Where the rewrite went wrong, the update is refused, never run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
import pyparsing as pp
from rdflib.plugins.sparql import parser as grammar

from service.http.errors import BadRequest
from service.sparql.analysis import DEFAULT_GRAPH, UpdateAnalysis, UpdateOperation, analyse_update
from service.sparql.safety import is_protected_graph, refuse_protected

_WHERE = re.compile(r"WHERE", re.IGNORECASE)


def checked_iri(iri: str) -> str:
    """``iri`` if it is an absolute IRI (so it cannot smuggle SPARQL into the text), else 400."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as exc:
        raise BadRequest(f"{iri!r} is not an absolute IRI") from exc


def _narrowed_clear(op: UpdateOperation, graphs: list[str]) -> str:
    """One CLEAR/DROP per graph the caller may write, for a CLEAR/DROP ALL or NAMED."""
    verb = op.name.upper()
    clears = [f"{verb} SILENT GRAPH <{g}>" for g in graphs]
    if op.wide_scope == "ALL":
        clears.append(f"{verb} SILENT DEFAULT")
    return " ;\n".join(clears) or "INSERT DATA {}"


def _where_keyword(text: str, op: UpdateOperation) -> int:
    """Where the ``WHERE`` of a Modify starts: the last one followed by exactly the
    operation's closing group pattern (checked by the grammar, not by our own reading)."""
    for match in reversed(list(_WHERE.finditer(text, op.start, op.end))):
        try:
            grammar.GroupGraphPattern.parse_string(text[match.end() : op.end], parse_all=True)
        except (pp.ParseBaseException, RecursionError):
            continue
        return match.start()
    raise BadRequest("could not find where to add the request's USING clauses")


def _rewrite(analysis: UpdateAnalysis, user_graphs: Iterable[str], using: str | None) -> str:
    text = analysis.text
    graphs = sorted(
        g
        for g in {*user_graphs, *analysis.writes}
        if g != DEFAULT_GRAPH and not is_protected_graph(g)
    )
    edits: list[tuple[int, int, str]] = []
    for op in analysis.operations:
        if op.wide_scope is not None:
            edits.append((op.start, op.end, _narrowed_clear(op, graphs)))
        elif using is not None and op.has_where:
            at = _where_keyword(text, op)
            edits.append((at, at, using + " "))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _check_final(final: UpdateAnalysis, using: tuple[str, ...]) -> None:
    """Every check, on the analysis of the text that will run."""
    if any(op.wide_scope is not None for op in final.operations):
        raise BadRequest("CLEAR/DROP ALL or NAMED could not be narrowed to user graphs")
    refuse_protected(set(final.writes))
    if using and any(op.has_where and op.using != using for op in final.operations):
        raise BadRequest("could not add the request's USING clauses to the update")


def prepare_update(
    text: str,
    *,
    user_graphs: Iterable[str],
    using_graphs: Iterable[str] = (),
    using_named: Iterable[str] = (),
) -> UpdateAnalysis:
    """The update to run in place of ``text``: its text and the graphs it writes (see the
    module docstring)."""
    default, named = [checked_iri(g) for g in using_graphs], [checked_iri(g) for g in using_named]
    clauses = [f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named]
    analysis = analyse_update(text)
    if clauses and any(op.names_dataset for op in analysis.operations):
        raise BadRequest(
            "the update has USING/WITH and the request has using-graph-uri or "
            "using-named-graph-uri; give the dataset one way (SPARQL 1.1 Protocol 2.2.3)"
        )
    rewritten = _rewrite(analysis, user_graphs, " ".join(clauses) or None)
    final = analysis if rewritten == analysis.text else analyse_update(rewritten)
    _check_final(final, (*default, *named))
    return final

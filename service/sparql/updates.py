"""Plan a SPARQL Update before it runs: which graphs it writes, and the rewrites it needs.

- Every graph an operation may write is found from its tokens (``GRAPH <g>`` inside
  templates and data blocks, ``WITH``, ``CLEAR``/``DROP``/``CREATE``, the target of
  ``ADD``/``COPY``/``MOVE`` and the source of ``MOVE``). A template writing ``GRAPH ?var``
  cannot be checked in advance and is refused.
- ``CLEAR``/``DROP`` ``ALL`` and ``NAMED`` mean "every graph you may write": they are
  rewritten into one ``CLEAR``/``DROP`` per user graph, so system graphs stay untouched.
- ``using-graph-uri`` / ``using-named-graph-uri`` become ``USING`` clauses before each
  ``WHERE``; with ``USING`` or ``WITH`` already in the update that is a 400 (Protocol 2.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import BadRequest, Forbidden
from .safety import is_protected_graph
from .tokens import Prologue, Token, tokenize

_COPY_LIKE = ("ADD", "COPY", "MOVE")


@dataclass
class UpdatePlan:
    """The graphs an update writes and the text to run instead of the caller's."""

    targets: set[str] = field(default_factory=set)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    wide_clears: list[tuple[int, int, str, bool]] = field(default_factory=list)

    def rewrite(self, text: str, user_graphs: Iterable[str]) -> str:
        """The update with USING clauses added and ALL/NAMED clears narrowed to user graphs."""
        named = {*user_graphs, *self.targets}
        graphs = sorted(g for g in named if not is_protected_graph(g) and _is_iri(g))
        edits = list(self.edits)
        for start, end, verb, include_default in self.wide_clears:
            ops = [f"{verb} SILENT GRAPH <{g}>" for g in graphs]
            if include_default:
                ops.append(f"{verb} SILENT DEFAULT")
            edits.append((start, end, " ;\n".join(ops) or "INSERT DATA {}"))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def _split_operations(tokens: list[Token]) -> list[list[Token]]:
    operations: list[list[Token]] = [[]]
    for token in tokens:
        if token.depth == 0 and token.text == ";":
            operations.append([])
        else:
            operations[-1].append(token)
    return [op for op in operations if op]


def _graph_name(prologue: Prologue, token: Token) -> str:
    iri = prologue.resolve(token)
    if iri is None:
        raise Forbidden(
            f"cannot tell which graph {token.text!r} writes; name write targets with IRIs"
        )
    return iri


def _template_targets(op: list[Token], prologue: Prologue) -> set[str]:
    """Graphs named by ``GRAPH x`` in the written part of an operation (before WHERE)."""
    end = len(op)
    for i, token in enumerate(op):
        if token.depth == 0 and token.is_word("WHERE"):
            end = len(op) if i > 0 and op[i - 1].is_word("DELETE") else i
            break
    targets: set[str] = set()
    for i, token in enumerate(op[: end - 1]):
        if token.is_word("GRAPH", "WITH"):
            targets.add(_graph_name(prologue, op[i + 1]))
    return targets


def _copy_targets(op: list[Token], prologue: Prologue) -> set[str]:
    """Target of ADD/COPY/MOVE, and for MOVE the source (which it empties)."""
    to = next((i for i, t in enumerate(op) if t.is_word("TO")), None)
    if to is None:
        return set()  # not valid SPARQL; the parser reports it

    def graph_in(part: list[Token]) -> Token | None:
        rest = [t for t in part if not t.is_word("SILENT", "GRAPH")]
        return None if not rest or rest[0].is_word("DEFAULT") else rest[0]

    names = [graph_in(op[to + 1 :])]
    if op[0].is_word("MOVE"):
        names.append(graph_in(op[1:to]))
    return {_graph_name(prologue, t) for t in names if t is not None}


def _plan_operation(
    op: list[Token], prologue: Prologue, plan: UpdatePlan, using: str | None
) -> None:
    first = op[0]
    if first.is_word(*_COPY_LIKE):
        plan.targets |= _copy_targets(op, prologue)
        return
    if first.is_word("CLEAR", "DROP"):
        scope = [t for t in op[1:] if not t.is_word("SILENT")]
        if scope and scope[0].is_word("ALL", "NAMED"):
            verb = first.text.upper()
            plan.wide_clears.append((first.start, scope[0].end, verb, scope[0].is_word("ALL")))
            return
    plan.targets |= _template_targets(op, prologue)
    if using is not None:
        _add_using(op, plan, using)


def _add_using(op: list[Token], plan: UpdatePlan, using: str) -> None:
    for i, token in enumerate(op):
        if token.depth == 0 and token.is_word("USING", "WITH"):
            raise BadRequest(
                "the update has USING/WITH and the request has using-graph-uri or "
                "using-named-graph-uri; give the dataset one way (SPARQL 1.1 Protocol 2.2.3)"
            )
        if token.depth == 0 and token.is_word("WHERE") and not op[i - 1].is_word("DELETE"):
            plan.edits.append((token.start, token.start, using + " "))


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def checked_iri(iri: str) -> str:
    """``iri`` if it is an absolute IRI (so it cannot smuggle SPARQL into the text), else 400."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as exc:
        raise BadRequest(f"{iri!r} is not an absolute IRI") from exc


def plan_update(
    text: str, *, base: str, using_graphs: Iterable[str] = (), using_named: Iterable[str] = ()
) -> UpdatePlan:
    """Find the graphs ``text`` writes and the rewrites it needs (see module docstring)."""
    clauses = [f"USING <{checked_iri(g)}>" for g in using_graphs]
    clauses += [f"USING NAMED <{checked_iri(g)}>" for g in using_named]
    using = " ".join(clauses) or None
    plan = UpdatePlan()
    prologue = Prologue(base)
    for op in _split_operations(tokenize(text)):
        index = 0
        while index < len(op) and (moved := prologue.feed(op, index)) != index:
            index = moved
        if index < len(op):
            _plan_operation(op[index:], prologue, plan, using)
    return plan

"""The graph policy, and the guards that need no SPARQL parser.

What a query or update does is decided in ``analysis`` from a parse tree; this module says
which graphs are protected (403 on a write), sizes XML entities before an upload is parsed
(400 past the body limit: billion laughs), and words pyoxigraph's syntax errors.

Graph policy: the ontology and documented-case graphs (``SYSTEM_GRAPHS``), the submitted
cases graph and anything else under ``https://w3id.org/alignkg/graph/`` outside
``USER_GRAPH_PREFIX`` are protected. Every other graph, including the store's own default
graph, is a user graph that an authorised caller may write.
"""

from __future__ import annotations

import re

from ontology.store import SYSTEM_GRAPHS
from ontology.vocab import GRAPH, SUBMITTED_GRAPH, USER_GRAPH_PREFIX
from service.http.errors import BadRequest, Forbidden, SparqlSyntaxError

PROTECTED_GRAPHS = frozenset({*SYSTEM_GRAPHS, str(SUBMITTED_GRAPH)})
_ALIGNKG_GRAPHS = str(GRAPH)
_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_ENTITY_DECLARATION = re.compile(
    rb"""<!ENTITY\s+(%\s+)?([^\s"'%>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)"""
)
_ENTITY_REFERENCE = re.compile(rb"&([A-Za-z_:][\w.:-]*);")


def is_protected_graph(iri: str) -> bool:
    """True for graphs users may read but never write.

    >>> is_protected_graph("https://w3id.org/alignkg/graph/ontology")
    True
    >>> is_protected_graph("https://w3id.org/alignkg/graph/user/mine")
    False
    >>> is_protected_graph("http://example.org/g")
    False
    """
    if iri in PROTECTED_GRAPHS:
        return True
    return iri.startswith(_ALIGNKG_GRAPHS) and not iri.startswith(USER_GRAPH_PREFIX)


def _expanded_sizes(declarations: dict[bytes, bytes], limit: int) -> dict[bytes, int]:
    """Each internal entity's length once every reference in it is expanded (capped)."""
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: frozenset[bytes]) -> int:
        if name not in declarations:
            return len(name) + 2  # predefined (&lt;) or unknown: the parser's business
        if name in seen:
            raise BadRequest(f"XML entity {name.decode(errors='replace')!r} refers to itself")
        if name not in sizes:
            value = declarations[name]
            total = len(_ENTITY_REFERENCE.sub(b"", value))
            for ref in _ENTITY_REFERENCE.findall(value):
                total = min(total + size(ref, seen | {name}), limit + 1)
            sizes[name] = total
        return sizes[name]

    for name in declarations:
        size(name, frozenset())
    return sizes


def refuse_entity_expansion(body: bytes, *, limit: int) -> None:
    """400 if an XML body's internal entities would expand to more than ``limit`` bytes.

    Billion laughs (entities of entities) and quadratic blow-up (one big entity used many
    times) both show here, before the parser expands anything. Parameter and external
    entities are refused outright. Short namespace entities (``&owl;``) pass.

    >>> owl = b'<!DOCTYPE r [<!ENTITY owl "http://x/">]><r a="&owl;"/>'
    >>> refuse_entity_expansion(owl, limit=100)
    >>> laughs = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    >>> refuse_entity_expansion(laughs + b"<r>&b;&b;</r>", limit=200)
    Traceback (most recent call last):
    ...
    service.http.errors.BadRequest: XML entities would expand the body past 200 bytes; refused
    """
    declarations: dict[bytes, bytes] = {}
    for match in _ENTITY_DECLARATION.finditer(body):
        if match[1] or match[5]:
            raise BadRequest("parameter and external XML entities are not accepted")
        declarations[match[2]] = match[3] if match[3] is not None else match[4]
    if not declarations:
        return
    sizes = _expanded_sizes(declarations, limit)
    total = len(body)
    for name in _ENTITY_REFERENCE.findall(body):
        total += sizes.get(name, 0)
        if total > limit:
            raise BadRequest(f"XML entities would expand the body past {limit} bytes; refused")


def refuse_protected(graphs: set[str]) -> None:
    """403 naming the first protected graph an update would write."""
    protected = sorted(g for g in graphs if is_protected_graph(g))
    if protected:
        raise Forbidden(
            f"graph <{protected[0]}> is read-only; updates may write only user graphs",
            graphs=protected,
        )


def syntax_error(exc: BaseException | str, *, kind: str) -> SparqlSyntaxError:
    """A 400 problem naming the line and column pyoxigraph's parser reported.

    >>> syntax_error("error at 1:6: expected '}'", kind="query").extra
    {'line': 1, 'column': 6}
    """
    message = str(exc)
    match = _POSITION.match(message)
    if match is None:
        return SparqlSyntaxError(f"invalid SPARQL {kind}: {message[:300]}")
    line, column, reason = int(match[1]), int(match[2]), " ".join(match[3].split())
    if len(reason) > 200:
        reason = reason[:200] + "..."
    return SparqlSyntaxError(
        f"invalid SPARQL {kind} at line {line}, column {column}: {reason}",
        line=line,
        column=column,
    )

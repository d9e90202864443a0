"""Step 2: decide what a SPARQL operation would do from a real parser's tree.

The guard reads the text with rdflib's SPARQL 1.1 grammar (pyparsing) and looks at the
tree, never at tokens of our own: a ``SERVICE``, a ``LOAD``, a ``FROM`` or a written graph
is whatever the grammar says it is, wherever it sits. Text the analyser cannot parse is
refused (400), even where pyoxigraph would accept it: fail closed.

Two parsers read the same text, so whatever they could read differently is removed first:

- **Codepoint escapes** (``\\uXXXX``, ``\\UXXXXXXXX``, SPARQL 1.1 section 19.2) are
  expanded here, by the spec's rule, and carriage returns become line feeds (rdflib ends
  a comment at LF only, SPARQL and pyoxigraph at CR too); the result is both what is
  analysed and what runs. rdflib's own expander reads ``\\u`` with eight digits and
  ``\\U`` with four, pyoxigraph does not; after expansion no escape is left for either
  to read (a text that still holds one, say from ``\\u005Cu0041``, is refused).
- **Graph names** that an update writes must be absolute IRIs: relative ones would be
  resolved by two different resolvers (Python's ``urljoin`` in rdflib, RFC 3986 in
  pyoxigraph). ``BASE`` is ignored while finding write targets, so a relative name stays
  relative and is refused; so is one with a ``.``/``..`` segment. Local-name escapes
  (``g:a\\-b``) are unescaped as pyoxigraph does.
- **Prefixed names** with more than one unescaped ``.`` in the local part are refused:
  pyoxigraph 0.5 reads them as several tokens.

rdflib's parser is recursive in Python: past the recursion limit it raises
``RecursionError``, which is a 400 here. The query workers raise that limit
(``worker_process.RECURSION_LIMIT``), which still keeps the analysis far below the depth
at which pyoxigraph's own recursive parser would overflow its stack (about 10,000 levels).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import pyparsing as pp
from rdflib.plugins.sparql import parser as grammar
from rdflib.plugins.sparql.parserutils import Comp, CompValue, ParamList
from rdflib.term import Variable

from service.http.errors import BadRequest, Forbidden, SparqlSyntaxError

#: The default graph, as a write target.
DEFAULT_GRAPH = ""
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What rdflib's expander (case-insensitive, 4 or 8 digits) or pyoxigraph's would read.
_LEFTOVER_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
#: SPARQL's PN_LOCAL_ESC: a backslash before one of these stands for the character.
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")
_WIDE_SCOPES = ("ALL", "NAMED")
_UNESCAPED_DOT = re.compile(r"(?<!\\)\.")
#: A ``.`` or ``..`` path segment: some stores resolve it away, some keep it.
_DOT_SEGMENT = re.compile(r"/\.\.?(?=/|$|[?#])")


def expand_codepoints(text: str) -> str:
    r"""``text`` with its ``\u``/``\U`` escapes replaced by the characters they stand for.

    >>> expand_codepoints(r"ASK { <http://x/\u0041> ?p ?o }")
    'ASK { <http://x/A> ?p ?o }'
    >>> expand_codepoints(r"ASK { <http://x/\u005Cu0022> ?p ?o }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    service.http.errors.BadRequest: a \u or \U escape is left after expanding escapes once ...
    """

    def character(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise BadRequest(f"{match[0]} is not a Unicode code point")
        return chr(code)

    expanded = _CODEPOINT.sub(character, text)
    leftover = _LEFTOVER_ESCAPE.search(expanded)
    if leftover is not None:
        raise BadRequest(
            "a \\u or \\U escape is left after expanding escapes once "
            f"(at character {leftover.start()}); write the character itself"
        )
    return expanded


def canonical_text(text: str) -> str:
    r"""The text both parsers read: codepoint escapes expanded, then every carriage return
        made a line feed.

        SPARQL ends a comment at CR or LF; rdflib's grammar ends it at LF only, so ``# x
    SERVICE``
        would hide a SERVICE from the analyser that pyoxigraph then runs. Outside comments a
        CR is white space, or (in a long string) a character the caller could have sent as
        ``
    ``.

        >>> canonical_text("ASK { # c\rSERVICE <http://h/> {} }")
        'ASK { # c\nSERVICE <http://h/> {} }'
    """
    return expand_codepoints(text).replace("\r\n", "\n").replace("\r", "\n")


def _syntax_error(exc: Exception, text: str, kind: str) -> SparqlSyntaxError:
    if isinstance(exc, RecursionError):
        return SparqlSyntaxError(
            f"the {kind} nests brackets too deeply for the analyser; flatten it"
        )
    if isinstance(exc, pp.ParseBaseException):
        line, column = exc.lineno, exc.col
        near = text[exc.loc : exc.loc + 30].split("\n")[0]
        return SparqlSyntaxError(
            f"invalid SPARQL {kind} at line {line}, column {column}, near {near!r}",
            line=line,
            column=column,
        )
    return SparqlSyntaxError(f"invalid SPARQL {kind}: {str(exc)[:300]}")


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every rule node of a parse tree, at any depth (without recursion)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(dict.values(item))  # raw values: no prefix resolution on reading
        elif isinstance(item, pp.ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _refuse_unclear_names(tree: Any) -> None:
    """400 for a prefixed name whose local part has more than one unescaped dot.

    The grammar allows ``p:a.b.c``; pyoxigraph 0.5 reads only one dot there and the rest
    as separate tokens, so ``p:a.b.SERVICE:s`` would be one name to the analyser and a
    SERVICE call to the engine. Escaped dots (``p:a\\.b\\.c``) read the same in both.
    """
    for node in _nodes(tree):
        if node.name == "pname":
            local = str(dict.get(node, "localname") or "")
            if len(_UNESCAPED_DOT.findall(local)) > 1:
                raise SparqlSyntaxError(
                    f"the prefixed name {dict.get(node, 'prefix') or ''}:{local} has more than"
                    " one '.'; escape them (\\.) or write the IRI in full"
                )


def _refuse_remote(tree: Any) -> None:
    """403 if the engine would open a connection: ``SERVICE`` anywhere, or ``LOAD``."""
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise Forbidden("federated queries (SERVICE) are not allowed on this endpoint")
        if node.name == "Load":
            raise Forbidden("LOAD is not allowed: this endpoint never fetches URLs")


@dataclass(frozen=True)
class QueryAnalysis:
    """What a query does, as far as the endpoint cares."""

    #: The text to run: the caller's, with codepoint escapes expanded.
    text: str
    #: True if the query names its own dataset (``FROM`` / ``FROM NAMED``).
    names_dataset: bool


@lru_cache(maxsize=1024)
def analyse_query(text: str) -> QueryAnalysis:
    """Parse a query; 400 if it does not parse, 403 if it would open a connection.

    >>> analyse_query("SELECT * FROM <http://e/g> { ?s ?p ?o }").names_dataset
    True
    >>> analyse_query('SELECT * { <http://e/\\u0022> ?p "x" SERVICE <http://h/> {} }')
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    service.http.errors.SparqlSyntaxError: invalid SPARQL query at line 1, column 12, near ...
    """
    expanded = canonical_text(text)
    try:
        tree = grammar.Query.parse_string(expanded, parse_all=True)
    except (pp.ParseBaseException, RecursionError, ValueError) as exc:
        raise _syntax_error(exc, expanded, "query") from None
    _refuse_unclear_names(tree)
    _refuse_remote(tree)
    names_dataset = any(node.name == "DatasetClause" for node in _nodes(tree[-1]))
    return QueryAnalysis(expanded, names_dataset)


@dataclass(frozen=True)
class UpdateOperation:
    """One operation of an update: what it is, where its text is, what it writes."""

    name: str
    start: int
    end: int
    #: Graph IRIs it may write; ``DEFAULT_GRAPH`` for the default graph.
    writes: frozenset[str]
    #: ``ALL`` or ``NAMED`` for a ``CLEAR``/``DROP`` of many graphs, else None.
    wide_scope: str | None
    #: True if it carries its own dataset (``USING`` or ``WITH``).
    names_dataset: bool
    using: tuple[str, ...]

    @property
    def has_where(self) -> bool:
        """True for a ``Modify``, the operations that take ``USING``."""
        return self.name == "Modify"


@dataclass(frozen=True)
class UpdateAnalysis:
    """What an update does: its expanded text and its operations in order."""

    text: str
    operations: tuple[UpdateOperation, ...]

    @property
    def writes(self) -> frozenset[str]:
        return frozenset().union(*(op.writes for op in self.operations))


def _located_update() -> pp.ParserElement:
    """rdflib's ``Update`` rule, with each operation's start and end kept."""
    rest = pp.Forward()
    operation = pp.Located(grammar.Update1)
    rest <<= ParamList("prologue", grammar.Prologue) + pp.Optional(
        ParamList("request", operation) + pp.Optional(";" + rest)
    )
    unit = Comp("Update", rest)
    unit.ignore("#" + pp.rest_of_line)
    return unit


_UPDATE = _located_update()


class _Names:
    """Graph names of an update's parse tree, read as pyoxigraph reads them: ``<iri>`` as
    written, ``p:local`` as the declared namespace plus the local part with its escapes
    undone. ``BASE`` is not applied (see the module docstring), so a relative name stays
    relative, and is refused."""

    def __init__(self) -> None:
        self.prefixes: dict[str, str] = {}

    def declare(self, prologue: Any) -> None:
        for decl in prologue:
            if getattr(decl, "name", None) == "PrefixDecl":
                self.prefixes[str(dict.get(decl, "prefix") or "")] = str(dict.get(decl, "iri"))

    def graph(self, term: object) -> str:
        """The absolute IRI a written graph name stands for; else 403."""
        if isinstance(term, Variable):
            raise Forbidden(
                f"cannot tell which graph GRAPH ?{term} writes; name write targets with IRIs"
            )
        if isinstance(term, CompValue) and term.name == "pname":
            prefix = str(dict.get(term, "prefix") or "")
            if prefix not in self.prefixes:
                raise BadRequest(f"the prefix {prefix!r}: is not declared")
            local = _LOCAL_ESCAPE.sub(r"\1", str(dict.get(term, "localname") or ""))
            iri = self.prefixes[prefix] + local
        else:
            iri = str(term)
        try:
            iri = ox.NamedNode(iri).value
        except ValueError:
            raise Forbidden(
                f"<{iri}> is not an absolute IRI; name the graphs an update writes in full"
            ) from None
        if _DOT_SEGMENT.search(iri.split("://", 1)[-1]):
            raise Forbidden(f"<{iri}> has a '.' or '..' segment; write the graph's IRI plainly")
        return iri

    def template(self, quads: Any, default: str) -> set[str]:
        """The graphs a ``Quads`` block (data or template) writes."""
        if not quads:
            return set()
        writes = {self.graph(block["term"]) for block in dict.get(quads, "quadsNotTriples") or []}
        if dict.get(quads, "triples"):
            writes.add(default)
        return writes

    def target(self, term: object) -> str:
        return DEFAULT_GRAPH if term == "DEFAULT" else self.graph(term)


def _writes(op: CompValue, names: _Names) -> tuple[set[str], str | None]:
    """The graphs one operation writes, and its wide scope (ALL, NAMED) if any."""
    name = op.name
    if name in ("Clear", "Drop", "Create"):
        target = dict.get(op, "graphiri")
        if target in _WIDE_SCOPES:
            return set(), str(target)
        return {names.target(target)}, None
    if name in ("Add", "Copy", "Move"):
        source, target = dict.get(op, "graph") or (None, None)
        return {names.target(g) for g in ([target, source] if name == "Move" else [target])}, None
    if name in ("InsertData", "DeleteData", "DeleteWhere"):
        return names.template(dict.get(op, "quads"), DEFAULT_GRAPH), None
    if name == "Modify":
        with_graph = dict.get(op, "withClause")
        default = DEFAULT_GRAPH if with_graph is None else names.graph(with_graph)
        writes: set[str] = set()
        for part in (dict.get(op, "delete"), dict.get(op, "insert")):
            if part:
                writes |= names.template(dict.get(part, "quads"), default)
        return writes, None
    raise Forbidden(f"the update operation {name} is not allowed on this endpoint")


def _operations(tree: CompValue) -> Iterator[UpdateOperation]:
    names = _Names()
    prologues = list(dict.get(tree, "prologue") or [])
    for index, (start, (op,), end) in enumerate(dict.get(tree, "request") or []):
        names.declare(prologues[index])
        writes, wide_scope = _writes(op, names)
        clauses = dict.get(op, "using") or []
        using = tuple(
            names.graph(dict.get(clause, "default") or dict.get(clause, "named"))
            for clause in clauses
        )
        yield UpdateOperation(
            name=op.name,
            start=start,
            end=end,
            writes=frozenset(writes),
            wide_scope=wide_scope,
            names_dataset=bool(using) or dict.get(op, "withClause") is not None,
            using=using,
        )


_NEXT_OPERATION = pp.Suppress(pp.Optional(";")) + grammar.Prologue + grammar.Update1
_NEXT_OPERATION.ignore("#" + pp.rest_of_line)


def _failed_operation(expanded: str, exc: pp.ParseBaseException) -> pp.ParseBaseException:
    """The error inside the first operation that does not parse.

    The update rule makes every operation optional, so its own error points at the end of
    the last good one; parsing the next operation alone says where inside it things went
    wrong.
    """
    try:
        parsed = _UPDATE.parse_string(expanded, parse_all=False)[0]
        located = list(dict.get(parsed, "request") or [])
        start = located[-1][2] if located else 0
        _NEXT_OPERATION.parse_string(expanded[start:])
    except pp.ParseBaseException as inner:
        return pp.ParseException(expanded, start + inner.loc, inner.msg)
    except RecursionError:
        pass
    return exc


def analyse_update(text: str) -> UpdateAnalysis:
    """Parse an update; 400 if it does not parse, 403 for LOAD, SERVICE or an unknowable
    write target (``GRAPH ?g`` in a template, a relative graph name)."""
    expanded = canonical_text(text)
    try:
        tree = _UPDATE.parse_string(expanded, parse_all=True)[0]
    except pp.ParseBaseException as exc:
        raise _syntax_error(_failed_operation(expanded, exc), expanded, "update") from None
    except (RecursionError, ValueError) as exc:
        raise _syntax_error(exc, expanded, "update") from None
    _refuse_unclear_names(tree)
    _refuse_remote(tree)
    return UpdateAnalysis(expanded, tuple(_operations(tree)))

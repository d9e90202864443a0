"""The wire side of a remote SPARQL 1.1 store: authentication, query forms, answers.

Kept apart from ``remote_store`` so that the adapter reads as the ``Store`` methods only.
Everything here turns what a SPARQL server sends into what pyoxigraph would have returned
in-process, so code written against ``EmbeddedStore`` runs unchanged on a remote store.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Generator, Iterator

import httpx
import pyoxigraph as ox

from ontology.vocab import SPARQL_RESULTS_XML

#: ``Accept`` for SELECT and ASK. XML, not JSON: Virtuoso 7 writes booleans as ``1``/``0``
#: and uses the pre-standard ``typed-literal`` in JSON, but canonical forms in XML.
RESULTS_XML = "application/sparql-results+xml"
#: ``Accept`` for CONSTRUCT and DESCRIBE.
N_TRIPLES = "application/n-triples"

_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE
)
_FORM = re.compile(r"[A-Za-z]+")
_BNODE = re.compile(r"<bnode>([^<]*)</bnode>")
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
#: SQL state that Virtuoso (and others that copy it) puts on SPARQL syntax errors.
_SYNTAX_STATES = ("37000", "SP030")


class RemoteStoreError(OSError):
    """The remote store failed, refused, could not be reached or answered only in part.

    An ``OSError``, as pyoxigraph's own store errors are, so callers that handle a failing
    embedded store handle a failing remote one the same way.
    """


def query_form(sparql: str) -> str:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) after the prologue.

    >>> query_form("PREFIX ak: <https://w3id.org/alignkg/> # c\\nconstruct { ?s ?p ?o } {}")
    'CONSTRUCT'
    >>> query_form("BASE <http://x/#a> ASK {}")
    'ASK'
    """
    prologue = _PROLOGUE.match(sparql)
    found = _FORM.match(sparql, prologue.end() if prologue else 0)
    return found.group(0).upper() if found else ""


def _safe_bnode(match: re.Match[str]) -> str:
    label = _BNODE_UNSAFE.sub("_", match.group(1).removeprefix("nodeID://")) or "b"
    return f"<bnode>{label}</bnode>"


def parse_results_xml(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL XML results as pyoxigraph's solutions or boolean.

    Blank node labels are made valid first: Virtuoso labels them ``nodeID://b10000``.

    >>> xml = b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    >>> xml += b'<variable name="o"/></head><results><result><binding name="o">'
    >>> xml += b'<bnode>nodeID://b1</bnode></binding></result></results></sparql>'
    >>> [row["o"] for row in parse_results_xml(xml)]
    [<BlankNode value=b1>]
    """
    text = _BNODE.sub(_safe_bnode, body.decode("utf-8"))
    return ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.XML)


_BNODE_OPEN = b"<bnode>"
_BNODE_CLOSE = b"</bnode>"


def _complete_part(pending: bytes) -> int:
    """How much of ``pending`` holds only whole ``<bnode>`` elements: up to the start of
    a tag cut by the chunk boundary, or of a ``<bnode>`` whose end has not come yet."""
    opened = pending.rfind(_BNODE_OPEN)
    if opened >= 0 and pending.find(_BNODE_CLOSE, opened) < 0:
        return opened
    last = pending.rfind(b"<")
    return last if last >= 0 and pending.find(b">", last) < 0 else len(pending)


class ResultsStream(io.RawIOBase):
    """A store's answer read chunk by chunk, as a file for pyoxigraph's lazy parsers.

    With ``fix_blank_nodes`` (SPARQL XML results) Virtuoso's blank node labels are made
    valid on the way, as ``parse_results_xml`` does for a whole answer. Past ``deadline``
    (``time.monotonic()``) the next read fails and ``timed_out`` is set: pyoxigraph turns
    an exception from ``read`` into an ``OSError`` of its own, so the caller asks.
    """

    def __init__(
        self, chunks: Iterator[bytes], *, fix_blank_nodes: bool, deadline: float | None = None
    ) -> None:
        self._chunks = chunks
        self._fix = fix_blank_nodes
        self._deadline = deadline
        self._ready = b""
        self._pending = b""
        self._ended = False
        self.timed_out = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._ready and not self._ended:
            self._pull()
        size = min(len(buffer), len(self._ready))
        buffer[:size] = self._ready[:size]
        self._ready = self._ready[size:]
        return size

    def _pull(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.timed_out = True
            raise TimeoutError("the store's answer took longer than the query timeout")
        chunk = next(self._chunks, None)
        if chunk is None:
            self._ended = True
        self._pending += chunk or b""
        cut = len(self._pending) if self._ended or not self._fix else _complete_part(self._pending)
        whole, self._pending = self._pending[:cut], self._pending[cut:]
        if self._fix and whole:
            text = _BNODE.sub(_safe_bnode, whole.decode("utf-8", errors="surrogateescape"))
            whole = text.encode("utf-8", errors="surrogateescape")
        self._ready += whole


def ask_answer(answer: ox.QuerySolutions | ox.QueryBoolean) -> ox.QueryBoolean:
    """An ASK answer as a boolean, also when sent as rows (Virtuoso: ``__ASK_RETVAL``).

    Virtuoso 7 answers ASK with one variable bound to 1 when true and no row when false.
    """
    if isinstance(answer, ox.QueryBoolean):
        return answer
    value = any(
        row[0] is not None and row[0].value not in ("0", "false")  # type: ignore[union-attr]
        for row in answer
    )
    boolean = f"<boolean>{str(value).lower()}</boolean>"
    body = f'<sparql xmlns="{SPARQL_RESULTS_XML}"><head/>{boolean}</sparql>'
    parsed = ox.parse_query_results(body.encode(), format=ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QueryBoolean)
    return parsed


def parse_triples(body: bytes) -> list[ox.Triple]:
    """An N-Triples answer (CONSTRUCT, DESCRIBE, Graph Store GET) as pyoxigraph triples."""
    try:
        parsed = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)  # quads in the default graph
        return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
    except SyntaxError as exc:
        raise RemoteStoreError(f"the store sent N-Triples that do not parse: {exc}") from exc


#: What Virtuoso says when it cannot evaluate a valid query (not a user's mistake).
_ENGINE_LIMITS = ("transitive derived table",)


def engine_cannot(error: RemoteStoreError) -> bool:
    """True when the store refused a valid query because its engine cannot evaluate it."""
    return any(limit in str(error) for limit in _ENGINE_LIMITS)


def check_answer(response: httpx.Response, *, operation: str) -> None:
    """Raise SyntaxError or RemoteStoreError unless ``response`` is a complete success."""
    if response.is_success:
        if "x-sql-state" in response.headers:  # Virtuoso's "anytime" partial answer
            raise RemoteStoreError(
                f"the store answered the {operation} only in part "
                f"({response.headers['x-sql-state']}: {response.headers.get('x-sql-message')})"
            )
        return
    message = response.text.strip()[:500] or response.reason_phrase
    if response.status_code == 400 and any(state in message for state in _SYNTAX_STATES):
        raise SyntaxError(message)
    raise RemoteStoreError(f"the store refused the {operation} ({response.status_code}): {message}")


class ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server asks for in its first challenge.

    Virtuoso's ``/sparql-auth`` wants Digest; Fuseki, GraphDB and most proxies want Basic.
    """

    requires_response_body = True

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {
            "basic": httpx.BasicAuth(user, password),
            "digest": httpx.DigestAuth(user, password),
        }
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("www-authenticate", "").lower()
        if response.status_code != 401 or not challenge:
            return
        self._chosen = self._schemes["digest" if challenge.startswith("digest") else "basic"]
        yield from self._chosen.auth_flow(request)

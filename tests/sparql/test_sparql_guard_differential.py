"""The guard against the engine: whatever the analyser lets through, pyoxigraph runs
without opening a connection and without changing a protected graph.

The texts are generated: every IRI, keyword and prefixed name can be spelled with
codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``), local-name escapes (``p:a\\-b``), mixed
case, and be surrounded by comments and strings holding the other quote. Each text is
analysed as the endpoint does, and whatever passes is run here, in this unsandboxed test
process, against a loopback listener and a store holding the protected graphs: so a
mistake in the analyser shows as a connection or a changed graph, not hidden by the
worker sandbox. ``KNOWN_SPELLINGS`` keeps the spellings that fooled the old lexer, or
that the generators found to read differently in rdflib and pyoxigraph.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH, USER_GRAPH_PREFIX
from service.http.errors import AlignKGError
from service.sparql.analysis import analyse_query
from service.sparql.updates import prepare_update
from tests.sparql.recording_listener import RecordingListener

BASE = "http://testserver/sparql"
OTHER_PROTECTED = "https://w3id.org/alignkg/graph/other"
PROTECTED = [str(ONTOLOGY_GRAPH), str(CASES_GRAPH), str(SUBMITTED_GRAPH), OTHER_PROTECTED]
USER_GRAPH = USER_GRAPH_PREFIX + "mine"
#: The listener's address stands in the texts as this marker until a test fills it in.
HERE = "LISTENER"


@pytest.fixture(scope="module")
def listener() -> Iterator[RecordingListener]:
    recorder = RecordingListener()
    yield recorder
    recorder.close()


# --- spellings ---------------------------------------------------------------------------


def _escape(char: str, wide: bool) -> str:
    return f"\\U{ord(char):08X}" if wide else f"\\u{ord(char):04x}"


@st.composite
def escaped(draw: st.DrawFn, text: str) -> str:
    """``text`` with some characters written as codepoint escapes."""
    out = []
    for char in text:
        how = draw(st.sampled_from(["plain", "plain", "plain", "u", "U"]))
        out.append(char if how == "plain" else _escape(char, how == "U"))
    return "".join(out)


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    """A keyword in mixed case, perhaps with escaped letters (SPARQL 1.1 allows both)."""
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
    return draw(escaped(cased)) if draw(st.booleans()) else cased


@st.composite
def iri_ref(draw: st.DrawFn, iri: str) -> tuple[str, str]:
    """(prologue, term): ``iri`` as ``<...>``, escaped or not, or as a prefixed name whose
    local part uses PN_LOCAL escapes. The prologue declares the prefix it needs."""
    form = draw(st.sampled_from(["iri", "escaped", "prefixed", "prefixed-escaped"]))
    if form == "iri":
        return "", f"<{iri}>"
    if form == "escaped":
        return "", "<" + draw(escaped(iri)) + ">"
    cut = draw(st.integers(min_value=iri.index("//") + 2, max_value=len(iri) - 1))
    namespace, local = iri[:cut], iri[cut:]
    if not local or not (local[0].isalnum() or local[0] in "_:") or local.endswith("."):
        return "", f"<{iri}>"
    spelled = "".join(
        f"\\{c}" if c in "-.~!$&'()*+,;=/?#@%" and i else c for i, c in enumerate(local)
    )
    name = draw(st.sampled_from(["p", "x1", "ns"]))
    if form == "prefixed-escaped":
        namespace = draw(escaped(namespace))
    return f"PREFIX {name}: <{namespace}>\n", f"{name}:{spelled}"


NOISE = st.sampled_from(
    [
        "",
        "# a comment ended by a carriage return\r",
        "# ended by an escaped one \\u000D",
        "# ended by CR LF\r\n",
        '# it\'s a "comment" with { and SERVICE\n',
        "# '''\n",
        'BIND("it\'s" AS ?n1)',
        "BIND('say \"hi\"' AS ?n2)",
        'BIND("""a "quoted" }""" AS ?n3)',
        "BIND('''it's''' AS ?n4)",
        "BIND(<http://x.example/it's> AS ?n5)",
        "BIND(<http://x.example/\\u0027> AS ?n6)",
        'FILTER(?n7 != "SERVICE <x> {}")',
    ]
)


@st.composite
def service_queries(draw: st.DrawFn) -> str:
    """A query calling the listener through SERVICE, spelled every way we can think of."""
    prologue, endpoint = draw(iri_ref(f"http://{HERE}/sparql"))
    service = draw(keyword("SERVICE"))
    silent = draw(st.sampled_from(["", " " + draw(keyword("SILENT"))]))
    call = f"{service}{silent} {endpoint} {{ ?s ?p ?o }}"
    if draw(st.booleans()):
        call = draw(
            st.sampled_from(
                [
                    f"VALUES ?svc {{ {endpoint} }} {service}{silent} ?svc {{ ?s ?p ?o }}",
                    # A local name with several dots: one name to the grammar, several tokens to
                    # pyoxigraph 0.5, which then reads SERVICE.
                    f"?s ?p p9:a.b.{service}{silent} {endpoint} {{ ?s ?p ?o }}",
                    f"?s ?p p9:a.b # \r{service}{silent} {endpoint} {{ ?s ?p ?o }}",
                ]
            )
        )
        prologue += "PREFIX p9: <http://e.example/>\n"
    if draw(st.booleans()):
        call = f"{{ SELECT * {{ {call} }} }}"
    before, after = draw(NOISE), draw(NOISE)
    select = draw(keyword("SELECT"))
    where = draw(st.sampled_from(["", " " + draw(keyword("WHERE"))]))
    return f"{prologue}{select} *{where} {{ {before}\n BIND(1 AS ?one) {call}\n {after} }}"


@st.composite
def protected_writes(draw: st.DrawFn) -> str:
    """An update that tries to change a protected graph, or to fetch from the listener."""
    graph = draw(st.sampled_from(PROTECTED))
    prologue, target = draw(iri_ref(graph))
    data = "<http://e.example/s> <http://e.example/p> <http://e.example/o>"
    local = graph.rsplit("/", 1)[1]
    every = draw(st.sampled_from(["ALL", "NAMED", "all", "GRAPH " + target]))
    fetch = f"SERVICE <http://{HERE}/s> {{ ?s ?p ?o }}"
    shapes = [
        f"{draw(keyword('INSERT'))} {draw(keyword('DATA'))} {{ GRAPH {target} {{ {data} }} }}",
        f"DELETE DATA {{ GRAPH {target} {{ <{graph}#a> <{graph}#b> <{graph}#c> }} }}",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"DELETE WHERE {{ GRAPH {target} {{ ?s ?p ?o }} }}",
        f"WITH {target} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f"WITH {target} INSERT {{ {data} }} WHERE {{ }}",
        f"{draw(keyword('CLEAR'))} {every}",
        f"{draw(keyword('DROP'))} SILENT {every}",
        f"MOVE {target} TO <{USER_GRAPH}>",
        f"COPY <{USER_GRAPH}> TO {target}",
        f"ADD DEFAULT TO {target}",
        f"{draw(keyword('LOAD'))} <http://{HERE}/data.ttl> INTO GRAPH <{USER_GRAPH}>",
        f"INSERT {{ GRAPH <{USER_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {fetch} }}",
        f"BASE <https://w3id.org/alignkg/graph/> INSERT DATA {{ GRAPH <{local}> {{ {data} }} }}",
        f"INSERT DATA {{ GRAPH <{USER_GRAPH}/../../{local}> {{ {data} }} }}",
    ]
    first = draw(st.sampled_from(shapes))
    harmless = f"INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ {data} }} }}"
    ops = [harmless, first] if draw(st.booleans()) else [first]
    return prologue + draw(NOISE) + " ;\n".join(ops)


# --- running what the guard lets through --------------------------------------------------


def _fill(text: str, listener: RecordingListener) -> str:
    return text.replace(HERE, f"127.0.0.1:{listener.port}")


def _protected_store() -> ox.Store:
    store = ox.Store()
    for graph in PROTECTED:
        node = ox.NamedNode(graph)
        for i in range(3):
            store.add(
                ox.Quad(
                    ox.NamedNode(f"{graph}#s{i}"), ox.NamedNode(f"{graph}#p"), ox.Literal(i), node
                )
            )
    store.add(
        ox.Quad(
            ox.NamedNode("http://e.example/u"),
            ox.NamedNode("http://e.example/p"),
            ox.Literal("u"),
            ox.NamedNode(USER_GRAPH),
        )
    )
    return store


def _protected_content(store: ox.Store) -> set[ox.Quad]:
    return {
        q for g in PROTECTED for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
    }


def _run_query_if_allowed(text: str) -> bool:
    """Analyse ``text``; if allowed, run its analysed text to the end. True if it ran."""
    try:
        analysis = analyse_query(text)
    except AlignKGError:
        return False
    try:
        answer = _protected_store().query(analysis.text, base_iri=BASE)
        if isinstance(answer, ox.QuerySolutions | ox.QueryTriples):
            list(answer)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass
    return True


def _run_update_if_allowed(store: ox.Store, text: str) -> bool:
    """Prepare ``text`` as the endpoint does; if allowed, run the prepared text."""
    user_graphs = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    try:
        prepared = prepare_update(text, user_graphs=user_graphs)
    except AlignKGError:
        return False
    with contextlib.suppress(SyntaxError, OSError, ValueError, RuntimeError):
        store.update(prepared.text, base_iri=BASE)
    return True


# --- the properties -------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    # Each example parses and runs SPARQL (milliseconds); the generators are not the cost.
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(query=service_queries())
def test_no_query_the_guard_allows_opens_a_connection(
    listener: RecordingListener, query: str
) -> None:
    _run_query_if_allowed(_fill(query, listener))
    assert listener.connections_before_sentinel() == []


@SETTINGS
@given(update=protected_writes())
def test_no_update_the_guard_allows_changes_a_protected_graph(
    listener: RecordingListener, update: str
) -> None:
    store = _protected_store()
    before = _protected_content(store)
    _run_update_if_allowed(store, _fill(update, listener))
    assert _protected_content(store) == before
    assert listener.connections_before_sentinel() == []


#: Spellings that fooled the old lexer or read differently in rdflib and pyoxigraph.
KNOWN_SPELLINGS = {
    # The issue's own: an escape makes the IRI unreadable to a lexer that skips IRIs by
    # a pattern without backslashes; its quote then opens a "string" that hides SERVICE.
    "escape then quote in an IRI": "SELECT * { <http://x.example/'\\u0041> ?p ?o . "
    "SERVICE <http://LISTENER/s> { ?s ?p ?o } FILTER(?o != '') }",
    "SERVICE spelled with escapes": "SELECT * { BIND(1 AS ?x) "
    "\\u0053ERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    # rdflib's expander takes \\u with 8 digits; pyoxigraph reads 4 and keeps the rest.
    "\\u with eight hex digits": "SELECT * { <http://x.example/\\u00410041> ?p ?o . "
    "SERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    # rdflib's expander takes \\U with 4 digits; pyoxigraph refuses it.
    "\\U with four hex digits": "SELECT * { BIND(<http://x.example/\\U0041> AS ?x) "
    "SERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    "escaped backslash that forms another escape": "SELECT * { BIND('\\u005Cu0027' AS ?x) "
    "SERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    "comment holding a quote": "SELECT * { # it's\n SERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    "long string holding the other quote": 'SELECT * { BIND("""it\'s""" AS ?x) '
    "SERVICE <http://LISTENER/s> { ?s ?p ?o } }",
    "SERVICE by variable": "SELECT * { VALUES ?e { <http://LISTENER/s> } SERVICE ?e { ?s ?p ?o } }",
    # Found in review: rdflib ends a comment at LF only, SPARQL (and pyoxigraph) at CR too.
    "comment ended by a carriage return": "SELECT * WHERE { BIND(1 AS ?x) # x\r"
    "SERVICE <http://LISTENER/s> { BIND(2 AS ?y) }\n}",
    "comment ended by an escaped carriage return": "SELECT * WHERE { BIND(1 AS ?x) # x"
    "\\u000DSERVICE <http://LISTENER/s> { BIND(2 AS ?y) }\n}",
    # Found in review: pyoxigraph 0.5 reads one '.' in a local name, the grammar any number.
    "local name with two dots": "PREFIX p: <http://e.example/> PREFIX : <http://LISTENER/> "
    "SELECT * { BIND(1 AS ?x) ?s ?p p:a.b.SERVICE:s { BIND(2 AS ?y) } }",
}

KNOWN_UPDATES = {
    "carriage return hides a DROP": "INSERT DATA { GRAPH <https://w3id.org/alignkg/graph/user/m> "
    "{ <a:a> <a:b> <a:c> } } # \r; DROP GRAPH <https://w3id.org/alignkg/graph/ontology>\n",
    "escaped carriage return hides a LOAD": "INSERT DATA { <a:a> <a:b> <a:c> } # "
    "\\u000D; LOAD <http://LISTENER/d.ttl>\n",
    "escape then quote hides LOAD": "INSERT DATA { GRAPH <http://x.example/'\\u0041> "
    "{ <a:a> <a:b> 'x' } } ; LOAD <http://LISTENER/d.ttl> ; INSERT DATA { <a:a> <a:b> '' }",
    "local-name escape of a protected graph": "PREFIX g: <https://w3id.org/alignkg/graph/> "
    "INSERT DATA { GRAPH g:ont\\ology { <a:a> <a:b> <a:c> } }",
    "percent-free dot segments": "INSERT DATA { GRAPH "
    "<https://w3id.org/alignkg/graph/user/../ontology> { <a:a> <a:b> <a:c> } }",
    "relative graph under a protected BASE": "BASE <https://w3id.org/alignkg/graph/> "
    "INSERT DATA { GRAPH <cases> { <a:a> <a:b> <a:c> } }",
    "escaped protected graph": "INSERT DATA { GRAPH "
    "<https://w3id.org/alignkg/graph/\\u006Fntology> { <a:a> <a:b> <a:c> } }",
}


@pytest.mark.parametrize("name", sorted(KNOWN_SPELLINGS))
def test_known_query_spellings_are_refused(listener: RecordingListener, name: str) -> None:
    text = _fill(KNOWN_SPELLINGS[name], listener)
    assert not _run_query_if_allowed(text)
    assert listener.connections_before_sentinel() == []


@pytest.mark.parametrize("name", sorted(KNOWN_UPDATES))
def test_known_update_spellings_change_nothing(listener: RecordingListener, name: str) -> None:
    store = _protected_store()
    before = _protected_content(store)
    _run_update_if_allowed(store, _fill(KNOWN_UPDATES[name], listener))
    assert _protected_content(store) == before
    assert listener.connections_before_sentinel() == []


def test_the_harness_sees_a_write_and_a_connection(listener: RecordingListener) -> None:
    """Control: without the guard, the same harness records both kinds of harm."""
    store = _protected_store()
    before = _protected_content(store)
    store.update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <a:a> <a:b> <a:c> }} }}")
    assert _protected_content(store) != before
    list(
        ox.Store().query(
            _fill("SELECT * { SERVICE SILENT <http://LISTENER/s> { ?s ?p ?o } }", listener)
        )
    )
    assert len(listener.connections_before_sentinel()) == 1
    listener.accepted.clear()


def test_ordinary_queries_and_updates_pass_the_guard() -> None:
    """The guard is not a wall against everything: plain reads and user writes go through."""
    assert _run_query_if_allowed("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    store = _protected_store()
    assert _run_update_if_allowed(
        store, f"INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <a:a> <a:b> 1 }} }}"
    )
    assert _run_update_if_allowed(store, "CLEAR ALL")
    assert list(store.quads_for_pattern(None, None, None, ox.NamedNode(USER_GRAPH))) == []
    assert len(_protected_content(store)) == 3 * len(PROTECTED)

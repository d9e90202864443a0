"""SPARQL speed: alignkg's engine (pyoxigraph, as the query workers run it) against
rdflib's own SPARQL engine, on the same data in the same run.

Two datasets: alignkg's real dataset (ontology + documented cases), and a generated one
about 250x larger (~1M triples) shaped like it: classes with labels, definitions,
subclass chains, per-framing definitions, sources and failure cases with verdicts.
Each query is timed a bounded number of times within a time budget; we report medians
and the ratio rdflib / pyoxigraph. Run: ``python -m bench.sparql``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ontology.vocab import (
    BASE,
    CASES_GRAPH,
    DCTERMS,
    ONTOLOGY_GRAPH,
    OWL,
    RDF,
    RDFS,
    SKOS,
    XSD_BOOLEAN,
)
from service.app import open_store
from service.settings import Settings
from service.sparql.examples import EXAMPLES, PROLOGUE

RESULTS = Path(__file__).with_name("results") / "sparql.md"
#: Seconds of rdflib timing per dataset; past it, rdflib is skipped (pyoxigraph still runs).
REAL_BUDGET_S = 30.0
GENERATED_BUDGET_S = 150.0
PER_QUERY_BUDGET_S = {"pyoxigraph": 1.5, "rdflib": 6.0}
MAX_RUNS = {"pyoxigraph": 20, "rdflib": 5}
GENERATED_CLASSES = 110_000
GENERATED_CASES = 30_000


def fixed_queries(term: str, deep_term: str) -> list[tuple[str, str]]:
    """(name, query): lookups researchers run, then the query page's examples."""
    queries = [
        ("term lookup", f"SELECT ?p ?o {{ <{term}> ?p ?o }}"),
        ("ancestors (subClassOf+)", f"SELECT ?a {{ <{deep_term}> rdfs:subClassOf+ ?a }}"),
        (
            "label search",
            'SELECT ?t ?l { ?t rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "misgeneral")) }',
        ),
        (
            "counts by class",
            "SELECT ?c (COUNT(?x) AS ?n) { ?x a ?c } GROUP BY ?c ORDER BY DESC(?n)",
        ),
    ]
    queries += [(f"example: {title}", body) for title, body in EXAMPLES]
    return [(name, PROLOGUE + query) for name, query in queries]


def real_dataset() -> bytes:
    """alignkg's own dataset as N-Quads (ontology and documented-case graphs)."""
    store = open_store(Settings(data_dir=None))
    return store.dump(ox.RdfFormat.N_QUADS)


Lit = tuple[str, str | None, str | None]  # value, language, datatype
Term = str | Lit  # an IRI, or a literal
Row = tuple[str, str, Term, str]  # subject, predicate, object, graph


def generated_rows(classes: int, cases: int) -> Iterator[Row]:
    """A synthetic dataset shaped like alignkg's: a class tree, definitions, cases."""
    onto, case_graph = str(ONTOLOGY_GRAPH), str(CASES_GRAPH)
    for i in range(classes):
        node = f"{BASE}Gen{i}"
        words = f"generated {'misgeneralization' if i % 97 == 0 else 'concept'} {i}"
        parent = f"{BASE}Gen{(i - 1) // 10}" if i else f"{BASE}AlignmentConcept"
        yield node, RDF + "type", OWL + "Class", onto
        yield node, RDFS + "label", (words, "en", None), onto
        yield node, SKOS + "definition", (f"A {words} used to test scale.", "en", None), onto
        yield node, RDFS + "subClassOf", parent, onto
        yield node, DCTERMS + "source", f"{BASE}source/Src{i % 1000}", onto
        if i % 4 == 0:
            d = f"{node}/definition/{i % 6}"
            yield node, BASE + "hasDefinition", d, onto
            yield d, BASE + "definitionText", (f"framed {words}", "en", None), onto
            yield d, BASE + "framing", f"{BASE}Framing{i % 6}", onto
    for i in range(cases):
        node = f"{BASE}case/gen-{i}"
        yield node, RDF + "type", BASE + "FailureCase", case_graph
        yield node, RDFS + "label", (f"generated case {i}", "en", None), case_graph
        flag = "true" if i % 5 == 0 else "false"
        yield node, BASE + "ambiguous", (flag, None, XSD_BOOLEAN), case_graph
        for f in range(3):
            v = f"{node}/verdict/{f}"
            yield node, BASE + "hasFramingVerdict", v, case_graph
            yield v, BASE + "framing", f"{BASE}Framing{f}", case_graph
            verdict = ("outer", "inner", "both")[(i + f) % 3]
            yield v, BASE + "verdict", (verdict, None, None), case_graph


def _ox_term(term: Term) -> ox.NamedNode | ox.Literal:
    if isinstance(term, str):
        return ox.NamedNode(term)
    value, language, datatype = term
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _rdflib_term(term: Term) -> URIRef | Literal:
    if isinstance(term, str):
        return URIRef(term)
    value, language, datatype = term
    return Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None)


def load_both(nquads: bytes, rows: list[Row]) -> tuple[ox.Store, Graph, float, float]:
    """Both engines holding the same triples; also each one's load time in seconds.

    rdflib gets a plain in-memory Graph (its fastest form); queries use no GRAPH clause,
    and pyoxigraph answers over the union of its named graphs, so both see the same data.
    """
    started = time.perf_counter()
    oxi = ox.Store()
    oxi.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    oxi.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _ox_term(o), ox.NamedNode(g))
        for s, p, o, g in rows
    )
    ox_load = time.perf_counter() - started
    started = time.perf_counter()
    rdf = Graph()
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        rdf.add(
            (
                _rdflib_term(_from_ox(quad.subject)),
                URIRef(quad.predicate.value),
                _rdflib_term(_from_ox(quad.object)),
            )
        )
    rdf.addN((URIRef(s), URIRef(p), _rdflib_term(o), rdf) for s, p, o, _ in rows)
    return oxi, rdf, ox_load, time.perf_counter() - started


def _from_ox(term: object) -> Term:
    if isinstance(term, ox.Literal):
        language = term.language
        datatype = None if language else term.datatype.value
        return (term.value, language, datatype)
    return str(getattr(term, "value", term))


def _time(run: Callable[[], object], engine: str, deadline: float) -> tuple[float, int]:
    """Median seconds of ``run`` over a bounded number of runs (at least one)."""
    samples: list[float] = []
    stop = min(time.monotonic() + PER_QUERY_BUDGET_S[engine], deadline)
    while not samples or (len(samples) < MAX_RUNS[engine] and time.monotonic() < stop):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), len(samples)


def _consume(answer: object) -> object:
    return answer if isinstance(answer, bool | ox.QueryBoolean) else list(answer)  # type: ignore[call-overload]


def _oxigraph_run(store: ox.Store, query: str) -> Callable[[], object]:
    return lambda: _consume(store.query(query, use_default_graph_as_union=True))


def _rdflib_run(graph: Graph, query: str) -> Callable[[], object]:
    return lambda: _consume(graph.query(query))


def compare(
    label: str, data: tuple[bytes, list[Row]], queries: list[tuple[str, str]], budget_s: float
) -> tuple[list[list[str]], str]:
    """Load ``data`` into both engines and time every query on each, within ``budget_s``."""
    oxi, rdf, ox_load, rdf_load = load_both(*data)
    size = f"{len(oxi):,}"
    note = f"{label}: {size} triples; load {ox_load:.1f} s pyoxigraph, {rdf_load:.1f} s rdflib"
    print(note, file=sys.stderr)
    deadline = time.monotonic() + budget_s
    rows, ox_medians = [], []
    for name, query in queries:
        ox_s, ox_n = _time(_oxigraph_run(oxi, query), "pyoxigraph", deadline + 60)
        ox_medians.append(ox_s)
        rows.append([name, label, size, f"{ox_s * 1e3:.2f}", "-", "-", f"{ox_n}/0"])
    # rdflib in order of pyoxigraph's cost, so a spent budget skips only the heaviest scans
    for index in sorted(range(len(rows)), key=lambda i: ox_medians[i]):
        row, query = rows[index], queries[index][1]
        if time.monotonic() >= deadline:
            row[6] += " (rdflib not run: time budget)"
            continue
        rd_s, rd_n = _time(_rdflib_run(rdf, query), "rdflib", deadline)
        ratio = rd_s / ox_medians[index]
        row[4:] = [f"{rd_s * 1e3:.1f}", f"{ratio:.0f}x", row[6].replace("/0", f"/{rd_n}")]
        print(" | ".join(row), file=sys.stderr)
    return rows, note


def table(rows: list[list[str]]) -> str:
    head = [
        "query",
        "data",
        "triples",
        "pyoxigraph median ms",
        "rdflib median ms",
        "ratio",
        "runs (ox/rdflib)",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    started = time.monotonic()
    real = real_dataset()
    rows, real_note = compare(
        "alignkg",
        (real, []),
        fixed_queries(BASE + "MesaOptimizer", BASE + "DeceptiveAlignment"),
        REAL_BUDGET_S,
    )
    generated = list(generated_rows(GENERATED_CLASSES, GENERATED_CASES))
    deep = f"{BASE}Gen{GENERATED_CLASSES - 1}"
    more, generated_note = compare(
        "generated",
        (real, generated),
        fixed_queries(f"{BASE}Gen{GENERATED_CLASSES // 2}", deep),
        GENERATED_BUDGET_S,
    )
    rows += more
    ratios = [float(r[5].rstrip("x")) for r in rows if r[5].endswith("x")]
    summary = (
        f"Slowest ratio {min(ratios):.0f}x, median {statistics.median(ratios):.0f}x over "
        f"{len(ratios)} timed queries (goal: >= 10x on every query). "
        f"Whole run {time.monotonic() - started:.0f} s."
        if ratios
        else "No query was timed."
    )
    text = table(rows)
    print(text)
    print(summary)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# SPARQL: pyoxigraph (alignkg's engine) vs rdflib's SPARQL engine\n\n"
        "The same triples in both engines, in the same run: pyoxigraph in memory answering "
        "over the union of its named graphs (as alignkg's query workers do), rdflib's SPARQL "
        "engine over an in-memory Graph. Median wall-clock time per query with results fully "
        "consumed; ratio = rdflib / pyoxigraph. Per query at most "
        f"{MAX_RUNS['pyoxigraph']} pyoxigraph runs / {PER_QUERY_BUDGET_S['pyoxigraph']} s and "
        f"{MAX_RUNS['rdflib']} rdflib runs / {PER_QUERY_BUDGET_S['rdflib']} s (at least one).\n\n"
        f"- {real_note}\n- {generated_note} (generated: {GENERATED_CLASSES:,} classes in "
        f"subclass chains with labels, definitions, sources and per-framing definitions; "
        f"{GENERATED_CASES:,} failure cases with framing verdicts)\n\n"
        f"{text}\n\n{summary}\n\nCommand: `.venv/bin/python -m bench.sparql`\n"
    )


if __name__ == "__main__":
    main()

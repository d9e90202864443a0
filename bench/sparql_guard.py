"""What the SPARQL guard costs: parsing a query or update with rdflib's grammar, against
running the same query in pyoxigraph, in the same run.

The analyser runs once per distinct query text in each query worker (an LRU cache keeps
the last 1,024), so the uncached figure is what a new query pays and the cached one what a
repeated query pays. Run: ``python -m bench.sparql_guard``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from service.app import open_store
from service.settings import Settings
from service.sparql.analysis import analyse_query, analyse_update
from service.sparql.examples import EXAMPLES, PROLOGUE
from service.sparql.updates import prepare_update
from service.sparql.worker_process import RECURSION_LIMIT

RESULTS = Path(__file__).with_name("results") / "sparql_guard.md"
RUNS = 30


def _median_us(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: first-use costs (imports, caches) are not what a query pays
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def _run_in(engine: ox.Store, query: str) -> Callable[[], object]:
    def run() -> object:
        answer = engine.query(query, use_default_graph_as_union=True)
        return list(answer) if isinstance(answer, ox.QuerySolutions | ox.QueryTriples) else answer

    return run


def _patterns(n: int) -> str:
    body = " .\n".join(f"?s{i} <http://e.example/p{i % 7}> ?o{i}" for i in range(n))
    return f"SELECT * WHERE {{ {body} }} LIMIT 1"


def _insert(n: int) -> str:
    rows = "\n".join(f'<http://e.example/s{i}> <http://e.example/p> "v{i}" .' for i in range(n))
    return f"INSERT DATA {{ GRAPH <https://w3id.org/alignkg/graph/user/b> {{ {rows} }} }}"


def main() -> None:
    # As in the query workers (worker_process.RECURSION_LIMIT): 1,000 patterns recurse deep.
    sys.setrecursionlimit(RECURSION_LIMIT)
    store = open_store(Settings(data_dir=None))  # type: ignore[arg-type]
    engine = ox.Store()
    engine.extend(store.quads())
    uncached = analyse_query.__wrapped__
    rows = [
        "| query | chars | analyse µs (new text) | analyse µs (cached) | pyoxigraph run µs"
        " | analyse / run |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, body in EXAMPLES:
        query = PROLOGUE + body
        parse = _median_us(lambda q=query: uncached(q))
        cached = _median_us(lambda q=query: analyse_query(q), runs=1000)
        run = _median_us(_run_in(engine, query))
        rows.append(
            f"| example: {name} | {len(query):,} | {parse:,.0f} | {cached:.1f} | {run:,.0f}"
            f" | {parse / run:.1f}x |"
        )
    growth = ["| triple patterns | chars | analyse µs | µs per pattern |", "|---:|---:|---:|---:|"]
    for n in (1, 10, 100, 1000):
        query = _patterns(n)
        parse = _median_us(lambda q=query: uncached(q), runs=max(3, RUNS // max(1, n // 10)))
        growth.append(f"| {n:,} | {len(query):,} | {parse:,.0f} | {parse / n:,.0f} |")
    updates = [
        "| INSERT DATA triples | chars | analyse µs | prepare µs (analyse, check, rewrite) |",
        "|---:|---:|---:|---:|",
    ]
    for n in (1, 100, 1000, 3000):
        text = _insert(n)
        runs = max(3, RUNS // max(1, n // 10))
        parse = _median_us(lambda t=text: analyse_update(t), runs=runs)
        prepared = _median_us(lambda t=text: prepare_update(t, user_graphs=[]), runs=runs)
        updates.append(f"| {n:,} | {len(text):,} | {parse:,.0f} | {prepared:,.0f} |")
    report = "\n".join(
        [
            "# SPARQL guard: the cost of parsing before running",
            "",
            f"Run on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}. "
            "Command: `python -m bench.sparql_guard` (also part of `make bench`).",
            "",
            "Median wall-clock per call on this machine, "
            f"{RUNS} runs after one warm-up (fewer for the largest texts). "
            "`analyse` is `service.sparql.analysis.analyse_query` without its cache (rdflib's "
            "SPARQL grammar on pyparsing, plus the tree walk); `run` is the same query in "
            "pyoxigraph over alignkg's dataset, results consumed. The query examples carry the "
            "query page's prologue (11 PREFIX lines), as they are sent.",
            "",
            *rows,
            "",
            "How the analysis grows with the query (no prologue):",
            "",
            *growth,
            "",
            "Updates (analysed in the query worker before it runs them; bulk data belongs in the "
            "Graph Store, `PUT`/`POST /service`, which no SPARQL parser reads):",
            "",
            *updates,
            "",
        ]
    )
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()

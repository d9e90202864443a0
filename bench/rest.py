"""REST speed: alignkg's term lookup and search against a bare endpoint and rdflib-endpoint.

wrk (Debian package) drives each server on loopback with 32 connections for a bounded
time, requesting random term ids (or search words) through a small Lua script. Every
server runs the same way, one after the other in one run: uvicorn, one worker, uvloop +
httptools, no access log. The servers:

- alignkg ``GET /terms/{id}`` (random CURIEs) and ``GET /search?q=`` (random label words),
- a bare FastAPI endpoint returning a constant dict (the ceiling on this machine),
- rdflib-endpoint over the same ontology file, answering the equivalent SPARQL lookup:
  for a term, what ``GET /terms/{id}`` returns (its statements with the labels of what
  they point to, its definitions with framing and source, its sources' citations, its
  children, the disputes naming it); for search, a label/alt-label ``CONTAINS``. A
  narrower term lookup (the term's own triples only) is run too and reported beside it,
  since that is what a quick client might ask.

Run: ``.venv/bin/python -m bench.rest`` (writes ``bench/results/rest.md``).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from bench.rest_inprocess import CALLS, gc_pause_ms
from bench.rest_inprocess import table as cpu_table
from ontology.files import ONTOLOGY_FILE
from ontology.vocab import shorten

RESULTS = Path(__file__).with_name("results") / "rest.md"
CONNECTIONS = 32
THREADS = 2
SECONDS = 4
ROUNDS = 3
PATHS_PER_SCRIPT = 500
LUA = """
paths = {%s}
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d non2xx=%%d errors=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""
TERM_OWN_TRIPLES_QUERY = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
TERM_RECORD_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX dcterms: <http://purl.org/dc/terms/> "
    "PREFIX ak: <https://w3id.org/alignkg/> "
    "SELECT * WHERE {{ "
    "{{ <{iri}> ?p ?o OPTIONAL {{ ?o rdfs:label ?oLabel }} }} "
    "UNION {{ <{iri}> ak:hasDefinition ?d . ?d ?dp ?do OPTIONAL {{ ?do rdfs:label ?doLabel }} }} "
    "UNION {{ <{iri}> ak:hasDefinition/dcterms:source|dcterms:source ?src . ?src ?sp ?so }} "
    "UNION {{ ?child rdfs:subClassOf <{iri}> ; rdfs:label ?childLabel }} "
    "UNION {{ ?dispute a ak:DisputedRelation ; ?role <{iri}> ; ?dp2 ?do2 }} }}"
)
SEARCH_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?s ?l WHERE {{ ?s rdfs:label|skos:altLabel ?l "
    'FILTER(CONTAINS(LCASE(STR(?l)), "{word}")) }}'
)


#: The kind of the narrower rdflib-endpoint term lookup: no bare or alignkg row pairs with it.
NARROW = "term, own triples"
_FIELDS = ("requests", "duration_us", "p50_us", "p99_us", "non2xx", "errors")


@dataclass(frozen=True)
class Row:
    server: str
    kind: str  # "term" or "search": which rows compare with which
    endpoint: str
    rps: float
    p50_ms: float
    p99_ms: float
    failures: int


def _term_iris() -> list[str]:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return sorted(  # alignkg's own classes (the file also declares a few bibo ones)
        str(s)
        for s in graph.subjects(RDF.type, OWL.Class)
        if (s, RDFS.label, None) in graph and shorten(str(s)).startswith("ak:")
    )


def _words() -> list[str]:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels = [str(o) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(None, p)]
    return sorted({w for label in labels for w in re.findall(r"[a-z]{4,}", label.lower())})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(factory: str, data_dir: Path) -> Iterator[tuple[str, int]]:
    """uvicorn serving ``factory`` on a free port, the same way for every server."""
    port = _free_port()
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(data_dir), "PYTHONPATH": str(Path.cwd())}
    command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--port", str(port)]
    command += [
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urlopen(base + "/docs", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base, process.pid
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _quiesce(pids: list[int], *, limit_s: float = 120) -> None:
    """Wait until every server is idle again (bounded).

    A server that fell behind (rdflib-endpoint on label search) keeps working through
    requests wrk has given up on; measuring the next server meanwhile would charge it
    for that work.
    """
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        before = [_cpu_seconds(p) for p in pids]
        time.sleep(0.5)
        busy = [_cpu_seconds(p) - b for p, b in zip(pids, before, strict=True)]
        if max(busy) < 0.05:
            return


def _write_script(paths: list[str], script: Path) -> list[str]:
    sample = random.Random(4).choices(paths, k=PATHS_PER_SCRIPT)
    script.write_text(LUA % ", ".join(f'"{p}"' for p in sample))
    return sample


def _wrk(base: str, script: Path) -> tuple[float, float, float, int]:
    """One bounded wrk run: (req/s, p50 ms, p99 ms, failed requests)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s"]
    command += ["-s", str(script), base]  # the timeout: slow servers answer late, not fail
    output = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS + 60).stdout
    found = re.search(r"RESULT " + r" ".join(rf"{name}=(\d+)" for name in _FIELDS), output)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, duration, p50, p99, non2xx, errors = (int(g) for g in found.groups())
    return requests / (duration / 1e6), p50 / 1000, p99 / 1000, non2xx + errors


def _plan() -> list[tuple[str, str, list[tuple[str, str, list[str]]]]]:
    iris, words = _term_iris(), _words()
    term_paths = ["/terms/" + quote(shorten(i), safe=":") for i in iris]
    search_paths = ["/search?q=" + quote(w) for w in words]
    sparql_terms = ["/?query=" + quote(TERM_RECORD_QUERY.format(iri=i)) for i in iris]
    sparql_own = ["/?query=" + quote(TERM_OWN_TRIPLES_QUERY.format(iri=i)) for i in iris]
    sparql_search = ["/?query=" + quote(SEARCH_QUERY.format(word=w)) for w in words]
    alignkg = [("term", "GET /terms/{id}", term_paths), ("search", "GET /search?q=", search_paths)]
    sparql = [
        ("term", "SPARQL: what GET /terms/{id} returns", sparql_terms),
        (NARROW, "SPARQL: the term's own triples only", sparql_own),
        ("search", "SPARQL label search", sparql_search),
    ]
    return [
        ("alignkg", "service.app:create_app", alignkg),
        ("bare FastAPI (constant dict)", "bench.rest_apps:bare", alignkg),
        ("rdflib-endpoint", "bench.rest_apps:rdflib_endpoint", sparql),
    ]


def _median_row(runs: list[Row]) -> Row:
    """Each figure's median over the rounds (the machine is shared, so single runs are
    noisy, and a p99 most of all: one stall of the host sets it)."""
    first = runs[0]
    return Row(
        first.server,
        first.kind,
        first.endpoint,
        statistics.median(r.rps for r in runs),
        statistics.median(r.p50_ms for r in runs),
        statistics.median(r.p99_ms for r in runs),
        sum(r.failures for r in runs),
    )


def measure(workdir: Path) -> list[Row]:
    """All servers up at once; ROUNDS interleaved passes, each run once all are idle."""
    with ExitStack() as stack:
        jobs = []
        pids: list[int] = []
        for server, factory, endpoints in _plan():
            base, pid = stack.enter_context(_serve(factory, workdir / server.split()[0]))
            pids.append(pid)
            for kind, endpoint, paths in endpoints:
                script = workdir / f"{len(jobs)}.lua"
                for path in set(_write_script(paths, script)):  # warm each path once
                    urlopen(base + path, timeout=60).read()
                jobs.append((server, kind, endpoint, base, script))
        runs: dict[int, list[Row]] = {n: [] for n in range(len(jobs))}
        for _ in range(ROUNDS):
            for n, (server, kind, endpoint, base, script) in enumerate(jobs):
                _quiesce(pids)
                runs[n].append(Row(server, kind, endpoint, *_wrk(base, script)))
                print(runs[n][-1], flush=True)
    return [_median_row(runs[n]) for n in range(len(jobs))]


HEADER = (
    "| server | endpoint | req/s | p50 ms | p99 ms | failed "
    "| req/s vs bare | req/s vs rdflib-endpoint | p99 vs bare |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def _ratio(value: float, other: Row | None, unit: str, attribute: str) -> str:
    if other is None:
        return "—"
    base = getattr(other, attribute)
    return f"{value / base:.0%}" if unit == "%" else f"{value / base:.{unit}}×"


def table(rows: list[Row]) -> str:
    """The markdown table, with each row's ratios to the bare and rdflib-endpoint rows."""
    bare = {r.kind: r for r in rows if r.server.startswith("bare")}
    rdflib = {r.kind: r for r in rows if r.server == "rdflib-endpoint"}
    lines = [HEADER]
    for row in rows:
        ceiling, rdf = bare.get(row.kind), rdflib.get(row.kind)
        cells = [
            row.server,
            row.endpoint,
            f"{row.rps:,.0f}",
            f"{row.p50_ms:.1f}",
            f"{row.p99_ms:.1f}",
            str(row.failures),
            _ratio(row.rps, ceiling, "%", "rps"),
            _ratio(row.rps, rdf, "1f", "rps"),
            _ratio(row.p99_ms, ceiling, "2f", "p99_ms"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    ours = next(r for r in rows if r.server == "alignkg" and r.kind == "term")
    lines.append(
        f"\nAgainst the narrower lookup (the term's own triples only) alignkg's term lookup "
        f"is {ours.rps / rdflib[NARROW].rps:.1f}× rdflib-endpoint."
    )
    return "\n".join(lines)


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(Path(tmp))
    load_after = os.getloadavg()
    text = table(rows)
    print(text)
    cpu = cpu_table()
    frozen, thawed = gc_pause_ms()
    pause = (
        f"A full garbage collection in the serving process takes {frozen * 1000:.0f} µs with "
        f"the start-up heap frozen (`service/heap.py`) and {thawed:.1f} ms without: a pause "
        "every request in flight waits out, so it lands in the p99."
    )
    print(cpu, pause, sep="\n\n")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# REST speed: term lookup and search\n\n"
        f"wrk, {CONNECTIONS} connections, {THREADS} threads, {SECONDS} s per run, loopback, "
        f"{os.cpu_count()} cores; uvicorn (1 worker, uvloop, httptools, no access log) for every "
        "server; random term ids / label words from a Lua script; every path warmed once; "
        "each run starts once every server is idle again. "
        f"{ROUNDS} interleaved rounds; each figure is the median of its rounds, failures the "
        "sum (the machine is shared with other work, so single runs are noisy). Load "
        "average (1 min) "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after.\n\n"
        f"{text}\n\n## CPU per request, in process\n\n"
        f"The same apps called directly over ASGI ({CALLS} calls, best of 3, "
        "`time.process_time`): steadier than req/s on a shared machine.\n\n"
        f"{cpu}\n\n{pause}\n\nCommand: `.venv/bin/python -m bench.rest`\n"
    )


if __name__ == "__main__":
    main()

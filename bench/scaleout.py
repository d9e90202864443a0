"""Scaling out: REST throughput with 1, 2 and 4 API workers over Virtuoso, embedded beside it.

A throw-away Virtuoso (as the remote tests start it) is loaded with ``alignkg load --store
remote``; then each configuration runs as ``uvicorn bench.scaleout:in_memory_app --factory
--workers N`` on loopback and wrk drives it with 32 connections for a bounded time, on a
read mix: term lookups, search, the case list and single cases. The embedded rows run one
in-memory store per worker: the ceiling for reads, but not a shared store (a write through
one worker would not be seen by another), which is why the remote store exists.

A second table probes consistency across 4 workers: cases are POSTed and each is read back
at once on a new connection (so the kernel may hand it to any worker); a read that misses
the case counts as stale. With a version TTL of 0 every request re-reads the store version.

Run: ``.venv/bin/python -m bench.scaleout`` (writes ``bench/results/scaleout.md``).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from fastapi import FastAPI

from ontology.cases.documented import load_documented_cases
from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore
from ontology.terms.index import term_index
from service.app import create_app
from service.settings import Settings
from tests.remote.remote_virtuoso import DBA_PASSWORD, Virtuoso, free_port, start

RESULTS = Path(__file__).with_name("results") / "scaleout.md"
CONNECTIONS, THREADS, SECONDS, WARMUP_SECONDS = 32, 2, 3, 4
WORKERS = (1, 2, 4)
#: Measured rounds per configuration; a row is the median one (4 cold workers take seconds
#: to build their caches, so single short runs were noisy).
ROUNDS = 3
PROBE_WRITES = 30
API_KEY = "bench-key"
LUA = """
paths = {%s}
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d bad=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""
_RESULT = re.compile(r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) bad=(\d+)")
_CASE = {"title": "Bench case", "facts": {"rewardedInTraining": True, "wouldBeRewarded": True}}


def in_memory_app() -> FastAPI:
    """The app as configured by the environment, but never with an on-disk store.

    N workers cannot share one on-disk pyoxigraph store (it is locked by its opener).
    """
    return create_app(Settings(data_dir=None))


def read_paths() -> list[str]:
    """The read mix: every term, a search per term word, the case list, every case."""
    store = EmbeddedStore()
    load_system_graphs(store)
    curies = [term.curie for term in term_index(store).terms.values()]
    words = sorted({w for c in curies for w in re.findall(r"[A-Z][a-z]{3,}", c)})
    cases = [case["id"] for case in load_documented_cases()]
    paths = [f"/terms/{c}" for c in curies] + [f"/search?q={w.lower()}" for w in words]
    paths += ["/cases?limit=20"] * 10 + [f"/cases/{c}" for c in cases]
    return random.Random(8).choices(paths, k=500)


def remote_env(server: Virtuoso, ttl: float) -> dict[str, str]:
    return {
        "ALIGNKG_STORE": "remote",
        "ALIGNKG_SPARQL_QUERY_URL": server.query_url,
        "ALIGNKG_SPARQL_UPDATE_URL": server.update_url,
        "ALIGNKG_SPARQL_GRAPH_STORE_URL": server.graph_store_url,
        "ALIGNKG_SPARQL_USER": "dba",
        "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD,
        "ALIGNKG_SPARQL_VERSION_TTL_S": str(ttl),
    }


@contextmanager
def serve(workers: int, env: dict[str, str]) -> Iterator[str]:
    """``uvicorn --workers N`` on a free port; yields its base URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.scaleout:in_memory_app", "--factory"]
    command += ["--workers", str(workers), "--port", str(port), "--no-access-log"]
    command += ["--log-level", "warning", "--loop", "uvloop", "--http", "httptools"]
    full_env = {**os.environ, "ALIGNKG_API_KEY": API_KEY, "PYTHONPATH": str(Path.cwd())} | env
    process = subprocess.Popen(command, env=full_env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"uvicorn did not start ({command})") from None
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def wrk(base: str, script: Path, seconds: int) -> tuple[float, float, float, int]:
    """One bounded wrk run: (req/s, p50 ms, p99 ms, failed requests)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    found = _RESULT.search(output)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, duration, p50, p99, bad = (int(g) for g in found.groups())
    return requests / (duration / 1e6), p50 / 1000, p99 / 1000, bad


def stale_reads(base: str) -> tuple[int, float]:
    """POST cases and read each back at once on a new connection: (stale reads, writes/s)."""
    stale, started = 0, time.monotonic()
    for _ in range(PROBE_WRITES):
        body = json.dumps(_CASE).encode()
        headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
        created = json.load(urlopen(Request(base + "/cases", body, headers), timeout=30))
        try:
            urlopen(f"{base}/cases/{created['id']}", timeout=30).read()
        except HTTPError as exc:
            stale += exc.code == 404
    return stale, PROBE_WRITES / (time.monotonic() - started)


def measure(server: Virtuoso, script: Path) -> tuple[list[list[str]], list[list[str]]]:
    rows = []
    configs = [("embedded (a copy per worker)", n, {"ALIGNKG_STORE": "embedded"}) for n in WORKERS]
    configs += [("remote: Virtuoso, TTL 1 s", n, remote_env(server, 1.0)) for n in WORKERS]
    configs += [("remote: Virtuoso, TTL 0", n, remote_env(server, 0.0)) for n in (1, 2)]
    for name, workers, env in configs:
        with serve(workers, env) as base:
            wrk(base, script, WARMUP_SECONDS)
            runs = sorted(wrk(base, script, SECONDS) for _ in range(ROUNDS))
            rps, p50, p99, bad = runs[len(runs) // 2]  # the median round by req/s
        rows.append([name, str(workers), f"{rps:,.0f}", f"{p50:.1f}", f"{p99:.1f}", str(bad)])
        print(" | ".join(rows[-1]), flush=True)
    probes = []
    for ttl in (0.0, 1.0):
        with serve(4, remote_env(server, ttl)) as base:
            stale, wps = stale_reads(base)
        probes.append([f"{ttl:g} s", str(PROBE_WRITES), str(stale), f"{wps:.1f}"])
    return rows, probes


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alignkg-scaleout-") as tmp:
        server = start(Path(tmp))
        try:
            env = {**os.environ, "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD}
            command = [sys.executable, "-m", "service.cli", "load", "--store", "remote"]
            command += ["--query-url", server.query_url, "--update-url", server.update_url]
            command += ["--graph-store-url", server.graph_store_url, "--user", "dba"]
            subprocess.run(command, env=env, check=True, capture_output=True)
            script = Path(tmp) / "reads.lua"
            script.write_text(LUA % ", ".join(f'"{p}"' for p in read_paths()))
            rows, probes = measure(server, script)
        finally:
            server.stop()
    reads = table(["store", "workers", "req/s", "p50 ms", "p99 ms", "failed"], rows)
    writes = table(["version TTL", "cases posted", "stale reads", "writes/s"], probes)
    text = (
        "# Scaling out: API workers over one SPARQL store\n\n"
        f"Read mix (terms, search, case list, single cases), wrk -t{THREADS} -c{CONNECTIONS} "
        f"-d{SECONDS}s, median of {ROUNDS} rounds after a {WARMUP_SECONDS} s warm-up, "
        "`uvicorn --workers N` on loopback, "
        f"{os.cpu_count()} CPUs shared by wrk, the workers and Virtuoso (load average "
        f"{os.getloadavg()[0]:.1f} at the end).\n\n{reads}\n\n"
        "Read-after-write across 4 workers over Virtuoso (each POSTed case read back at once "
        f"on a new connection):\n\n{writes}\n\n"
        "Command: `.venv/bin/python -m bench.scaleout`\n"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()

"""SPARQL while researchers write: what a write costs, and queries right after one.

For each store size (user triples loaded with ``alignkg load`` on top of alignkg's own
graphs) a real ``alignkg serve`` (2 query workers, the default) runs once per snapshot
strategy, in the same run and on the same data directory: ``nquads`` (before: every
write makes the server dump the dataset to N-Quads and each worker reload it) and
``checkpoint`` (after: a RocksDB checkpoint per store version, opened read-only).

Against each server, on loopback, one client at a time:

1. no writes: the same trivial query back to back;
2. writes: a Graph Store PUT of one triple into a fresh graph (its acknowledgement
   latency), then at once the first query and three following ones;
3. a steady write load: one write every ``WRITE_EVERY_S`` from another thread while the
   query runs back to back; its p50 against (1)'s is the "under writes" ratio;

then the query workers' memory (RSS; the anonymous part is what a worker holds of its
own, the rest is mapped files the page cache shares). Bounded in rounds and in time.

    .venv/bin/python -m bench.sparql_writes [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.load import AUTH, running_server

RESULTS = Path(__file__).with_name("results") / "sparql_writes.md"
SIZES = [10_000, 100_000, 1_000_000]
STRATEGIES = ["nquads", "checkpoint"]
QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5"
#: Rounds (and seconds at most) per phase and server.
QUIET_QUERIES, QUIET_BUDGET_S = 60, 20.0
WRITE_ROUNDS, WRITE_BUDGET_S = 30, 90.0
FOLLOWING = 3
STEADY_S = 15.0
WRITE_EVERY_S = 0.25
USER_GRAPHS = 20
CLIENT_TIMEOUT_S = 600.0


@dataclass
class Run:
    """The latencies (seconds) and memory of one server: one size, one strategy."""

    size: int
    strategy: str
    triples: int = 0
    quiet: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    following: list[float] = field(default_factory=list)
    steady: list[float] = field(default_factory=list)
    steady_writes: int = 0
    worker_rss_mb: list[tuple[float, float]] = field(default_factory=list)
    failures: int = 0


def write_data(path: Path, triples: int) -> None:
    """``triples`` user triples as N-Quads, spread over ``USER_GRAPHS`` graphs."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples):
            graph = f"https://w3id.org/alignkg/graph/user/bench-{i % USER_GRAPHS}"
            out.write(
                f"<http://example.org/bench/s{i // 5}> <http://example.org/bench/p{i % 5}> "
                f'"value {i}" <{graph}> .\n'
            )


def load(data_dir: Path, data: Path) -> float:
    """``alignkg load data`` into ``data_dir`` (piped: no progress line); its seconds."""
    command = [str(Path(sys.executable).with_name("alignkg")), "load", str(data)]
    env = {"ALIGNKG_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _timed(call: Callable[[], httpx.Response], run: Run) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - started
    if not response.is_success:
        run.failures += 1
    return elapsed


def _query(http: httpx.Client) -> Callable[[], httpx.Response]:
    headers = {"accept": "application/sparql-results+json"}
    return lambda: http.get("/sparql", params={"query": QUERY}, headers=headers)


def _put(http: httpx.Client, name: str) -> Callable[[], httpx.Response]:
    graph = quote(f"https://w3id.org/alignkg/graph/user/w-{name}", safe="")
    headers = {**AUTH, "content-type": "application/n-triples"}
    body = f'<http://example.org/w> <http://example.org/n> "{name}" .'
    return lambda: http.put(f"/service?graph={graph}", content=body, headers=headers)


def _count(http: httpx.Client) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = http.get("/sparql", params={"query": query}, headers={"accept": "application/json"})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _quiet(http: httpx.Client, run: Run) -> None:
    deadline = time.monotonic() + QUIET_BUDGET_S
    while len(run.quiet) < QUIET_QUERIES and time.monotonic() < deadline:
        run.quiet.append(_timed(_query(http), run))


def _after_writes(http: httpx.Client, run: Run) -> None:
    deadline = time.monotonic() + WRITE_BUDGET_S
    for number in range(WRITE_ROUNDS):
        if number >= 3 and time.monotonic() > deadline:
            break
        run.writes.append(_timed(_put(http, f"{run.strategy}-{number}"), run))
        run.first.append(_timed(_query(http), run))
        run.following += [_timed(_query(http), run) for _ in range(FOLLOWING)]


def _steady(base: str, run: Run) -> None:
    """Queries back to back for ``STEADY_S`` while another thread writes at a steady rate."""
    stop = threading.Event()

    def writer() -> None:
        with httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT_S) as http:
            while not stop.wait(WRITE_EVERY_S):
                _timed(_put(http, f"{run.strategy}-steady-{run.steady_writes}"), run)
                run.steady_writes += 1

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = time.monotonic() + STEADY_S
    with httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT_S) as http:
        while time.monotonic() < deadline:
            run.steady.append(_timed(_query(http), run))
    stop.set()
    thread.join()


def _worker_memory(server_pid: int) -> list[tuple[float, float]]:
    """(RSS, anonymous RSS) in MiB of each query worker of the server."""
    found = []
    for task in Path(f"/proc/{server_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                if b"worker_process" not in Path(f"/proc/{child}/cmdline").read_bytes():
                    continue
                status = Path(f"/proc/{child}/status").read_text().splitlines()
            except FileNotFoundError:
                continue
            fields = {
                k: v.split()[0] for k, _, v in (line.partition(":") for line in status) if v.split()
            }
            found.append((int(fields["VmRSS"]) / 1024, int(fields["RssAnon"]) / 1024))
    return found


def measure(data_dir: Path, size: int, strategy: str) -> Run:
    run = Run(size, strategy)
    settings = {"ALIGNKG_SPARQL_SNAPSHOTS": strategy}
    with running_server(data_dir, settings) as (process, base, _):
        with httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT_S) as http:
            run.triples = _count(http)  # also starts the workers
            _quiet(http, run)
            _after_writes(http, run)
        _steady(base, run)
        run.worker_rss_mb = _worker_memory(process.pid)
    print(f"{size:,} {strategy}: done", file=sys.stderr)
    return run


def _ms(values: list[float], fraction: float) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]:,.1f}"


def _pair(values: list[float]) -> str:
    return f"{_ms(values, 0.5)} / {_ms(values, 0.99)}"


def table(runs: list[Run]) -> str:
    head = [
        "triples",
        "snapshots",
        "write ack",
        "first query after a write",
        "following queries",
        "queries, no writes",
        "queries, steady writes",
        "queries answered in the steady run",
        "steady ÷ none (p50)",
        "worker RSS MiB",
    ]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for run in runs:
        ratio = statistics.median(run.steady) / statistics.median(run.quiet)
        rss = " + ".join(f"{total:,.0f}" for total, _ in run.worker_rss_mb)
        lines.append(
            f"| {run.triples:,} | {run.strategy} | {_pair(run.writes)} | {_pair(run.first)} | "
            f"{_pair(run.following)} | {_pair(run.quiet)} | {_pair(run.steady)} | "
            f"{len(run.steady):,} ({run.steady_writes} writes) | {ratio:.1f}x | {rss} |"
        )
    return "\n".join(lines)


def memory_table(runs: list[Run]) -> str:
    lines = [
        "| triples | snapshots | worker | RSS MiB | of which anonymous MiB |",
        "|---|---|---|---:|---:|",
    ]
    for run in runs:
        for number, (total, anonymous) in enumerate(run.worker_rss_mb, 1):
            lines.append(
                f"| {run.triples:,} | {run.strategy} | {number} | {total:,.0f} | {anonymous:,.0f} |"
            )
    return "\n".join(lines)


def _comparison(runs: list[Run]) -> list[str]:
    """One line per size: the after/before ratio of the first query after a write."""
    lines = []
    for size in sorted({r.size for r in runs}):
        by = {r.strategy: r for r in runs if r.size == size}
        if {"nquads", "checkpoint"} <= by.keys():
            before, after = by["nquads"], by["checkpoint"]
            speedup = statistics.median(before.first) / statistics.median(after.first)
            lines.append(
                f"- {after.triples:,} triples: first query after a write "
                f"{_ms(before.first, 0.5)} ms -> {_ms(after.first, 0.5)} ms p50 "
                f"({speedup:,.0f}x faster); steady writes / no writes "
                f"{statistics.median(before.steady) / statistics.median(before.quiet):.1f}x -> "
                f"{statistics.median(after.steady) / statistics.median(after.quiet):.1f}x"
            )
    return lines


def _load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    started, load_before = time.monotonic(), _load_average()
    runs, loads = [], []
    with tempfile.TemporaryDirectory(prefix="alignkg-writes-") as tmp:
        for size in sizes:
            data_dir, data = Path(tmp) / f"var-{size}", Path(tmp) / f"data-{size}.nq"
            write_data(data, size)
            seconds = load(data_dir, data)
            loads.append(f"{size:,} in {seconds:.1f} s ({size / seconds:,.0f} triples/s)")
            data.unlink()
            runs += [measure(data_dir, size, strategy) for strategy in STRATEGIES]
    failures = sum(r.failures for r in runs)
    text = "\n\n".join(
        [
            "# SPARQL while researchers write: snapshots by N-Quads dump vs RocksDB checkpoint",
            f"One run, {time.monotonic() - started:.0f} s; load average (1 min) "
            f"{load_before} before, {_load_average()} after (2 shared cores). Each store: "
            "alignkg's own graphs plus user triples loaded with `alignkg load` "
            f"({'; '.join(loads)}). `alignkg serve` with 2 query workers, once per "
            "snapshot strategy (`ALIGNKG_SPARQL_SNAPSHOTS`) on the same data. Query: "
            f"`{QUERY}`. A write is a Graph Store PUT of one triple into a new graph. "
            f"Milliseconds, p50 / p99; {WRITE_ROUNDS} write rounds at most (fewer past "
            f"{WRITE_BUDGET_S:g} s), each followed by the first query and {FOLLOWING} more; "
            f"steady writes: one every {WRITE_EVERY_S:g} s for {STEADY_S:g} s under "
            f"back-to-back queries. Failed requests: {failures}.",
            table(runs),
            "Goals (issue 20): at 1M triples the first query after a write within 50 ms p50, "
            "flat in store size; p50 under a steady write load within 2x of no writes.",
            "\n".join(_comparison(runs)),
            "Query workers' memory at the end of each run (after the steady writes):",
            memory_table(runs),
            f"Command: `.venv/bin/python -m bench.sparql_writes --sizes {args.sizes}`",
        ]
    )
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

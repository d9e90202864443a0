"""Start-up time with the embedded store, and memory at rest.

Start-up: from launching ``alignkg serve`` to the first 200 from ``/health`` (the store
opened, the ontology and documented cases loaded, the query workers started), on a fresh
data directory and on one that already holds the store (a restart). Memory: RSS and USS
(memory unique to the process) of the server and its query workers once idle.

    .venv/bin/python -m bench.startup --runs 3
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from .load import running_server

RESULTS = Path(__file__).with_name("results") / "startup.md"
#: Idle time before memory is read, so start-up garbage is collected and workers settle.
SETTLE_SECONDS = 3.0
MIB = 1024 * 1024


def _memory(pid: int) -> dict[str, float]:
    """RSS and USS in MiB of the server process and, summed, of its child processes."""
    server = psutil.Process(pid)
    children = server.children(recursive=True)
    own = server.memory_full_info()
    kids = [child.memory_full_info() for child in children]
    return {
        "server_rss": own.rss / MIB,
        "server_uss": own.uss / MIB,
        "workers": float(len(children)),
        "workers_rss": sum(k.rss for k in kids) / MIB,
        "workers_uss": sum(k.uss for k in kids) / MIB,
    }


def _first_query(base: str) -> None:
    """One SPARQL query, which starts the query workers (they start on first use)."""
    response = httpx.post(
        base + "/sparql",
        content="ASK { ?s ?p ?o }",
        headers={"content-type": "application/sparql-query"},
        timeout=60,
    )
    response.raise_for_status()


Memory = dict[str, dict[str, float]]


def measure(runs: int) -> tuple[list[float], list[float], Memory]:
    """Fresh and restart start-up times in seconds, and memory at rest after the last run."""
    fresh, restart = [], []
    memory: Memory = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="alignkg-startup-") as tmp:
            data_dir = Path(tmp) / "var"
            with running_server(data_dir) as (_, _base, seconds):
                fresh.append(seconds)
            with running_server(data_dir) as (process, base, seconds):
                restart.append(seconds)
                time.sleep(SETTLE_SECONDS)  # let the server go idle before reading memory
                memory["after start-up"] = _memory(process.pid)
                _first_query(base)
                time.sleep(SETTLE_SECONDS)
                memory["after a first SPARQL query"] = _memory(process.pid)
    return fresh, restart, memory


def report(fresh: list[float], restart: list[float], memory: Memory) -> str:
    rows = [
        "| measure | median | min | max |",
        "| --- | ---: | ---: | ---: |",
        f"| start-up, fresh data dir (s) | {statistics.median(fresh):.2f} "
        f"| {min(fresh):.2f} | {max(fresh):.2f} |",
        f"| start-up, existing store (s) | {statistics.median(restart):.2f} "
        f"| {min(restart):.2f} | {max(restart):.2f} |",
    ]
    memory_rows = [
        "| when | server RSS | server USS | workers | workers RSS | workers USS | total USS |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for when, m in memory.items():
        memory_rows.append(
            f"| {when} | {m['server_rss']:.0f} | {m['server_uss']:.0f} | {m['workers']:.0f} "
            f"| {m['workers_rss']:.0f} | {m['workers_uss']:.0f} "
            f"| {m['server_uss'] + m['workers_uss']:.0f} |"
        )
    note = "Memory at rest in MiB (idle, after a restart; query workers start on first use):"
    return "\n".join(rows) + f"\n\n{note}\n\n" + "\n".join(memory_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    fresh, restart, memory = measure(args.runs)
    context = (
        f"From launching `alignkg serve` to the first 200 from `/health`, {args.runs} runs each; "
        f"memory read {SETTLE_SECONDS:g} s after start-up. {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f} (the machine is shared, so times are upper bounds)."
    )
    text = (
        f"# Start-up time and memory at rest\n\n{context}\n\n{report(fresh, restart, memory)}\n\n"
    )
    text += f"Command: `.venv/bin/python -m bench.startup --runs {args.runs}`\n"
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

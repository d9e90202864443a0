"""Load run: mixed reads with concurrent authorised writes against a real ``alignkg serve``.

Reader threads cycle through term lookups, search, classify and SPARQL; one writer
alternates ``POST /cases`` and Graph Store ``PUT``s. Bounded in time (``--seconds``) and
loopback only. Afterwards every acknowledged write is read back, and the same readers run
again with no writer, so the SPARQL latency with and without writes comes from one run.
Any error (non-2xx or a dropped connection) is counted and makes the exit status non-zero.

    .venv/bin/python -m bench.load --seconds 60
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import quote

import httpx

RESULTS = Path(__file__).with_name("results") / "load.md"
KEY = "bench-load-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
READERS = 4
SEARCH_WORDS = ["alignment", "mesa", "reward", "goal", "deceptive", "proxy", "inner", "gaming"]
SPARQL_QUERIES = [
    "SELECT ?c ?l WHERE { ?c a owl:Class ; rdfs:label ?l } LIMIT 50",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?case WHERE { ?case a ak:FailureCase } LIMIT 20",
]
PROLOGUE = (
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX ak: <https://w3id.org/alignkg/>\n"
)
FACTS = ["rewardedInTraining", "wouldBeRewarded", "distributionShift", "deceptive"]
Sample = tuple[str, float, bool]  # kind, seconds, ok


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(
    data_dir: Path, settings: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str, float]]:
    """``alignkg serve`` on loopback, with extra ``ALIGNKG_*`` environment ``settings``;
    yields (process, base URL, seconds until /health)."""
    port = _free_port()
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(data_dir), "ALIGNKG_API_KEY": KEY}
    env |= settings or {}
    command = [str(Path(sys.executable).with_name("alignkg")), "serve", "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        ready = _wait_until_up(process, base) - started
        yield process, base, ready
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _wait_until_up(process: subprocess.Popen[bytes], base: str, timeout: float = 300) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited during start-up ({process.returncode})")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return time.perf_counter()
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError("the server did not come up in time")


def _term_ids(base: str) -> list[str]:
    page = httpx.get(base + "/terms", params={"limit": 200}, timeout=30).json()
    return [term["curie"] for term in page["items"]]


def _reads(
    terms: list[str], rng: random.Random
) -> list[tuple[str, Callable[[httpx.Client], httpx.Response]]]:
    """One of each read kind, with fresh random arguments."""
    term, word = rng.choice(terms), rng.choice(SEARCH_WORDS)
    facts = {name: rng.choice([True, False, None]) for name in FACTS}
    if facts["rewardedInTraining"]:
        facts["wouldBeRewarded"] = True  # what training paid for, the objective pays for (422)
    query = PROLOGUE + rng.choice(SPARQL_QUERIES)
    sparql_headers = {"content-type": "application/sparql-query", "accept": "application/json"}
    return [
        ("GET /terms/{id}", lambda http: http.get(f"/terms/{term}")),
        ("GET /search", lambda http: http.get("/search", params={"q": word})),
        ("POST /classify", lambda http: http.post("/classify", json={"facts": facts})),
        ("POST /sparql", lambda http: http.post("/sparql", content=query, headers=sparql_headers)),
    ]


def _timed(
    kind: str, call: Callable[[], httpx.Response], samples: list[Sample]
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except httpx.TransportError:
        samples.append((kind, time.perf_counter() - started, False))
        return None
    samples.append((kind, time.perf_counter() - started, response.is_success))
    return response


def _reader(base: str, terms: list[str], seed: int, until: float, samples: list[Sample]) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            for kind, call in _reads(terms, rng):
                _timed(kind, partial(call, http), samples)


def _marker(graph: str) -> str:
    """What a load graph holds, so reading it back proves it is this write's content."""
    return graph.rsplit("/", 1)[1]


def _graph_put(http: httpx.Client, graph: str) -> Callable[[], httpx.Response]:
    """A Graph Store PUT of one triple naming the graph's last segment into ``graph``."""
    url = f"/service?graph={quote(graph, safe='')}"
    body = f'<http://example.org/s> <http://example.org/n> "{_marker(graph)}" .'
    headers = {"content-type": "application/n-triples"}
    return lambda: http.put(url, content=body, headers=headers)


def _writer(
    base: str, until: float, samples: list[Sample], acked: dict[str, list[str]], writer: int
) -> None:
    number = 0
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as http:
        while time.monotonic() < until:
            number += 1
            case = {"title": f"load {writer}-{number}", "facts": {"deceptive": number % 2 == 0}}
            response = _timed("POST /cases", partial(http.post, "/cases", json=case), samples)
            if response is not None and response.status_code == 201:
                acked["cases"].append(response.json()["id"])
            graph = f"http://example.org/load/{writer}-{number}"
            put = _timed("PUT /service", _graph_put(http, graph), samples)
            if put is not None and put.status_code in (201, 204):
                acked["graphs"].append(graph)


def _unreadable_writes(base: str, acked: dict[str, list[str]]) -> list[str]:
    """Acknowledged writes that cannot be read back."""
    missing = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for case_id in acked["cases"]:
            if http.get(f"/cases/{case_id}").status_code != 200:
                missing.append(f"case {case_id}")
        for graph in acked["graphs"]:
            response = http.get(
                f"/service?graph={quote(graph, safe='')}",
                headers={"accept": "application/n-triples"},
            )
            if response.status_code != 200 or f'"{_marker(graph)}"' not in response.text:
                missing.append(f"graph {graph}")
    return missing


def run_load(
    seconds: float, *, writers: int = 1
) -> tuple[list[Sample], dict[str, list[str]], list[str]]:
    """Run the mixed load for ``seconds``; return the samples, the acked writes, the unreadable."""
    with (
        tempfile.TemporaryDirectory(prefix="alignkg-load-") as tmp,
        running_server(Path(tmp) / "var") as (_, base, _ready),
    ):
        terms = _term_ids(base)
        samples: list[Sample] = []
        acked: dict[str, list[str]] = defaultdict(list)
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_reader, args=(base, terms, seed, until, samples))
            for seed in range(READERS)
        ]
        threads += [
            threading.Thread(target=_writer, args=(base, until, samples, acked, n))
            for n in range(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        return samples, acked, _unreadable_writes(base, acked)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def table(samples: list[Sample], seconds: float) -> str:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample[0]].append(sample)
    rows = [
        "| kind | requests | errors | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in sorted(by_kind):
        times = [t * 1000 for _, t, _ in by_kind[kind]]
        errors = sum(not ok for _, _, ok in by_kind[kind])
        rows.append(
            f"| {kind} | {len(times):,} | {errors} | {len(times) / seconds:.1f} | "
            f"{statistics.median(times):.1f} | {_percentile(times, 0.99):.1f} |"
        )
    return "\n".join(rows)


def _sparql_p50(samples: list[Sample]) -> float:
    return statistics.median(t for kind, t, _ in samples if kind == "POST /sparql") * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--writers", type=int, default=1, help="writer threads (0: reads only)")
    args = parser.parse_args(argv)
    samples, acked, unreadable = run_load(args.seconds, writers=args.writers)
    # The same reads with no writer, in the same run, for the ratio.
    quiet, _, _ = run_load(args.seconds, writers=0) if args.writers else (samples, None, None)
    errors = sum(not ok for _, _, ok in samples + quiet)
    summary = (
        f"{READERS} reader threads (term lookup, search, classify, SPARQL in turn) and "
        f"{args.writers} writer(s) "
        f"(POST /cases, then a Graph Store PUT) for {args.seconds:g} s against `alignkg serve` "
        f"(uvicorn, 1 process) on loopback; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Errors: {errors}. Acknowledged writes: "
        f"{len(acked['cases'])} cases and {len(acked['graphs'])} graphs, "
        f"{len(acked['cases']) + len(acked['graphs']) - len(unreadable)} read back, "
        f"{len(unreadable)} missing."
    )
    heading = "# Load run: mixed reads with concurrent writes"
    text = f"{heading}\n\n{summary}\n\n{table(samples, args.seconds)}\n\n"
    if args.writers:
        text += "The same readers with no writer, in the same run:\n\n"
        text += f"{table(quiet, args.seconds)}\n\n"
        text += (
            f"SPARQL p50 with the writer {_sparql_p50(samples):.1f} ms, without "
            f"{_sparql_p50(quiet):.1f} ms ({_sparql_p50(samples) / _sparql_p50(quiet):.1f}x). "
            "The writer writes as fast as it is answered, so nearly every query comes "
            "after a write and waits for the query workers to open the store's new "
            "checkpoint (`service/sparql/snapshots.py`).\n\n"
        )
    command = f".venv/bin/python -m bench.load --seconds {args.seconds:g}"
    text += (
        f"Command: `{command}{' --writers ' + str(args.writers) if args.writers != 1 else ''}`\n"
    )
    print(text)
    if unreadable:
        print("unreadable:", ", ".join(unreadable[:20]))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    return 1 if errors or unreadable else 0


if __name__ == "__main__":
    sys.exit(main())

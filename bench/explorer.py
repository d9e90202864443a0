"""How long the explorer takes to settle in Chromium, with the documented and 1,000 more cases.

For each data set a real uvicorn serves the app on a free loopback port from a temporary
data directory; headless Chromium opens ``/explorer`` and we read the times the page
records when vis-network reports ``stabilizationIterationsDone`` (or ``stabilized``):
``explorerStabilizedAt`` (ms since navigation start, so it includes fetching the page and
the script) and ``explorerStabilizedMs`` (ms since our page script started). The 1,000
generated cases are written to the submitted-cases graph before the server starts.

Run: ``.venv/bin/python -m bench.explorer`` (writes ``bench/results/explorer.md``).
"""

from __future__ import annotations

import gc
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pyoxigraph as ox

from ontology.cases.documented import case_triples, load_documented_cases
from ontology.facts import ContradictoryFacts, close, fact_names
from ontology.store import EmbeddedStore
from ontology.vocab import SUBMITTED_GRAPH, case_iri

RESULTS = Path(__file__).with_name("results") / "explorer.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUNS = 3
PAGE_LIMIT_MS = 120_000


def generated_cases(count: int, *, seed: int = 6) -> list[dict[str, Any]]:
    """Cases with random known/unknown facts, each exhibiting terms documented cases use.

    A draw the ontology's implications contradict (rewarded in training but not
    rewardable) is no case anyone could submit: it is drawn again.
    """
    rng = random.Random(seed)
    terms = sorted({t for c in load_documented_cases() for t in c.get("exhibits", [])})
    cases = []
    for index in range(count):
        while True:
            facts = {f: rng.random() < 0.5 for f in fact_names() if rng.random() < 0.7}
            try:
                close(facts)
                break
            except ContradictoryFacts:
                continue
        cases.append(
            {
                "id": f"generated-{index:04d}",
                "title": f"Generated case {index}",
                "description": "A generated case for the explorer benchmark.",
                "facts": facts,
                "exhibits": rng.sample(terms, k=min(len(terms), rng.randint(1, 3))),
            }
        )
    return cases


def prepare_data_dir(root: Path, extra_cases: int) -> Path:
    """A data dir whose store already holds ``extra_cases`` submitted cases."""
    data_dir = root / f"var-{extra_cases}"
    store = EmbeddedStore(data_dir / "store")
    if extra_cases:
        graph = ox.NamedNode(str(SUBMITTED_GRAPH))
        for case in generated_cases(extra_cases):
            store.add_quads(
                ox.Quad(t.subject, t.predicate, t.object, graph)
                for t in case_triples(case, iri=case_iri(case["id"]))
            )
    store.flush()
    del store
    gc.collect()
    return data_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):  # at most ~60 s
        try:
            with urlopen(base + "/health", timeout=2):
                return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("server did not start")


def measure(base: str) -> dict[str, float]:
    """Median times over RUNS page loads (the first, uncached server render is excluded)."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with urlopen(base + "/explorer", timeout=300) as response:
        size = len(response.read())
    first_render_s = time.perf_counter() - started
    at, since_script, nodes = [], [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(RUNS):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(base + "/explorer")
            page.wait_for_function(
                "window.explorerStabilizedAt !== undefined", timeout=PAGE_LIMIT_MS
            )
            at.append(page.evaluate("window.explorerStabilizedAt"))
            since_script.append(page.evaluate("window.explorerStabilizedMs"))
            nodes = page.evaluate("window.explorer.nodes.length")
            page.close()
        browser.close()
    return {
        "nodes": nodes,
        "page_kib": size / 1024,
        "first_render_s": first_render_s,
        "at_ms": statistics.median(at),
        "script_ms": statistics.median(since_script),
    }


def run_set(root: Path, extra_cases: int) -> dict[str, float]:
    server, base = start_server(prepare_data_dir(root, extra_cases))
    try:
        return measure(base)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    documented = len(load_documented_cases())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in ((f"documented ({documented})", 0), (f"{documented} + 1,000", 1000)):
            result = run_set(Path(tmp), extra)
            rows.append(
                f"| {label} | {result['nodes']} | {result['page_kib']:.0f} | "
                f"{result['first_render_s']:.2f} | {result['at_ms'] / 1000:.2f} | "
                f"{result['script_ms'] / 1000:.2f} |"
            )
    table = "\n".join(
        [
            "| cases | nodes | page KiB | first server render (s) | "
            "stabilized since navigation (s) | stabilized since script start (s) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
    load = os.getloadavg()[0]
    print(table)
    print(f"load average {load:.1f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        "# Explorer: time until the network has stabilized (headless Chromium)\n\n"
        f"Median of {RUNS} page loads each; goal: under 3 s for the documented set. "
        "Measured on this machine (2 cores), loopback, Debian chromium, "
        "vis-network 9.1.2 from pyvis. Load average while measuring: "
        f"{load:.1f} (other work shares the machine, so times are pessimistic).\n\n"
        f"{table}\n\nCommand: `.venv/bin/python -m bench.explorer`\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

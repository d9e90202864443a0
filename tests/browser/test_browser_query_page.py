"""The SPARQL query page in headless Chromium against a real uvicorn server on loopback.

Loads with no console errors and no request to any host but the server; an example
query runs and fills the table; result IRIs of terms link to term pages; CSV download
works. A screenshot is kept in ``test-artifacts/query-page.png``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STARTUP_LIMIT_S = 60.0


def _require_chromium() -> None:
    """In CI a missing browser fails the run; on a workstation it skips."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing; the browser tests must run in CI")
    pytest.skip(f"{CHROMIUM} is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    """Poll /health until it answers, the server exits, or the time limit passes."""
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            with urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError):
            time.sleep(0.2)  # polling a port that is not open yet, not covering a race
    raise RuntimeError("server did not answer /health in time")


@pytest.fixture(scope="module")
def query_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn serving the app on a free loopback port, with a temporary data dir."""
    port = _free_port()
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(tmp_path_factory.mktemp("query-page-var"))}
    command = [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_query_page_runs_an_example_and_links_terms(query_server: str, tmp_path: Path) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    server_host = urlsplit(query_server).netloc
    console_errors: list[str] = []
    foreign_requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            page.on(
                "request",
                lambda r: (
                    None
                    if urlsplit(r.url).netloc == server_host or r.url.startswith(("data:", "blob:"))
                    else foreign_requests.append(r.url)
                ),
            )
            page.goto(query_server + "/sparql")
            assert "ak:" in page.input_value("#query")

            page.select_option("#example", label="Terms and their labels")
            assert "rdfs:label ?label" in page.input_value("#query")
            page.click("#run")
            page.wait_for_selector("#results tbody tr")
            rows = page.locator("#results tbody tr").count()
            assert rows > 10
            assert page.locator("#results thead th").all_inner_texts() == ["term", "label"]
            assert "rows" in page.inner_text("#status")

            link = page.locator("#results tbody tr td a").first
            iri = link.get_attribute("title") or ""
            assert iri.startswith("https://w3id.org/alignkg/")
            curie = "ak:" + iri.removeprefix("https://w3id.org/alignkg/")
            assert link.get_attribute("href") == f"/terms/{curie}"

            with page.expect_download() as download_info:
                page.click("#download-csv")
            saved = tmp_path / "results.csv"
            download_info.value.save_as(saved)
            lines = saved.read_text().splitlines()
            assert lines[0] == "term,label" and len(lines) == rows + 1

            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)

            query_page_errors, query_page_foreign = list(console_errors), list(foreign_requests)
            with page.expect_navigation() as navigation:
                link.click()
            term_page = navigation.value
            assert term_page is not None and term_page.status == 200
            assert page.url == f"{query_server}/terms/{curie}"
        finally:
            browser.close()
    assert query_page_errors == []
    assert query_page_foreign == []

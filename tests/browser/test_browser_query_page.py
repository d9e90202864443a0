"""The SPARQL query page in headless Chromium against a real uvicorn server on loopback.

Loads with no console errors and no request to any host but the server; an example
query runs and fills the table; result IRIs of terms link to term pages; CSV download
works. A screenshot is kept in ``test-artifacts/query-page.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import watch_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_query_page_runs_an_example_and_links_terms(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    console_errors, foreign_requests = watch_page(page, live_server)
    page.goto(live_server + "/sparql")
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
    assert page.url == f"{live_server}/terms/{curie}"
    context.close()
    assert query_page_errors == []
    assert query_page_foreign == []

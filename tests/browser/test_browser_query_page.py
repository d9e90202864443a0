"""The SPARQL query page (YASGUI, served from the machine) in headless Chromium.

Against a real server whose row cap and query timeout are small, so that both show: an
example opens in a tab named after it; a query typed with completion (a class, then a
property; the prefix declaration completes itself) runs, its table pages and sorts, the
cap is said; the endpoint's problems (a timeout, a syntax error) read as title and
detail; no request leaves the server, no console error, and the page with results and
tabs passes the axe-core audit. A screenshot is kept in ``test-artifacts/query-page.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ontology.vocab import PREFIXES
from service.sparql.examples import EXAMPLES
from tests.browser.pages import axe_script, watch_page
from tests.sparql.sparql_server import running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: The server's row cap: below the definitions the paging query returns, above one page.
ROW_CAP = 60
#: The server's query timeout, short so that the timeout test does not wait long.
TIMEOUT_S = 2.0
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Chromium's own console line for a response with an error status (a problem the page
#: shows on purpose in the error test).
ERROR_STATUS_LINE = "Failed to load resource: the server responded with a status of"
#: The open tab's panel (editor and results).
ACTIVE = ".tabPanel.active"
#: True once a column of the open tab's table reads in ascending order, on page one.
SORTED_COLUMN = """([tab, n]) => {
  const cells = [...document.querySelectorAll(`${tab} table.dataTable tbody td:nth-child(${n})`)];
  const texts = cells.map((cell) => cell.innerText);
  const info = document.querySelector(`${tab} .dt-info`).textContent;
  return info.startsWith("Showing 1 ") && texts.every((t, i) => i === 0 || texts[i - 1] <= t);
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("query-page")
    settings = {"max_result_rows": str(ROW_CAP), "query_timeout_s": str(TIMEOUT_S)}
    with running_server(data_dir, **settings) as (url, _process):
        yield url


def _editor_text(page: Any) -> str:
    text: str = page.evaluate(
        "s => document.querySelector(s + ' .CodeMirror').CodeMirror.getValue()", ACTIVE
    )
    return text


def _complete(page: Any, typed: str, choice: str) -> list[str]:
    """Type into the editor, then pick ``choice`` from the completions with the keyboard.

    Returns what the completion list offered.
    """
    page.keyboard.type(typed)
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    offered: list[str] = hints.all_inner_texts()
    assert choice in offered, offered
    for _ in range(offered.index(choice)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    return offered


def _rows_in_store(server: str, predicate: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) {{ ?s <{predicate}> ?o }}"
    answer = httpx.post(
        server + "/sparql",
        content=query,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    return int(answer.text.split()[1])


def _column(page: Any, index: int) -> list[str]:
    cells = page.locator(f"{ACTIVE} .yasr table.dataTable tbody tr td:nth-child({index})")
    texts: list[str] = cells.all_inner_texts()
    return texts


def test_a_query_typed_with_completion_runs_and_its_results_page(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, foreign = watch_page(page, server)
    page.goto(server + "/sparql", wait_until="load")
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")
    first_title, _ = EXAMPLES[0]
    assert page.locator(".tabsList [role=tab]").all_inner_texts()[0].startswith(first_title)
    declared = _editor_text(page)
    assert all(f"PREFIX {p}: <{iri}>" in declared for p, iri in PREFIXES.items())

    title, body = EXAMPLES[1]
    page.select_option("#example", label=title)
    assert page.inner_text(".tabsList .tab.active [role=tab]").startswith(title)
    assert body in _editor_text(page)

    page.click("button.addTab")
    page.click(f"{ACTIVE} .CodeMirror-code")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    offered = _complete(
        page, "SELECT ?term ?definition WHERE {\n?term a ak:Mes", "ak:MesaOptimizer"
    )
    assert all(term.startswith("ak:Mes") for term in offered)
    assert "?term a ak:MesaOptimizer" in _editor_text(page)
    assert f"PREFIX ak: <{PREFIXES['ak']}>" in _editor_text(page), "typing ak: declared it"

    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    _complete(page, "SELECT ?term ?definition WHERE {\n?term ak:hasDef", "ak:hasDefinition")
    page.keyboard.type(" ?definition }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"{ACTIVE} .yasr table.dataTable tbody tr")
    headers = page.locator(f"{ACTIVE} .yasr table.dataTable thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:]] == ["term", "definition"]

    total = _rows_in_store(server, PREFIXES["ak"] + "hasDefinition")
    per_page = int(page.input_value(f"{ACTIVE} select.tableSizer"))
    assert total > ROW_CAP > per_page, "the data no longer exercises the cap and paging"
    assert str(ROW_CAP) in page.inner_text(f"{ACTIVE} .truncated")
    assert f"of {ROW_CAP} entries" in page.inner_text(f"{ACTIVE} .dt-info")
    assert len(_column(page, 1)) == per_page

    page.locator(f"{ACTIVE} .dt-paging-button", has_text=re.compile(r"^2$")).click()
    page.wait_for_function(
        "s => document.querySelector(s + ' .dt-info').textContent.includes('Showing "
        + str(per_page + 1)
        + " ')",
        arg=ACTIVE,
    )
    assert _column(page, 1) == [str(n) for n in range(per_page + 1, ROW_CAP + 1)]

    page.locator(f"{ACTIVE} table.dataTable thead th", has_text="term").click()
    page.wait_for_function(SORTED_COLUMN, arg=[ACTIVE, 2])  # the table redraws a moment later
    terms = _column(page, 2)
    assert terms == sorted(terms) and terms[0].startswith("ak:")
    link = page.locator(f"{ACTIVE} table.dataTable tbody td a.iri").first
    assert (link.get_attribute("href") or "").startswith("/terms/ak:")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)
    page.add_script_tag(content=axe_script())
    audit = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in audit["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert serious == []
    assert errors == [] and foreign == []


def _problem(page: Any, query: str, status: int) -> tuple[str, str]:
    """Run ``query`` in the open tab, expecting ``status``; the problem's title and detail
    as the page shows them."""
    page.evaluate(
        "([s, q]) => document.querySelector(s + ' .CodeMirror').CodeMirror.setValue(q)",
        [ACTIVE, query],
    )
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click(f"{ACTIVE} .yasqe_queryButton")
    assert answer.value.status == status
    shown = f"{ACTIVE} .problem-title"
    page.wait_for_function(
        "([s, end]) => (document.querySelector(s)?.textContent || '').endsWith(end)",
        arg=[shown, f"(HTTP {status})"],
    )
    title: str = page.inner_text(shown)
    detail: str = page.inner_text(f"{ACTIVE} .problem-detail")
    return title, detail


def test_the_endpoints_problems_read_as_title_and_detail(browser: Any, server: str) -> None:
    page = browser.new_page()
    errors, foreign = watch_page(page, server)
    page.goto(server + "/sparql", wait_until="load")
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")

    title, detail = _problem(page, CROSS_PRODUCT, 503)
    assert title == "Query timed out (HTTP 503)"
    assert f"{TIMEOUT_S:g} s" in detail

    title, detail = _problem(page, "SELECT * WHERE { ?s ?p }", 400)
    assert title == "SPARQL syntax error (HTTP 400)"
    assert "line 1, column 18" in detail
    assert '"type"' not in page.inner_text(f"{ACTIVE} .yasr"), "words, not the problem's JSON"
    page.close()
    assert [e for e in errors if not e.startswith(ERROR_STATUS_LINE)] == []
    assert foreign == []

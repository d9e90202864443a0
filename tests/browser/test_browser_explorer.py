"""The explorer in headless Chromium against a real uvicorn server on loopback.

The page must load with no console errors and no request to any host but the server;
search focuses a node; clicking a node shows its definition; a case shows its verdict
under each framing. A screenshot is kept in ``test-artifacts/explorer.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ontology.cases.documented import load_documented_cases
from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class ExplorerPage:
    """One loaded explorer page with what it logged and requested."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, query: str = "") -> ExplorerPage:
        self.page.goto(self.base + "/explorer" + query)
        self.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        return self

    def click_node(self, node_id: str) -> None:
        """Bring the node to the middle of the canvas and click it with the mouse."""
        x, y = self.page.evaluate(
            """(id) => {
                const net = window.explorer.network;
                const pos = net.getPositions([id])[id];
                net.moveTo({position: pos, scale: 1.0, animation: false});
                const dom = net.canvasToDOM(pos);
                const box = document.getElementById('network').getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""",
            node_id,
        )
        self.page.mouse.click(x, y)
        self.page.wait_for_selector("#panel:not([hidden])")


@pytest.fixture
def explorer(browser: Any, live_server: str) -> Iterator[ExplorerPage]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield ExplorerPage(context.new_page(), live_server)
    context.close()


@pytest.fixture(scope="module")
def ontology_store() -> EmbeddedStore:
    store = EmbeddedStore()
    load_system_graphs(store)
    return store


def _definition(store: EmbeddedStore, curie: str) -> str:
    iri = "https://w3id.org/alignkg/" + curie.split(":", 1)[1]
    rows: Any = store.query(
        f"SELECT ?d WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#definition> ?d }}"
    )
    return str(next(iter(rows))["d"].value)


def test_page_loads_without_console_errors_or_requests_off_the_server(
    explorer: ExplorerPage,
) -> None:
    explorer.open()
    assert explorer.errors == []
    assert explorer.requests, "the page made its own requests"
    outside = [u for u in explorer.requests if not u.startswith(explorer.base + "/")]
    assert outside == [], f"requests left the server: {outside}"
    assert explorer.page.evaluate("window.explorerStabilizedMs") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.page.screenshot(path=str(ARTIFACTS / "explorer.png"))


def test_search_focuses_and_highlights_the_node(explorer: ExplorerPage) -> None:
    explorer.open()
    explorer.page.fill("#search", "mesa optimiser")
    explorer.page.press("#search", "Enter")
    explorer.page.wait_for_function("window.explorerHighlighted === 'ak:MesaOptimizer'")
    selected = explorer.page.evaluate("window.explorer.network.getSelectedNodes()")
    assert selected == ["ak:MesaOptimizer"]
    assert explorer.page.inner_text("#panel h2") == "mesa-optimizer"


def test_half_typed_british_spelling_completes_as_the_rest_search_does(
    explorer: ExplorerPage,
) -> None:
    """ "mesa-optimis" stops inside "optimise"; GET /search completes it to the term, and
    the explorer's box, which asks the server, offers and selects the same term."""
    explorer.open()
    explorer.page.locator("#search").press_sequentially("mesa-optimis", delay=20)
    answered = explorer.page.locator('#search-results[data-query="mesa-optimis"]')
    first = answered.locator("[role=option]").first
    first.wait_for(state="visible", timeout=10_000)
    assert first.get_attribute("data-id") == "ak:MesaOptimizer"
    assert first.get_attribute("aria-selected") == "true"
    assert first.locator(".option-label").inner_text() == "mesa-optimizer"
    asked = [u for u in explorer.requests if u.startswith(explorer.base + "/search?")]
    assert asked, "the explorer asks the server's /search"
    explorer.page.press("#search", "Enter")
    explorer.page.wait_for_function("window.explorerHighlighted === 'ak:MesaOptimizer'")
    assert explorer.page.input_value("#search") == "mesa-optimizer"
    assert explorer.page.inner_text("#panel h2") == "mesa-optimizer"
    assert explorer.errors == []


def test_search_suggestions_work_from_the_keyboard(explorer: ExplorerPage) -> None:
    explorer.open()
    explorer.page.keyboard.press("Tab")
    assert explorer.page.evaluate("document.activeElement.id") == "search"
    explorer.page.keyboard.type("inner alig", delay=20)
    box = explorer.page.locator("#search")
    options = explorer.page.locator('#search-results[data-query="inner alig"] [role=option]')
    options.first.wait_for(state="visible", timeout=10_000)
    assert options.count() >= 2
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    explorer.page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    chosen = options.nth(1).get_attribute("data-id")
    explorer.page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert explorer.page.locator("#search-results").is_hidden()
    explorer.page.keyboard.press("ArrowDown")
    options.first.wait_for(state="visible")
    explorer.page.keyboard.press("ArrowDown")
    explorer.page.keyboard.press("Enter")
    explorer.page.wait_for_function("(id) => window.explorerHighlighted === id", arg=chosen)
    assert explorer.errors == []


def test_search_ignores_case_hyphens_and_spelling(explorer: ExplorerPage) -> None:
    explorer.open()
    for query in ("Mesa-Optimizer", "MESAOPTIMISER", "mesa optimizer"):
        found = explorer.page.evaluate("(q) => window.explorer.search(q)", query)
        assert found[0] == "ak:MesaOptimizer", query


def test_clicking_a_term_shows_its_definitions_and_term_page_link(
    explorer: ExplorerPage, ontology_store: EmbeddedStore
) -> None:
    explorer.open()
    explorer.click_node("ak:InnerAlignment")
    panel = explorer.page.inner_text("#panel")
    assert _definition(ontology_store, "ak:InnerAlignment") in panel
    framings = explorer.page.locator("#panel .framing-definitions dt").all_inner_texts()
    assert len(framings) >= 2, "inner alignment is defined differently by several framings"
    link = explorer.page.get_attribute("#panel a.term-page", "href")
    assert link == "/terms/ak:InnerAlignment"


def test_clicking_an_ambiguous_case_shows_each_framings_verdict(explorer: ExplorerPage) -> None:
    ambiguous = [c for c in load_documented_cases() if c["expected"]["verdict"] == "ambiguous"]
    case_id = "akcase:" + ambiguous[0]["id"]
    explorer.open()
    explorer.click_node(case_id)
    verdicts = explorer.page.locator("#panel table.case-verdicts tr[data-framing]")
    assert verdicts.count() >= 5
    shown = set(verdicts.evaluate_all("rows => rows.map(r => r.dataset.verdict)"))
    assert len(shown) >= 2, "an ambiguous case has framings that say different things"
    assert "framings disagree" in explorer.page.inner_text("#panel .overall")
    assert explorer.page.locator("#panel tr.disagrees").count() >= 2


def test_cases_can_be_hidden_and_coloured_by_a_framing(explorer: ExplorerPage) -> None:
    explorer.open()
    explorer.page.uncheck("#show-cases")
    hidden = explorer.page.evaluate(
        "window.explorer.nodes.get({filter: n => n.kind === 'case'}).every(n => n.hidden)"
    )
    assert hidden
    explorer.page.check("#show-cases")
    explorer.page.select_option("#framing-select", "ak:ThreatModelFraming")
    colours = explorer.page.evaluate(
        """() => window.explorer.nodes.get({filter: n => n.kind === 'case'})
                 .map(n => [n.verdict, n.color.background])"""
    )
    legend = explorer.page.evaluate(
        "JSON.parse(document.getElementById('explorer-data').textContent).legend.verdicts"
    )
    assert colours and all(legend[verdict] == colour for verdict, colour in colours)


def test_focus_and_depth_in_the_url_limit_the_graph(explorer: ExplorerPage) -> None:
    explorer.open("?focus=ak:MesaOptimizer&depth=1")
    shown = explorer.page.evaluate("window.explorer.nodes.getIds()")
    assert "ak:MesaOptimizer" in shown
    assert "ak:AlignmentConcept" not in shown
    assert explorer.errors == []


def test_focus_button_hides_everything_beyond_the_chosen_depth(explorer: ExplorerPage) -> None:
    explorer.open()
    explorer.page.fill("#search", "mesa-optimizer")
    explorer.page.press("#search", "Enter")
    explorer.page.fill("#depth", "1")
    explorer.page.click("#focus-button")
    visible = explorer.page.evaluate(
        "window.explorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
    )
    neighbours = explorer.page.evaluate(
        "window.explorer.network.getConnectedNodes('ak:MesaOptimizer')"
    )
    assert set(visible) <= {"ak:MesaOptimizer", *neighbours}
    assert "ak:MesaOptimizer" in visible and "ak:AlignmentConcept" not in visible
    explorer.page.click("#unfocus-button")
    assert (
        explorer.page.evaluate("window.explorer.nodes.get('ak:AlignmentConcept').hidden") is False
    )


def test_standalone_export_works_offline_from_a_file(browser: Any, tmp_path: Path) -> None:
    from service.cli import main

    out = tmp_path / "explorer.html"
    assert main(["explorer", "--out", str(out)]) == 0
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = ExplorerPage(context.new_page(), out.as_uri())
    page.page.goto(out.as_uri())
    page.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file://", "data:"))] == []
    context.close()

"""The explorer in headless Chromium against a real uvicorn server on loopback.

The page must load with no console errors and no request to any host but the server, and
pass an axe-core audit. It opens on the taxonomy core; focusing lays the neighbourhood out
again where the side panel does not cover it; a deep link (as a term page gives) holds the
whole graph and opens the panel; the address keeps the view, so loading it restores the
same nodes. A screenshot is kept in ``test-artifacts/explorer.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import networkx as nx
import pytest

from ontology.cases.documented import load_documented_cases
from ontology.cases.system_graphs import load_system_graphs
from ontology.classifier.engine import classify
from ontology.facts import fact_by_name
from ontology.store import EmbeddedStore
from service.cli import main
from tests.browser.pages import axe_script
from visualizations.graph import build_graph, core_nodes, neighbourhood
from visualizations.style import EDGE_STYLES, SELECTION
from visualizations.verdicts import VERDICT_COLOURS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Kinds a view shows by default (sources are off until switched on).
DEFAULT_KINDS = {"term", "framing", "individual", "case"}


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
        return self.ready()

    def ready(self) -> ExplorerPage:
        self.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        return self

    def visible(self) -> set[str]:
        return set(self.page.evaluate("window.explorer.visibleIds()"))

    def search(self, query: str) -> None:
        """Type into the search box and pick the first hit with Enter."""
        self.page.fill("#search", query)
        self.page.press("#search", "Enter")

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

    def uncovered(self, ids: list[str]) -> dict[str, bool]:
        """Whether each node's centre lies in the canvas and left of the open side panel."""
        inside: dict[str, bool] = self.page.evaluate(
            """(ids) => {
                const net = window.explorer.network;
                const canvas = document.getElementById('network').getBoundingClientRect();
                const panel = document.getElementById('panel');
                const right = panel.hidden ? canvas.right : panel.getBoundingClientRect().left;
                const at = net.getPositions(ids);
                return Object.fromEntries(ids.map((id) => {
                    const dom = net.canvasToDOM(at[id]);
                    const x = canvas.left + dom.x, y = canvas.top + dom.y;
                    const across = x > canvas.left && x < right;
                    return [id, across && y > canvas.top && y < canvas.bottom];
                }));
            }""",
            ids,
        )
        return inside


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


@pytest.fixture(scope="module")
def graph(ontology_store: EmbeddedStore) -> nx.MultiDiGraph:
    """The graph the server's page holds (the same system graphs, no submitted cases)."""
    return build_graph(ontology_store)


def _definition(store: EmbeddedStore, curie: str) -> str:
    iri = "https://w3id.org/alignkg/" + curie.split(":", 1)[1]
    rows: Any = store.query(
        f"SELECT ?d WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#definition> ?d }}"
    )
    return str(next(iter(rows))["d"].value)


def _around(graph: nx.MultiDiGraph, focus: str, depth: int, kinds: set[str]) -> set[str]:
    return set(neighbourhood(graph, focus, depth, kinds=kinds))


def test_page_opens_on_the_core_without_errors_or_requests_off_the_server(
    explorer: ExplorerPage, graph: nx.MultiDiGraph
) -> None:
    explorer.open()
    assert explorer.errors == []
    assert explorer.requests, "the page made its own requests"
    outside = [u for u in explorer.requests if not u.startswith(explorer.base + "/")]
    assert outside == [], f"requests left the server: {outside}"
    assert explorer.visible() == set(core_nodes(graph))
    assert explorer.page.evaluate("window.explorer.nodes.length") == graph.number_of_nodes()
    assert explorer.page.evaluate("document.getElementById('legend').open") is False
    assert all(explorer.uncovered(sorted(explorer.visible())).values()), "the core is fitted"
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.page.screenshot(path=str(ARTIFACTS / "explorer.png"))


def test_focus_lays_out_the_neighbourhood_beside_the_panel(
    explorer: ExplorerPage, graph: nx.MultiDiGraph
) -> None:
    """The issue's report: after 'Focus on selection' the selected node sat behind the side
    panel. Now the neighbourhood is laid out again around it, in the uncovered area."""
    explorer.open("?view=all")
    explorer.search("mesa optimiser")
    explorer.page.wait_for_function("window.explorerHighlighted === 'ak:MesaOptimizer'")
    before = explorer.page.evaluate("window.explorer.network.getPositions(['ak:MesaOptimizer'])")
    explorer.page.fill("#depth", "1")
    explorer.page.click("#focus-button")
    shown = explorer.visible()
    assert shown == _around(graph, "ak:MesaOptimizer", 1, DEFAULT_KINDS)
    assert explorer.page.evaluate("window.explorer.network.getSelectedNodes()") == [
        "ak:MesaOptimizer"
    ]
    assert explorer.page.is_visible("#panel")
    after = explorer.page.evaluate("window.explorer.network.getPositions(['ak:MesaOptimizer'])")
    assert after["ak:MesaOptimizer"] == {"x": 0, "y": 0} != before["ak:MesaOptimizer"]
    inside = explorer.uncovered(sorted(shown))
    assert inside["ak:MesaOptimizer"], "the selected node is hidden behind the panel"
    assert all(inside.values()), [n for n, ok in inside.items() if not ok]
    assert parse_qs(urlsplit(explorer.page.url).query) == {
        "focus": ["ak:MesaOptimizer"],
        "depth": ["1"],
    }
    # The selection has a colour of its own: its edges used to turn the legend's
    # 'disputed' red.
    colours = explorer.page.evaluate(
        """() => {
            const net = window.explorer.network, id = 'ak:MesaOptimizer';
            const edges = net.getConnectedEdges(id)
                .map((e) => net.body.edges[e].options.color.highlight);
            return {node: net.body.nodes[id].options.color.highlight.border, edges: edges};
        }"""
    )
    assert colours["node"] == SELECTION and set(colours["edges"]) == {SELECTION}
    taken = {s["colour"] for s in EDGE_STYLES.values()} | set(VERDICT_COLOURS.values())
    assert SELECTION not in taken
    assert "selected node and its links" in (explorer.page.text_content("#legend") or "")
    assert explorer.errors == []


def test_deep_link_from_a_term_page_holds_everything_and_opens_the_panel(
    explorer: ExplorerPage, graph: nx.MultiDiGraph, ontology_store: EmbeddedStore
) -> None:
    """The term page's link opened 88 nodes, no panel, and Show all could not bring back
    the rest nor search find a case."""
    explorer.page.goto(explorer.base + "/terms/ak:InnerAlignment")
    explorer.page.click("#explorer-link")
    explorer.ready()
    assert explorer.page.inner_text("#panel h2") == "inner alignment"
    assert _definition(ontology_store, "ak:InnerAlignment") in explorer.page.inner_text("#panel")
    framings = explorer.page.locator("#panel .framing-definitions dt").all_inner_texts()
    assert len(framings) >= 2, "inner alignment is defined differently by several framings"
    assert explorer.page.get_attribute("#panel a.term-page", "href") == "/terms/ak:InnerAlignment"
    assert explorer.visible() == _around(graph, "ak:InnerAlignment", 1, DEFAULT_KINDS)
    assert explorer.page.evaluate("window.explorer.nodes.length") == graph.number_of_nodes()
    explorer.page.click("#unfocus-button")
    shown = {n for n, kind in graph.nodes(data="kind") if kind in DEFAULT_KINDS}
    assert explorer.visible() == shown
    assert urlsplit(explorer.page.url).query == "view=all"
    explorer.page.go_back()
    explorer.page.wait_for_function("window.explorerView.focus === 'ak:InnerAlignment'")
    case = "akcase:narrow-qa-kidnapping"
    explorer.page.locator("#search").press_sequentially("narrow question answerer", delay=10)
    options = explorer.page.locator('#search-results[data-query="narrow question answerer"] li')
    options.first.wait_for(state="visible", timeout=10_000)
    assert case in options.evaluate_all("items => items.map(li => li.dataset.id)")
    explorer.page.locator(f'#search-results li[data-id="{case}"]').click()
    explorer.page.wait_for_function(f"window.explorerHighlighted === '{case}'")
    assert case in explorer.visible()
    assert explorer.uncovered([case])[case]
    assert explorer.errors == []


def test_the_address_restores_the_view(explorer: ExplorerPage, graph: nx.MultiDiGraph) -> None:
    explorer.open()
    explorer.search("goal misgeneralization")
    explorer.page.wait_for_function("window.explorerHighlighted === 'ak:GoalMisgeneralization'")
    explorer.page.fill("#depth", "2")
    explorer.page.click("#focus-button")
    explorer.page.uncheck("#show-cases")
    explorer.page.check("#show-sources")
    explorer.page.select_option("#framing-select", "ak:ThreatModelFraming")
    query = parse_qs(urlsplit(explorer.page.url).query)
    assert query == {
        "focus": ["ak:GoalMisgeneralization"],
        "depth": ["2"],
        "sources": ["true"],
        "cases": ["false"],
        "framing": ["ak:ThreatModelFraming"],
    }
    colours = explorer.page.evaluate(
        """() => window.explorer.nodes.get({filter: n => n.kind === 'case'})
                 .map(n => [n.verdict, n.color.background])"""
    )
    assert colours and all(VERDICT_COLOURS[verdict] == colour for verdict, colour in colours)
    kinds = {"term", "framing", "individual", "source"}
    shown = explorer.visible()
    assert not [n for n in shown if n.startswith("akcase:")], "cases are switched off"
    assert shown == _around(graph, "ak:GoalMisgeneralization", 2, kinds)
    positions = explorer.page.evaluate("window.explorer.network.getPositions()")
    address = explorer.page.url
    explorer.page.goto("about:blank")
    explorer.page.goto(address)
    explorer.ready()
    assert explorer.visible() == shown
    assert explorer.page.evaluate("window.explorer.network.getPositions()") == positions
    assert explorer.page.inner_text("#panel h2") == "goal misgeneralization"
    assert not explorer.page.is_checked("#show-cases")
    assert explorer.page.input_value("#framing-select") == "ak:ThreatModelFraming"
    assert explorer.errors == []


def test_the_case_panel_says_the_facts_in_words_and_what_would_settle_it(
    explorer: ExplorerPage,
) -> None:
    documented = [c for c in load_documented_cases() if c["expected"]["verdict"] == "ambiguous"]
    case = documented[0]
    explorer.open(f"?focus=akcase:{case['id']}&depth=1")
    explorer.click_node(f"akcase:{case['id']}")
    verdicts = explorer.page.locator("#panel table.case-verdicts tr[data-framing]")
    assert verdicts.count() >= 5
    shown = set(verdicts.evaluate_all("rows => rows.map(r => r.dataset.verdict)"))
    assert len(shown) >= 2, "an ambiguous case has framings that say different things"
    assert "framings disagree" in explorer.page.inner_text("#panel .overall")
    first = classify(case["facts"], partition=case.get("partition")).questions[0]
    assert explorer.page.inner_text("#panel .settling .question") == first.question
    facts = explorer.page.locator("#panel .case-facts dt")
    assert facts.count() == len(case["facts"])
    for name, value in case["facts"].items():
        text = explorer.page.inner_text(f'#panel .case-facts dt[data-fact="{name}"]')
        label = fact_by_name(name).label
        assert text == f"{label[0].upper()}{label[1:]}: {'yes' if value else 'no'}"
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
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    explorer.page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    explorer.page.keyboard.press("ArrowUp")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    explorer.page.keyboard.press("ArrowDown")
    chosen = options.nth(1).get_attribute("data-id")
    explorer.page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert explorer.page.locator("#search-results").is_hidden()
    assert box.input_value() == "inner alig", "Escape closes the list, it does not clear"
    explorer.page.keyboard.press("ArrowDown")
    options.first.wait_for(state="visible")
    explorer.page.keyboard.press("ArrowDown")
    explorer.page.keyboard.press("Enter")
    explorer.page.wait_for_function("(id) => window.explorerHighlighted === id", arg=chosen)
    assert explorer.page.inner_text("#panel h2") == explorer.page.evaluate(
        "(id) => JSON.parse(document.getElementById('explorer-data').textContent)"
        ".details[id].label",
        chosen,
    )
    assert explorer.errors == []


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
    asked = [u for u in explorer.requests if u.startswith(explorer.base + "/search?")]
    assert asked, "the explorer asks the server's /search"
    explorer.page.press("#search", "Enter")
    explorer.page.wait_for_function("window.explorerHighlighted === 'ak:MesaOptimizer'")
    assert explorer.page.input_value("#search") == "mesa-optimizer"
    assert explorer.page.inner_text("#panel h2") == "mesa-optimizer"
    for query in ("Mesa-Optimizer", "MESAOPTIMISER", "mesa optimizer"):
        found = explorer.page.evaluate("(q) => window.explorer.search(q)", query)
        assert found[0] == "ak:MesaOptimizer", query
    assert explorer.errors == []


def test_explorer_has_no_serious_accessibility_violation(explorer: ExplorerPage) -> None:
    """Audited with a case's panel open and the search list showing."""
    script = axe_script()
    explorer.open("?focus=akcase:narrow-qa-kidnapping")
    explorer.page.locator("#search").press_sequentially("reward", delay=10)
    explorer.page.locator("#search-results [role=option]").first.wait_for(state="visible")
    explorer.page.add_script_tag(content=script)
    result = explorer.page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert explorer.errors == []


def test_standalone_export_works_offline_from_a_file(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "explorer.html"
    assert main(["explorer", "--out", str(out), "--focus", "ak:MesaOptimizer"]) == 0
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = ExplorerPage(context.new_page(), out.as_uri())
    page.page.goto(out.as_uri())
    page.ready()
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file://", "data:"))] == []
    assert page.page.inner_text("#panel h2") == "mesa-optimizer"
    assert "ak:MesaOptimizer" in page.visible()
    context.close()

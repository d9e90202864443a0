"""The explorer page: our own template, no CDN, the data the page script reads."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ontology.classifier.engine import classify
from ontology.facts import case_facts
from ontology.store import EmbeddedStore
from visualizations import verdicts
from visualizations.render import (
    ExplorerView,
    UnknownFocus,
    UnknownFraming,
    explorer_html,
    script_json,
)

CDN_HOSTS = ("cdn", "jsdelivr", "unpkg", "cloudflare", "bootstrap", "googleapis", "jquery")


def _embedded(html: str, script_id: str) -> dict[str, Any]:
    found = re.search(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"the page embeds {script_id}"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _page_data(html: str) -> dict[str, Any]:
    return _embedded(html, "explorer-data")


def _view(html: str) -> dict[str, Any]:
    return _embedded(html, "explorer-view")


def _external_references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)\s*=\s*["\'](?:https?:)?//[^"\']+', html)


def test_standalone_page_inlines_everything_and_names_no_cdn(
    fixture_store: EmbeddedStore,
) -> None:
    html = explorer_html(fixture_store, standalone=True)
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
    assert "vis-network" in html and "new vis.Network" in html
    assert _external_references(html) == []
    for host in CDN_HOSTS:
        assert f"//{host}" not in html.lower() and f".{host}." not in html.lower()


def test_served_page_loads_vis_from_its_own_origin(fixture_store: EmbeddedStore) -> None:
    html = explorer_html(fixture_store, vis_src="/explorer/vis-network.min.js")
    assert re.findall(r'<script src="([^"]+)"', html) == ["/explorer/vis-network.min.js"]
    assert _external_references(html) == []


def test_page_data_holds_nodes_edges_details_and_legend(fixture_store: EmbeddedStore) -> None:
    data = _page_data(explorer_html(fixture_store, standalone=True))
    ids = {n["id"] for n in data["nodes"]}
    assert {"ak:MesaOptimizer", "ak:RFLOFraming", "aksrc:RFLO", "akcase:evolution"} <= ids
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert {e["kind"] for e in data["edges"]} >= {"subclass", "defined_in", "exhibits", "disputed"}
    assert data["details"]["ak:MesaOptimizer"]["href"] == "/terms/ak:MesaOptimizer"
    assert set(data["legend"]["nodes"]) >= {"term", "framing", "source", "case"}
    assert data["options"]["physics"]["enabled"] is False, "every position is computed"
    assert "ak:InnerAlignment" in data["core"]["nodes"]


def test_standalone_term_links_can_point_at_the_term_iri(fixture_store: EmbeddedStore) -> None:
    data = _page_data(explorer_html(fixture_store, standalone=True, term_base=None))
    assert data["details"]["ak:MesaOptimizer"]["href"] == "https://w3id.org/alignkg/MesaOptimizer"


def test_a_focus_view_holds_the_whole_graph_and_names_its_focus(
    fixture_store: EmbeddedStore,
) -> None:
    """Show all, search and links must reach every node, so a focused page holds them all;
    the view only says where it opens, its names resolved to node ids."""
    everything = {n["id"] for n in _page_data(explorer_html(fixture_store))["nodes"]}
    html = explorer_html(fixture_store, ExplorerView(focus="mesa-optimizer", depth=9))
    assert {n["id"] for n in _page_data(html)["nodes"]} == everything
    assert _view(html)["focus"] == "ak:MesaOptimizer"
    assert _view(html)["depth"] == 6, "depth is clamped to what the page allows"


def test_a_view_without_cases_hides_them_but_keeps_them(fixture_store: EmbeddedStore) -> None:
    html = explorer_html(fixture_store, ExplorerView(cases=False, scope="all"))
    assert [n for n in _page_data(html)["nodes"] if n["kind"] == "case"]
    assert _view(html)["cases"] is False and _view(html)["scope"] == "all"


def test_a_standalone_page_falls_back_on_the_view_it_was_written_for(
    fixture_store: EmbeddedStore,
) -> None:
    view = ExplorerView(focus="ak:Optimizer", cases=False)
    defaults = _page_data(explorer_html(fixture_store, view, standalone=True))["defaults"]
    assert defaults["focus"] == "ak:Optimizer" and defaults["cases"] is False
    served = _page_data(explorer_html(fixture_store, view))["defaults"]
    assert served["focus"] is None and served["scope"] == "core"


def test_the_case_panel_has_fact_words_and_the_settling_question(
    fixture_store: EmbeddedStore,
) -> None:
    data = _page_data(explorer_html(fixture_store))
    for fact in case_facts():
        assert data["facts"][fact.name] == {"label": fact.label, "question": fact.question}
    settling = data["details"]["akcase:kidnap"]["verdicts"]["settling"]
    first = classify({}).questions[0].to_dict()  # the kidnap case states no facts
    assert settling == {k: first[k] for k in ("fact", "question", "if_yes", "if_no")}


def test_embedded_text_cannot_close_the_script_element() -> None:
    """A label such as 'a </script> b' must not end the data's element early."""
    value = {"label": "a </script><!-- b", "n": [1, "<"]}
    embedded = script_json(value)
    assert "<" not in embedded
    assert json.loads(embedded) == value


def test_unknown_focus_names_close_matches(fixture_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownFocus) as caught:
        explorer_html(fixture_store, ExplorerView(focus="ak:MesaOptimiser"))
    assert "ak:MesaOptimizer" in caught.value.close


def test_unknown_framing_is_refused(fixture_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownFraming):
        explorer_html(fixture_store, ExplorerView(framing="ak:MesaOptimizer"))


def test_the_search_box_asks_the_server_and_a_standalone_page_has_none(
    fixture_store: EmbeddedStore,
) -> None:
    served = explorer_html(fixture_store, vis_src="/x/vis.js", search_url="/search")
    assert _page_data(served)["search"] == "/search"
    assert 'id="search"' in served and 'role="combobox"' in served
    standalone = explorer_html(fixture_store, standalone=True, search_url="/search")
    assert _page_data(standalone)["search"] is None
    assert 'id="search"' not in standalone


def test_without_the_classifier_a_case_shows_its_expected_verdict(
    monkeypatch: pytest.MonkeyPatch, fixture_store: EmbeddedStore
) -> None:
    monkeypatch.setattr(verdicts, "load_classifier", lambda: None)
    data = _page_data(explorer_html(fixture_store))
    case = data["details"]["akcase:kidnap"]["verdicts"]
    assert case["verdict"] == "ambiguous" and case["ambiguous"] is True
    assert case["computed_by"] == "expected" and "not available" in case["note"]


def test_a_classifier_verdict_is_shown_per_framing() -> None:
    class Result:
        def to_dict(self) -> dict[str, Any]:
            return {
                "verdict": "ambiguous",
                "ambiguous": True,
                "framings": [
                    {"framing": "ak:RFLOFraming", "label": "RFLO", "verdict": "outer"},
                    {"framing": "ak:ThreatModelFraming", "label": "TM", "verdict": "inner"},
                ],
                "disagreement": {"outer": ["ak:RFLOFraming"], "inner": ["ak:ThreatModelFraming"]},
            }

    seen: list[Any] = []

    def classify(facts: Any, *, partition: Any = None) -> Result:
        seen.append((facts, partition))
        return Result()

    shown = verdicts.case_verdicts(
        {"narrowSystem": True},
        partition="training",
        expected="ambiguous",
        classify=classify,
    )
    assert seen == [({"narrowSystem": True}, "training")]
    assert shown["computed_by"] == "classifier" and shown["ambiguous"]
    assert verdicts.verdict_under(shown, "ak:ThreatModelFraming") == "inner"
    assert verdicts.verdict_under(shown, None) == "ambiguous"

"""``GET /explorer`` and ``alignkg explorer --out``: the explorer through the service and CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from ontology.vocab import expand
from service.cli import main


def test_explorer_page_is_html_loading_vis_from_the_same_origin(client: TestClient) -> None:
    response = client.get("/explorer")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts == ["/explorer/vis-network.min.js"]
    script = client.get(scripts[0])
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert "vis-network" in script.text[:400]


def _embedded(page: str, script_id: str) -> dict[str, Any]:
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', page)
    assert found, f"the page embeds {script_id}"
    value: dict[str, Any] = json.loads(found.group(1))
    return value


def test_explorer_focus_opens_on_a_neighbourhood_of_the_whole_graph(client: TestClient) -> None:
    """A focused page (the term pages link to one) holds every node, so Show all and
    search reach them; the view it opens on names the focus."""
    everything = _embedded(client.get("/explorer").text, "explorer-data")
    focused = client.get("/explorer", params={"focus": "ak:RFLOFraming", "depth": 1}).text
    assert _embedded(focused, "explorer-data")["nodes"] == everything["nodes"]
    view = _embedded(focused, "explorer-view")
    assert (view["focus"], view["depth"]) == ("ak:RFLOFraming", 1)
    assert _embedded(client.get("/explorer").text, "explorer-view")["focus"] is None


def test_explorer_opens_on_everything_or_the_core(client: TestClient) -> None:
    assert _embedded(client.get("/explorer?view=all").text, "explorer-view")["scope"] == "all"
    assert _embedded(client.get("/explorer").text, "explorer-view")["scope"] == "core"
    response = client.get("/explorer", params={"view": "everything"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_explorer_with_unknown_focus_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/explorer", params={"focus": "ak:NoSuchTermAtAll"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "NoSuchTermAtAll" in response.json()["detail"]


def test_explorer_with_bad_focus_syntax_is_a_problem_not_a_crash(client: TestClient) -> None:
    response = client.get("/explorer", params={"focus": "nope:Thing"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_explorer_depth_out_of_range_is_422(client: TestClient) -> None:
    response = client.get("/explorer", params={"focus": "ak:RFLOFraming", "depth": 99})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "depth"


def test_explorer_with_a_framing_that_is_not_one_is_422(client: TestClient) -> None:
    response = client.get("/explorer", params={"framing": "ak:FailureCase"})
    assert response.status_code == 422
    assert "ak:RFLOFraming" in response.json()["framings"]


def test_explorer_can_colour_by_a_framing_and_open_with_cases_hidden(client: TestClient) -> None:
    response = client.get(
        "/explorer", params={"framing": "ak:ThreatModelFraming", "cases": "false"}
    )
    assert response.status_code == 200
    view = _embedded(response.text, "explorer-view")
    assert (view["framing"], view["cases"]) == ("ak:ThreatModelFraming", False)
    assert '"kind": "case"' in response.text, "hidden cases are still there to switch on"


def test_cli_writes_a_standalone_page(tmp_path: Path) -> None:
    out = tmp_path / "explorer.html"
    assert main(["explorer", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html
    assert "new vis.Network" in html and "explorer-data" in html


def test_cli_refuses_an_unknown_focus(tmp_path: Path) -> None:
    out = tmp_path / "explorer.html"
    assert main(["explorer", "--out", str(out), "--focus", "ak:NoSuchTermAtAll"]) == 2
    assert not out.exists()


def test_explorer_shows_exactly_the_terms_that_terms_lists(client: TestClient) -> None:
    """One reader of the ontology: the explorer's terms are GET /terms' terms, by IRI."""
    listed = client.get("/terms", params={"limit": 500}).json()
    assert listed["total"] == len(listed["items"]), "one page holds every term"
    terms = {item["iri"] for item in listed["items"]}
    nodes = _embedded(client.get("/explorer").text, "explorer-data")["nodes"]
    shown = {expand(n["id"]) for n in nodes if n["kind"] not in ("case", "source")}
    assert sorted(shown - terms) == [], "the explorer shows terms that /terms does not list"
    assert sorted(terms - shown) == [], "the explorer leaves out terms that /terms lists"

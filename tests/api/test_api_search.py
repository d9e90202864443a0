"""Search and autocomplete: ranking, spelling-insensitivity, and bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("query", ["mesa optimiser", "Mesa-Optimizer", "MESA OPTIMIZER"])
def test_search_finds_mesa_optimizer_first_whatever_the_spelling(
    reader: TestClient, query: str
) -> None:
    body = reader.get("/search", params={"q": query}).json()
    assert body["results"][0]["curie"] == "ak:MesaOptimizer"
    assert body["results"][0]["match"] in ("exact-label", "exact-alt-label")


def test_search_ranks_exact_then_prefix_then_definition(reader: TestClient) -> None:
    results = reader.get("/search", params={"q": "inner alignment", "limit": 100}).json()["results"]
    assert results[0]["curie"] == "ak:InnerAlignment"
    tiers = [
        "exact-label",
        "exact-alt-label",
        "label-prefix",
        "alt-label-prefix",
        "word-prefix",
        "definition",
    ]
    ranks = [tiers.index(r["match"]) for r in results]
    assert ranks == sorted(ranks)
    assert "label-prefix" in {r["match"] for r in results}  # inner alignment problem, ...
    assert "definition" in {r["match"] for r in results}


def test_search_matches_words_in_definitions(reader: TestClient) -> None:
    mesa = reader.get("/terms/ak:MesaOptimizer").json()["definition"]
    results = reader.get("/search", params={"q": "runs a search of its own"}).json()["results"]
    assert mesa and "ak:MesaOptimizer" in {r["curie"] for r in results}


def test_search_without_hits_is_an_empty_list(reader: TestClient) -> None:
    body = reader.get("/search", params={"q": "zzxqv"}).json()
    assert body["total"] == 0 and body["results"] == []


def test_search_without_q_is_422_naming_q(reader: TestClient) -> None:
    response = reader.get("/search")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "q"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "reward", "limit": "0"}, "limit"),
        ({"q": "reward", "limit": "101"}, "limit"),
        ({"q": "reward", "limit": "many"}, "limit"),
        ({"q": "reward", "offset": "-1"}, "offset"),
    ],
)
def test_search_parameter_out_of_range_is_422_naming_it(
    reader: TestClient, params: dict[str, str], field: str
) -> None:
    # /search reads its parameters by hand (service/hot_params.py): the limits in the
    # OpenAPI document must be the ones enforced.
    response = reader.get("/search", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]
    documented = {
        p["name"]: p["schema"]
        for p in reader.get("/openapi.json").json()["paths"]["/search"]["get"]["parameters"]
    }
    assert documented["q"] == {"type": "string", "minLength": 1, "maxLength": 200}
    assert documented["limit"]["minimum"] == 1 and documented["limit"]["maximum"] == 100


def test_search_pages_with_offset_and_limit(reader: TestClient) -> None:
    everything = reader.get("/search", params={"q": "alignment", "limit": 100}).json()["results"]
    page = reader.get("/search", params={"q": "alignment", "offset": 2, "limit": 3}).json()
    assert [r["curie"] for r in page["results"]] == [r["curie"] for r in everything[2:5]]


def test_suggest_completes_label_prefixes(reader: TestClient) -> None:
    suggestions = reader.get("/suggest", params={"q": "mesa-opt"}).json()
    assert suggestions[0]["curie"] == "ak:MesaOptimizer"
    words = reader.get("/suggest", params={"q": "misgen"}).json()
    assert "ak:GoalMisgeneralization" in {s["curie"] for s in words}


def test_suggest_respects_limit(reader: TestClient) -> None:
    assert len(reader.get("/suggest", params={"q": "a", "limit": 3}).json()) <= 3


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mesa-optimis", "ak:MesaOptimizer"),
        ("mesa optimisa", "ak:MesaOptimization"),
        ("goal misgeneralis", "ak:GoalMisgeneralization"),
    ],
)
def test_a_half_typed_british_spelling_still_completes(
    reader: TestClient, typed: str, expected: str
) -> None:
    suggested = [s["curie"] for s in reader.get("/suggest", params={"q": typed}).json()]
    assert expected in suggested
    found = [r["curie"] for r in reader.get("/search", params={"q": typed}).json()["results"]]
    assert expected in found

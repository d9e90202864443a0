"""Every 422 has one shape, whichever layer refused the request.

FastAPI's own validation, a route's check of a parameter, and the classifier's check of
the facts all answer ``application/problem+json`` of type ``.../problems/validation``
with ``errors``: a list of ``{field, message}`` naming what to fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

REFUSALS: list[tuple[str, str, dict[str, Any], str]] = [
    # (method, path, request arguments, the field the problem must name)
    ("POST", "/classify", {"json": {"facts": {"deceptive": "yes"}}}, "facts.deceptive"),
    ("POST", "/classify", {"json": {"facts": {"kidnaps": True}}}, "facts.kidnaps"),
    (
        "POST",
        "/classify",
        {"json": {"facts": {"rewardedInTraining": True, "wouldBeRewarded": False}}},
        "facts.rewardedInTraining",
    ),
    ("POST", "/classify", {"json": {"facts": {}, "framing": "ak:Nope"}}, "framing"),
    ("GET", "/terms", {"params": {"kind": "nonsense"}}, "kind"),
    ("GET", "/terms", {"params": {"mapped_to": "no-such-risk"}}, "mapped_to"),
    ("GET", "/terms", {"params": {"limit": 0}}, "limit"),
    ("GET", "/terms/lookup", {"params": {"iri": " "}}, "iri"),
    ("GET", "/search", {"params": {"q": ""}}, "q"),
    ("GET", "/terms/MesaOptimizer/graph", {"params": {"depth": 9}}, "depth"),
]


@pytest.mark.parametrize(("method", "path", "arguments", "field"), REFUSALS)
def test_every_422_names_its_field_in_one_problem_shape(
    reader: TestClient, method: str, path: str, arguments: dict[str, Any], field: str
) -> None:
    response = reader.request(method, path, **arguments)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "https://w3id.org/alignkg/problems/validation"
    assert problem["title"] == "Invalid request" and problem["status"] == 422
    assert problem["instance"] == path and problem["detail"]
    fields = [e["field"] for e in problem["errors"]]
    assert all(set(e) >= {"field", "message"} and e["message"] for e in problem["errors"])
    assert any(f == field or f.startswith(field) for f in fields), fields

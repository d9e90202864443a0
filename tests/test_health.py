from fastapi.testclient import TestClient


def test_health_answers_ok_with_the_ontology_loaded(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    store = client.app.state.store  # type: ignore[attr-defined]
    assert "https://w3id.org/alignkg/graph/ontology" in store.named_graphs()


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_oversized_body_is_refused_with_413(client: TestClient) -> None:
    too_big = b"x" * (client.app.state.settings.max_body_bytes + 1)  # type: ignore[attr-defined]
    response = client.post("/health", content=too_big)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")

"""Every example in the OpenAPI document, sent to the app, answers its documented status.

An example is what a reader of ``/docs`` copies first, so a stale one (a case id that no
longer exists, a query that no longer parses) is a bug a reader meets before any other.
Each operation is called once with the examples of its required parameters, then once
more for each other parameter example and each body example. The status expected is the
operation's success status, or the one an example names in ``x-status`` (an example that
shows a refusal, such as deleting a documented case).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from live_server import KEY, running_server

AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A real server: an IRI encoded twice in a path (the OLS routes) must reach it as
    sent, which a TestClient's extra decoding would spoil."""
    with (
        running_server(tmp_path_factory.mktemp("examples") / "var") as (_, url),
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


def _named(holder: dict[str, Any]) -> list[tuple[Any, int | None]]:
    """(value, status named by the example or None) for each example ``holder`` carries."""
    found: list[tuple[Any, int | None]] = []
    if "example" in holder:
        found.append((holder["example"], None))
    examples = holder.get("examples")
    if isinstance(examples, dict):
        found += [(e["value"], e.get("x-status")) for e in examples.values() if "value" in e]
    elif isinstance(examples, list):
        found += [(value, None) for value in examples]
    return found


def _resolved(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """A body schema with its ``$ref`` followed (the model's examples live there)."""
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], schema) if ref else schema


def _param_examples(param: dict[str, Any]) -> list[tuple[Any, int | None]]:
    return _named(param) or _named(param.get("schema", {}))


def _calls(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], int | None]]:
    """(method, path, request arguments, status the example names) for every example.

    An operation with a body always gets one (its first example, if the call is about a
    parameter); one whose optional parameters have examples is not also called bare, since
    some need one of them (the Graph Store's ``graph`` or ``default``).
    """
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            required = {p["name"]: _param_examples(p) for p in params if p.get("required")}
            if any(not examples for examples in required.values()):
                continue  # a required parameter without an example cannot be called from docs
            base = {name: examples[0] for name, examples in required.items()}
            bodies = [
                (media_type, value, status)
                for media_type, content in operation.get("requestBody", {})
                .get("content", {})
                .items()
                for value, status in _named(content)
                or _named(_resolved(content.get("schema", {}), components))
            ]
            media_type, body, _ = bodies[0] if bodies else (None, None, None)
            variants: list[dict[str, tuple[Any, int | None]]] = []
            for param in params:
                examples = _param_examples(param)
                rest = examples[1:] if param.get("required") else examples
                variants += [{**base, param["name"]: value} for value in rest]
            if not variants and not bodies:
                variants.append(base)
            for values in variants:
                yield (
                    method,
                    path,
                    _arguments(params, values, media_type, body),
                    _named_status(values),
                )
            # A body goes with the first parameter example when there is one (the Graph
            # Store needs ?graph or ?default beside its body).
            with_body = variants[0] if variants else base
            for media_type, body, status in bodies:
                arguments = _arguments(params, with_body, media_type, body)
                yield method, path, arguments, status or _named_status(with_body)


def _named_status(values: dict[str, tuple[Any, int | None]]) -> int | None:
    return next((status for _, status in values.values() if status is not None), None)


def _arguments(
    params: list[dict[str, Any]],
    values: dict[str, tuple[Any, int | None]],
    media_type: str | None,
    body: Any,
) -> dict[str, Any]:
    where = {p["name"]: p["in"] for p in params}
    path_values = {n: v for n, (v, _) in values.items() if where[n] == "path"}
    query = {n: v for n, (v, _) in values.items() if where[n] == "query"}
    headers = {n: str(v) for n, (v, _) in values.items() if where[n] == "header"}
    arguments: dict[str, Any] = {"path": path_values, "params": query, "headers": headers}
    if media_type is not None:
        arguments["headers"]["Content-Type"] = media_type
        if media_type == "application/x-www-form-urlencoded":
            arguments["data"] = body
        elif media_type.endswith("json"):
            arguments["content"] = json.dumps(body)
        else:
            arguments["content"] = body if isinstance(body, str) else json.dumps(body)
    return arguments


def _successes(operation: dict[str, Any]) -> set[int]:
    return {int(s) for s in operation["responses"] if s.startswith("2")}


def test_every_example_answers_its_documented_status(app_client: httpx.Client) -> None:
    schema = app_client.get("/openapi.json").json()
    wrong = []
    calls = list(_calls(schema))
    assert len(calls) > 60, "the document's examples were found"
    for method, path, arguments, named in calls:
        url = path.format(**arguments.pop("path"))
        headers = {**AUTH, **arguments.pop("headers")}
        response = app_client.request(method.upper(), url, headers=headers, **arguments)
        expected = {named} if named else _successes(schema["paths"][path][method])
        if response.status_code not in expected:
            wrong.append(
                f"{method.upper()} {url} {arguments}: {response.status_code} not {expected}"
            )
    assert not wrong, "\n".join(wrong)

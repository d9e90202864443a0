"""Parameters of the two hottest routes (term lookup, search), read without FastAPI.

FastAPI resolves each declared parameter on every request, about 25 µs apiece (three
query parameters cost a search a quarter of its time; see ``bench/rest_inprocess.py``).
The hot routes declare none and validate a pydantic model of their parameters instead:
the same constraints, the same 422 problem when one is broken (a
``RequestValidationError``, so ``service/http/problems.py`` renders it), and the same OpenAPI
parameters, generated from the model by ``openapi_parameters``.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Params = TypeVar("Params", bound=BaseModel)
Location = Literal["query", "path"]


def read_params(model: type[Params], request: Request, where: Location = "query") -> Params:
    """``model`` validated from the request's query string (or path), or a 422 problem."""
    given = request.query_params if where == "query" else request.path_params
    try:
        return model.model_validate(given)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": (where, *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


def openapi_parameters(model: type[BaseModel], where: Location = "query") -> list[dict[str, Any]]:
    """OpenAPI parameter objects for the fields of ``model``, as FastAPI would write them."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = []
    for name, field_schema in schema["properties"].items():
        field_schema = dict(field_schema)
        parameter: dict[str, Any] = {"name": name, "in": where, "required": name in required}
        if "description" in field_schema:
            parameter["description"] = field_schema.pop("description")
        if "openapi_examples" in field_schema:  # named ones, as FastAPI's openapi_examples=
            parameter["examples"] = field_schema.pop("openapi_examples")
        elif "examples" in field_schema:
            parameter["example"] = field_schema.pop("examples")[0]
        field_schema.pop("title", None)
        if field_schema.get("default", 0) is None:  # absent, in a query string: not null
            del field_schema["default"]
            (field_schema,) = (s for s in field_schema.pop("anyOf") if s != {"type": "null"})
        parameters.append({**parameter, "schema": field_schema})
    return parameters

"""``/``: where a person or a tool starts: what the service is and where each face lives.

A browser gets a short page of links; anything else gets the same links as JSON, so a
client can find the API without knowing its paths beforehand.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.http.negotiation import negotiate

router = APIRouter(tags=["service"])

#: (path, what it is), in the order a newcomer wants them.
LINKS: list[tuple[str, str]] = [
    ("/explorer", "interactive graph explorer of the terms, framings and cases"),
    ("/classify", "classify a failure: describe it, answer the questions, see every framing"),
    ("/sparql", "SPARQL 1.1 endpoint and query page"),
    ("/terms", "the terms, paged; /terms/{id} for one, as JSON, RDF or a page"),
    ("/search?q=mesa+optimizer", "search labels, synonyms and definitions"),
    ("/framings", "the framings of outer/inner alignment, side by side"),
    ("/framings/disagreements", "for each pair of framings, the cases they classify differently"),
    ("/cases", "documented failure cases and their verdicts"),
    ("/docs", "the REST API, with an example for every operation"),
    ("/ontology", "the whole ontology, in Turtle, RDF/XML, N-Triples or JSON-LD"),
    ("/stats", "counts of terms, cases and triples; the ontology's version"),
]
_ABOUT = (
    "A knowledge graph of AI-alignment terminology: an OWL ontology of the objective"
    " taxonomy, and a classifier that reads a failure case under every framing of"
    " outer and inner alignment."
)


@router.get(
    "/",
    summary="Where to start: links to every part of the service",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {"name": "alignkg", "about": _ABOUT, "links": dict(LINKS[:2])}
                },
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
async def home(request: Request) -> Response:
    if negotiate(request.headers.get("accept"), ["json", "html"]) == "json":
        return JSONResponse({"name": "alignkg", "about": _ABOUT, "links": dict(LINKS)})
    items = "\n".join(
        f'<li><a href="{escape(path)}">{escape(path)}</a>: {escape(what)}</li>'
        for path, what in LINKS
    )
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>alignkg</title><style>body{font:16px/1.5 system-ui,sans-serif;"
        "max-width:46rem;margin:2rem auto;padding:0 1rem}a{color:#2456a6}</style></head>"
        f"<body><h1>alignkg</h1><p>{escape(_ABOUT)}</p><ul>{items}</ul></body></html>"
    )

"""``GET /search`` for a browser: the search form and, once something is asked, the hits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.pages.paging import json_url, page_links
from service.pages.render import template

#: How a hit matched (``ontology.terms.search.TIERS``), in words.
MATCHES = {
    "exact-label": "its label",
    "exact-alt-label": "another of its names",
    "label-prefix": "its label starts so",
    "alt-label-prefix": "another name starts so",
    "word-prefix": "a word of a name starts so",
    "definition": "found in its definition",
}


def search_page(found: Mapping[str, Any] | None) -> bytes:
    """The page as UTF-8 HTML; ``found`` is ``search()``'s answer, None before a search."""
    if found is None:
        return template("search.html").render(query="", json_url="").encode()
    params = {"q": found["query"]}
    paging = page_links(
        "/search", params, offset=found["offset"], limit=found["limit"], total=found["total"]
    )
    return (
        template("search.html")
        .render(
            {**found, **paging},
            matches=MATCHES,
            json_url=json_url({**params, "offset": found["offset"], "limit": found["limit"]}),
        )
        .encode()
    )

"""Previous / next links of a paged listing page (``/terms``, ``/search``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode


def page_links(
    path: str, params: Mapping[str, Any], *, offset: int, limit: int, total: int
) -> dict[str, Any]:
    """Where this page starts and ends (1-based) and the links to its neighbours.

    ``params`` are the listing's other query parameters, kept on both links; a neighbour
    that would be empty gets no link (None).

    >>> links = page_links("/terms", {"kind": "framing"}, offset=0, limit=50, total=120)
    >>> links["first"], links["last"], links["previous_url"], links["next_url"]
    (1, 50, None, '/terms?kind=framing&offset=50&limit=50')
    """
    kept = {k: v for k, v in params.items() if v is not None}

    def url(start: int) -> str:
        return f"{path}?{urlencode({**kept, 'offset': start, 'limit': limit})}"

    last = min(offset + limit, total)
    return {
        "first": offset + 1 if total > offset else 0,
        "last": last,
        "limit": limit,
        "previous_url": url(max(offset - limit, 0)) if offset > 0 else None,
        "next_url": url(offset + limit) if offset + limit < total else None,
    }


def json_url(params: Mapping[str, Any]) -> str:
    """The link to this listing as JSON: the same query with ``format=json``.

    >>> json_url({"q": "mesa", "offset": 0, "format": "html"})
    '?q=mesa&offset=0&format=json'
    """
    kept = {k: v for k, v in params.items() if v is not None and k != "format"}
    return "?" + urlencode({**kept, "format": "json"})

"""``GET /terms`` for a browser: the paged table of terms, with a link per kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from service.pages.paging import json_url, page_links
from service.pages.render import template


def kind_url(kind: str) -> str:
    """The listing of one kind's terms.

    >>> kind_url("failure-mode")
    '/terms?kind=failure-mode'
    """
    return "/terms?" + urlencode({"kind": kind})


def term_list_page(page: Mapping[str, Any], *, main_kinds: Iterable[str]) -> bytes:
    """One page of ``list_terms`` (label, kind, the definition's start) as UTF-8 HTML.

    The filter links are the ``main_kinds`` (those that are some term's own kind): the
    listing also counts every broader class as a kind, a hundred links nobody reads.
    """
    params = {"kind": page["kind"]}
    shown = sorted({*main_kinds, *([page["kind"]] if page["kind"] else [])})
    paging = page_links(
        "/terms", params, offset=page["offset"], limit=page["limit"], total=page["total"]
    )
    return (
        template("terms.html")
        .render(
            {**page, **paging},
            filters=[(kind, page["kinds"].get(kind, 0), kind_url(kind)) for kind in shown],
            json_url=json_url({**params, "offset": page["offset"], "limit": page["limit"]}),
        )
        .encode()
    )

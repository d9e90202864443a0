"""The start page: what alignkg is, a search box, and where each part of the service lives."""

from __future__ import annotations

from collections.abc import Sequence

from service.pages.render import template


def home_page(about: str, links: Sequence[tuple[str, str]]) -> bytes:
    """The start page as UTF-8 HTML; ``links`` are (path, what it is) pairs."""
    return template("home.html").render(about=about, links=links).encode()

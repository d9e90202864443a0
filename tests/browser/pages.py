"""Helpers the browser tests share that are not fixtures."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def watch_page(page: Any, server: str) -> tuple[list[str], list[str]]:
    """Record the page's console errors and every request to a host other than ``server``.

    Returns the two lists, filled as the page runs: (errors, foreign request URLs).
    """
    host = urlsplit(server).netloc
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            None
            if urlsplit(r.url).netloc == host or r.url.startswith(("data:", "blob:"))
            else foreign.append(r.url)
        ),
    )
    return errors, foreign

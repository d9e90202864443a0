"""The readable page of where the framings disagree, from ``templates/disagreements.html``."""

from __future__ import annotations

from typing import Any

from service.pages.render import template


def disagreements_page(table: dict[str, Any]) -> bytes:
    """The pairs of framings with the cases that separate them, as UTF-8 HTML."""
    return template("disagreements.html").render(table=table).encode()

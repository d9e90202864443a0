"""The one Jinja environment the HTML pages are rendered with (templates/, autoescaped)."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from service.pages import TEMPLATES


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True
    )
    env.filters["term_url"] = lambda curie: "/terms/" + quote(curie, safe=":")
    env.filters["case_url"] = lambda case_id: "/cases/" + quote(case_id, safe="")
    return env


def template(name: str) -> Template:
    """A page template by file name, e.g. ``term.html``."""
    return _environment().get_template(name)

"""Pages about the ontology as a whole: its counts (``/stats``), its downloads (``/ontology``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.pages.render import template
from service.pages.term_list_page import kind_url


def stats_page(stats: Mapping[str, Any]) -> bytes:
    """``stats()``'s counts as tables, each kind linking to its terms."""
    kind_urls = {kind: kind_url(kind) for kind in stats["kinds"]}
    return template("stats.html").render(stats=stats, kind_urls=kind_urls).encode()


def ontology_page(stats: Mapping[str, Any], formats: Sequence[tuple[str, str, str]]) -> bytes:
    """The download page: a link per (name, ``?format=`` value, media type)."""
    return template("ontology.html").render(stats=stats, formats=formats).encode()

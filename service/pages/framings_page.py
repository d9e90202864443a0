"""The framings side by side: definitions, sources, verdict rules in words, contested terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.pages.render import template


def framings_page(overview: Mapping[str, Any], rules: Mapping[str, Any]) -> bytes:
    """``overview`` as ``GET /framings`` gives it; ``rules`` by framing CURIE: outer, inner
    and (if any) inapplicable, each ``{"curie", "text"}``."""
    return template("framings.html").render(overview=overview, rules=rules).encode()

"""Helpers the browser tests share that are not fixtures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

#: axe-core as `make system-test-deps` installs it (npm, into .venv/axe).
AXE_SCRIPT = Path(__file__).resolve().parents[2] / ".venv/axe/node_modules/axe-core/axe.min.js"


def axe_script() -> str:
    """axe-core's source, to inject into a page; missing is a failure in CI."""
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT.read_text(encoding="utf-8")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{AXE_SCRIPT} is missing: run make system-test-deps")
    pytest.skip("axe-core is not installed (make system-test-deps)")


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

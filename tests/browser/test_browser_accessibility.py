"""Our HTML pages pass an axe-core audit with no serious or critical violation.

axe-core is the npm package the Makefile installs into ``.venv/axe`` (``make
system-test-deps``); the test injects it into the page Chromium rendered and runs it there.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import axe_script, watch_page

#: Pages people read, by what they show.
PAGES = {
    "term page": "/terms/ak:GoalMisgeneralization",
    "framings disagreements": "/framings/disagreements",
    "classify page with an answer": "/classify#d=A+boat+agent+was+rewarded+for+hitting+targets",
    "case list": "/cases",
    "case page": "/cases/narrow-qa-kidnapping",
    "framings side by side": "/framings",
    "start page": "/",
    "term list": "/terms",
    "search results": "/search?q=mesa",
    "counts": "/stats",
    "ontology downloads": "/ontology",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_serious_or_critical_accessibility_violation(
    browser: Any, live_server: str, path: str
) -> None:
    script = axe_script()
    page = browser.new_page()
    errors, foreign = watch_page(page, live_server)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.set_extra_http_headers({"Accept": "text/html"})
    page.goto(live_server + path, wait_until="load")
    if "#d=" in path:  # a page that renders an answer: audit it once it has
        page.wait_for_function("Number(document.body.dataset.renders || 0) > 0")
    page.add_script_tag(content=script)
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert serious == []
    assert missing == [] and errors == [] and foreign == []

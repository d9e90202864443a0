"""The API documentation page (/docs) in headless Chromium, offline.

It loads its scripts from the server itself: no request goes to any other host, no
console error, and it renders the operations of /openapi.json.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import watch_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page()
    errors, foreign = watch_page(page, url)
    page.goto(url)
    return page, errors, foreign


def test_swagger_ui_renders_every_tag_from_this_server(browser: Any, live_server: str) -> None:
    page, errors, foreign = _open(browser, live_server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/terms/{term_id}", "/classify", "/cases", "/search"} <= {
        p.replace("\u200b", "") for p in paths
    }
    assert not foreign, foreign
    assert not errors, errors
    page.close()


def test_no_page_of_the_api_docs_points_at_a_cdn(live_server: str) -> None:
    """FastAPI's CDN-backed pages are off: /redoc is gone rather than blank offline."""
    from urllib.error import HTTPError
    from urllib.request import urlopen

    with urlopen(live_server + "/docs") as response:
        page = response.read().decode()
    assert "cdn." not in page and "https://" not in page
    with pytest.raises(HTTPError) as missing:
        urlopen(live_server + "/redoc")
    assert missing.value.code == 404

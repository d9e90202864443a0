"""Pages that link to pages, in Chromium: no link lands on raw JSON, the search box works
from the keyboard, and a term page shows where the term sits.

The link rule. From each page in ``START``, every ``<a href>`` whose target is on this
site is followed, its ``#fragment`` dropped, except a link that says it is not a page:
one with a ``download`` attribute, or with a ``type`` attribute naming a media type
other than ``text/html`` (a term page's Turtle, JSON-LD, RDF/XML, N-Triples and JSON
links, the JSON link in every page's header, the ontology's downloads, the history "As
JSON"). Links to other sites are not followed, and links are followed one level: the
page a link lands on is checked, not crawled further. Landing means, after redirects:
status 200, ``Content-Type: text/html`` and not ``Content-Disposition: attachment``.

Chromium navigates, as a click would, to one link of each shape (the path without its
last segment, and the query's parameter names: ``/terms/ak:X`` stands for every term
page); every link is also fetched from inside the page with the ``Accept`` header
Chromium sent for those navigations, so all of them (about 240) are checked in seconds
rather than in a minute of navigations.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest

from tests.browser.pages import axe_script, watch_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The pages whose links are followed: the start page, the listings, a term and a case.
START = [
    "/",
    "/terms",
    "/terms/MesaOptimizer",
    "/search?q=mesa",
    "/stats",
    "/cases",
    "/cases/narrow-qa-kidnapping",
    "/framings",
]
#: Run in the page: each link's landing, fetched as a navigation would ask for it.
FETCH_ALL = """async ([urls, accept]) => Promise.all(urls.map(async (url) => {
  const r = await fetch(url, {headers: {Accept: accept}});
  return [url, r.status, r.headers.get("content-type") || "",
          r.headers.get("content-disposition") || ""];
}))"""
LINKS = (
    """anchors => anchors.map(a => [a.href, a.getAttribute("type"), a.hasAttribute("download")])"""
)


def _is_page_link(href: str, kind: str | None, download: bool, site: str) -> bool:
    """The rule in the module docstring."""
    if download or (kind is not None and kind.split(";")[0].strip() != "text/html"):
        return False
    return urlsplit(href).netloc == site and urlsplit(href).scheme in ("http", "https")


def _shape(url: str) -> tuple[str, tuple[str, ...]]:
    """What links of one kind share: ``/terms/ak:A`` and ``/terms/ak:B`` are one shape."""
    parts = urlsplit(url)
    folder = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 else parts.path
    return folder, tuple(sorted({name for name, _ in parse_qsl(parts.query)}))


def _lands_on_a_page(status: int, content_type: str, disposition: str) -> bool:
    return (
        status == 200
        and content_type.split(";")[0].strip() == "text/html"
        and not disposition.lower().startswith("attachment")
    )


def _links_on(page: Any, server: str) -> tuple[dict[str, str], str]:
    """Link target -> the start page it was found on, for every start page; and the
    ``Accept`` header Chromium navigates with (read off the first, uncached, request)."""
    site = urlsplit(server).netloc
    found: dict[str, str] = {}
    accept = ""
    for path in START:
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.status == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        accept = accept or response.request.all_headers().get("accept", "")
        for href, kind, download in page.eval_on_selector_all("a[href]", LINKS):
            if _is_page_link(href, kind, download, site):
                found.setdefault(urldefrag(href)[0], path)
    return found, accept


def test_no_link_from_a_page_lands_on_anything_but_a_page(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    errors, foreign = watch_page(page, live_server)
    links, accept = _links_on(page, live_server)
    assert len(links) > 100  # the term list, search hits, cases, terms, kinds ...
    assert "text/html" in accept  # what a click asks for, used for every link below
    representatives = {_shape(url): url for url in sorted(links)}
    navigated = []
    for url in representatives.values():
        response = page.goto(url, wait_until="commit")
        headers = response.headers
        landed = _lands_on_a_page(
            response.status, headers.get("content-type", ""), headers.get("content-disposition", "")
        )
        navigated.append((url, landed))
    assert [url for url, landed in navigated if not landed] == []
    page.goto(live_server + "/", wait_until="load")
    results = page.evaluate(FETCH_ALL, [sorted(links), accept])
    not_pages = [
        f"{url} (linked from {links[url]}): {status} {content_type} {disposition}".strip()
        for url, status, content_type, disposition in results
        if not _lands_on_a_page(status, content_type, disposition)
    ]
    page.close()
    assert not_pages == []
    assert errors == [] and foreign == []


def test_the_search_box_goes_from_typing_mesa_to_the_term_page_by_keyboard(
    browser: Any, live_server: str
) -> None:
    """Type, arrow down to mesa-optimizer, Enter. /suggest ranks mesa-objective first for
    "mesa", so the test walks down the list to mesa-optimizer instead of assuming where."""
    page = browser.new_page()
    errors, foreign = watch_page(page, live_server)
    page.goto(live_server + "/", wait_until="load")
    box = page.get_by_role("combobox", name="Search the terms")
    box.press_sequentially("mesa")
    listbox = page.get_by_role("listbox", name="Matching terms")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    labels = [text.split(" ak:")[0] for text in listbox.get_by_role("option").all_inner_texts()]
    assert all("mesa" in label.lower() for label in labels[:3])
    target = labels.index("mesa-optimizer")
    box.press("ArrowUp")  # from nothing, up wraps to the last option
    assert (
        box.get_attribute("aria-activedescendant")
        == f"{listbox.get_attribute('id')}-{len(labels) - 1}"
    )
    box.press("Escape")  # closes the list, keeps the text
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == "mesa"
    assert box.get_attribute("aria-activedescendant") is None
    for _ in range(target + 1):  # reopens at the first option, then moves down
        box.press("ArrowDown")
    active = page.locator("#" + str(box.get_attribute("aria-activedescendant")))
    assert active.get_attribute("aria-selected") == "true"
    assert active.inner_text().startswith("mesa-optimizer")
    assert page.evaluate("document.activeElement.id") == "site-search-q"  # focus stays put
    box.press("Enter")
    page.wait_for_url(live_server + "/terms/ak:MesaOptimizer")
    assert page.get_by_role("heading", level=1).inner_text() == "mesa-optimizer"
    page.close()
    assert errors == [] and foreign == []


def test_enter_with_no_option_chosen_searches_as_a_plain_form(
    browser: Any, live_server: str
) -> None:
    page = browser.new_page()
    page.goto(live_server + "/terms/ak:InnerAlignment", wait_until="load")
    box = page.get_by_role("combobox", name="Search the terms")
    box.fill("mesa optimiser")
    box.press("Enter")
    page.wait_for_url("**/search?q=mesa+optimiser")
    first = page.locator("ol.results li a").first
    assert first.inner_text() == "mesa-optimizer"
    page.close()


def test_a_term_page_shows_its_place_in_the_tree_with_the_term_current(
    browser: Any, live_server: str
) -> None:
    page = browser.new_page()
    page.goto(live_server + "/terms/ak:MesaOptimizer", wait_until="load")
    current = page.locator('#hierarchy ul.tree a[aria-current="page"]')
    assert current.count() >= 2  # under learned algorithm and under optimizer
    branches = [
        a.evaluate(
            """a => { const names = [];
              for (let li = a.closest("li"); li; li = li.parentElement.closest("li"))
                names.unshift(li.querySelector(":scope > a").textContent);
              return names; }"""
        )
        for a in current.all()
    ]
    assert {tuple(b[-2:]) for b in branches} == {
        ("learned algorithm", "mesa-optimizer"),
        ("optimizer", "mesa-optimizer"),
    }
    assert all(b[0] == "alignment concept" for b in branches)
    weight = current.first.evaluate("a => getComputedStyle(a).fontWeight")
    assert int(weight) >= 700  # the term stands out to the eye too
    page.close()


def test_the_open_suggestion_list_passes_the_accessibility_audit(
    browser: Any, live_server: str
) -> None:
    """The audit of the pages sees the box closed; this one sees it open, an option active."""
    script = axe_script()
    page = browser.new_page()
    page.goto(live_server + "/terms/ak:InnerAlignment", wait_until="load")
    box = page.get_by_role("combobox", name="Search the terms")
    box.press_sequentially("mesa")
    page.get_by_role("listbox", name="Matching terms").wait_for(state="visible")
    box.press("ArrowDown")
    page.add_script_tag(content=script)
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

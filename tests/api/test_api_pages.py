"""The pages a person opens: /cases, /cases/{id} and /framings in a browser, JSON for tools."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_the_case_list_is_a_table_a_browser_can_sort(reader: TestClient) -> None:
    total = reader.get("/cases", params={"limit": 500}).json()["total"]
    page = reader.get("/cases", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    rows = re.findall(r'<tr><td><a href="/cases/([^"]+)">', page.text)
    assert len(rows) == total
    by_year = reader.get("/cases", params={"sort": "year"}, headers=BROWSER).text
    years = [int(y) for y in re.findall(r"</td>\s*<td>(\d{4})</td>", by_year)]
    assert years == sorted(years) and years
    assert reader.get("/cases", params={"format": "json"}, headers=BROWSER).json()["total"]


def test_a_case_page_shows_each_fact_with_where_it_comes_from(reader: TestClient) -> None:
    case = reader.get("/cases/narrow-qa-kidnapping").json()
    page = html.unescape(reader.get("/cases/narrow-qa-kidnapping", headers=BROWSER).text)
    for name, record in case["provenance"].items():
        assert f'id="fact-{name}"' in page
        assert (record["quote"] or record["reason"]) in page
    for framing in case["classification"]["framings"]:
        assert framing["label"] in page
    assert "/classify#d=" in page and "/explorer?focus=akcase:narrow-qa-kidnapping" in page


def test_the_framings_page_puts_them_side_by_side_with_their_rules(reader: TestClient) -> None:
    body = reader.get("/framings").json()
    page = html.unescape(reader.get("/framings", headers=BROWSER).text)
    for framing in body["framings"]:
        assert framing["label"] in page
    assert "ak:RFLOOuterFailure" in page and "ak:ThreatModelInnerFailure" in page
    assert "No verdict rules" in page  # the low-stakes framing is documented only

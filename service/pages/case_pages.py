"""The readable pages of the case library: the sortable list and one case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from service.pages.render import template

#: How the list page may be sorted, and the key for each.
SORTS = ("title", "year", "verdict")


def _year(case: Mapping[str, Any]) -> int | None:
    years = [s["year"] for s in case.get("sources") or () if s.get("year")]
    return min(years) if years else None


def cases_page(
    cases: Iterable[Mapping[str, Any]], disagreements: Mapping[str, Any], *, sort: str
) -> bytes:
    """Every case as a table row: title, earliest source year, verdict, who disagrees."""
    rows = [
        {
            "id": c["id"],
            "title": c["title"],
            "year": _year(c),
            "verdict": c["verdict"] or "",
            "submitted": c["submitted"],
            "disagreement": disagreements.get(c["id"], {}),
        }
        for c in cases
    ]
    keys = {
        "title": lambda r: r["title"].lower(),
        "year": lambda r: (r["year"] is None, r["year"] or 0, r["title"].lower()),
        "verdict": lambda r: (r["verdict"], r["title"].lower()),
    }
    rows.sort(key=keys[sort])
    return template("cases.html").render(cases=rows, sort=sort).encode()


def case_page(
    case: Mapping[str, Any],
    answer: Mapping[str, Any],
    *,
    similar: list[dict[str, Any]],
    labels: Mapping[str, str],
) -> bytes:
    """One case: what happened, each fact with its provenance, every framing, the sources."""
    given = ",".join(f"{n}:{1 if v else 0}" for n, v in case["facts"].items())
    fragment = {"d": case.get("description") or "", "a": given}
    if case.get("partition"):
        fragment["p"] = case["partition"]
    return (
        template("case.html")
        .render(
            case=case,
            answer=answer,
            similar=[s for s in similar if s["id"] != case["id"]],
            labels=labels,
            classify_url="/classify#" + urlencode(fragment),
            explorer_url="/explorer?focus=" + "akcase:" + case["id"],
        )
        .encode()
    )

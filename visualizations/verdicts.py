"""A case's verdict under each framing, as the explorer shows it.

Computed with the classifier (``ontology.classifier.engine.classify``) on the case's stored
facts. Where the classifier is not available, or refuses the facts, the case's stored
expected verdict is shown instead and the result says so (``computed_by``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

#: Verdict -> fill colour, shared by nodes and the legend.
VERDICT_COLOURS: dict[str, str] = {
    "outer": "#e67e22",
    "inner": "#8e44ad",
    "both": "#c0392b",
    "none": "#7f8c8d",
    "ambiguous": "#f1c40f",
    "underdetermined": "#bdc3c7",
    "not_applicable": "#dfe6e9",
    "unknown": "#ffffff",
}

Classify = Callable[..., Any]


def load_classifier() -> Classify | None:
    """The lead's ``classify`` if its module is importable, else None."""
    try:
        module = importlib.import_module("ontology.classifier.engine")
    except ImportError:
        return None
    classify: Classify | None = getattr(module, "classify", None)
    return classify


def case_verdicts(
    facts: Mapping[str, bool],
    *,
    partition: str | None = None,
    expected: str | None,
    classify: Classify | None = None,
) -> dict[str, Any]:
    """Overall verdict, per-framing verdicts, the settling question and how they were obtained.

    ``partition`` is the case's declared responsibility partition (``reward`` or
    ``training``), as the case book gives it.
    """
    classify = classify or load_classifier()
    if classify is not None:
        try:
            result = classify(dict(facts), partition=partition).to_dict()
        except ValueError as error:  # FactError: the stored facts do not fit the rules
            return _expected_only(expected, note=f"classifier refused the facts: {error}")
        return {
            "verdict": result["verdict"],
            "ambiguous": bool(result.get("ambiguous")),
            "framings": [_framing_row(f) for f in result.get("framings", [])],
            "disagreement": result.get("disagreement", {}),
            "settling": settling_question(result.get("questions", [])),
            "expected": expected or "",
            "computed_by": "classifier",
            "note": "",
        }
    return _expected_only(expected, note="classifier not available: showing the expected verdict")


def settling_question(questions: list[Mapping[str, Any]]) -> dict[str, str] | None:
    """The classifier's first question (the most informative one): the answer that would
    settle, or most narrow, the case's verdict. None when the facts already decide it."""
    if not questions:
        return None
    first = questions[0]
    return {k: str(first[k]) for k in ("fact", "question", "if_yes", "if_no")}


def _framing_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "framing": row["framing"],
        "label": row.get("label", row["framing"]),
        "verdict": row.get("verdict", "unknown"),
        "rule": row.get("rule", ""),
        "set_aside": bool(row.get("set_aside", False)),
    }


def _expected_only(expected: str | None, *, note: str) -> dict[str, Any]:
    verdict = expected or "unknown"
    return {
        "verdict": verdict,
        "ambiguous": verdict == "ambiguous",
        "framings": [],
        "disagreement": {},
        "settling": None,
        "expected": expected or "",
        "computed_by": "expected",
        "note": note,
    }


def verdict_under(verdicts: Mapping[str, Any], framing: str | None) -> str:
    """The verdict to colour a case by: one framing's, or the overall one."""
    if framing:
        for row in verdicts.get("framings", []):
            if row["framing"] == framing:
                return str(row["verdict"])
        if verdicts.get("computed_by") == "classifier":
            return "unknown"
    return str(verdicts.get("verdict", "unknown"))

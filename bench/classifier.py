"""Classifier speed (structured and text) against HermiT on the same cases, and text accuracy.

Run: ``.venv/bin/python -m bench.classifier``. Prints a table and writes
``bench/results/classifier.md``. Ratios are taken within this one run.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ontology.cases.documented import load_documented_cases
from ontology.classifier.engine import _judge_all, _outcomes, _questions, classify
from ontology.classifier.hermit import ReasonerCase, hermit_verdicts
from ontology.facts import ContradictoryFacts, close, fact_names

RESULTS = Path(__file__).with_name("results") / "classifier.md"
#: Descriptions of the documented cases written blind (``{"descriptions": [{"id", "text"}]}``).
#: Read from the checkout: the benchmark's data does not ship with the package.
BLIND = Path(__file__).resolve().parent.parent / "data" / "blind_descriptions.json"


def _rate(work: Callable[[], int], *, seconds: float = 3.0) -> float:
    """Items per second of ``work`` (which returns how many it did), repeated for ~seconds."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += work()
    return done / (time.perf_counter() - start)


def _clear_caches() -> None:
    for cached in (_outcomes, _judge_all, _questions):
        cached.cache_clear()


def structured_rates() -> dict[str, float]:
    documented = [c["facts"] for c in load_documented_cases()]
    rng = random.Random(0)
    names = fact_names()
    fresh: list[dict[str, bool | None]] = []
    while len(fresh) < 2000:  # fact sets the ontology's implications allow
        facts = {n: rng.choice((True, False, None)) for n in names}
        try:
            close({n: v for n, v in facts.items() if v is not None})
        except ContradictoryFacts:
            continue
        fresh.append(facts)

    def documented_batch() -> int:
        for facts in documented:
            classify(facts)
        return len(documented)

    def cold_batch() -> int:
        _clear_caches()
        for facts in fresh:
            classify(facts)
        return len(fresh)

    return {
        "structured, documented cases (rules cached after first sight)": _rate(documented_batch),
        "structured, random facts, caches cleared every 2,000": _rate(cold_batch),
    }


def text_rate() -> float:
    """Descriptions read and classified per second, once the process is warm.

    The first call loads the ontology and compiles the cue index (~0.3 s, once per
    process); one untimed pass does that, so the figure is the steady rate rather than
    one that depends on how long the timed window is.
    """
    texts = [c["description"] for c in load_documented_cases()]

    def batch() -> int:
        for text in texts:
            classify(text=text)
        return len(texts)

    batch()
    return _rate(batch)


def hermit_rate() -> tuple[float, int]:
    cases = [ReasonerCase(c["id"], c["facts"], {}) for c in load_documented_cases()]
    start = time.perf_counter()
    hermit_verdicts(cases)
    return len(cases) / (time.perf_counter() - start), len(cases)


@dataclass(frozen=True)
class TextAccuracy:
    """How the text path does on one set of descriptions of the documented cases."""

    name: str
    verdicts_right: int
    cases: int
    facts_right: int
    facts_stated: int
    #: Why the set could not be scored (its file is missing), if it could not.
    missing: str | None = None


def text_accuracy() -> list[TextAccuracy]:
    """Verdicts and facts the text path gets right, on the tuning set and the blind set.

    The cue lexicon was tuned on the first 40 descriptions in ``data/cases.json`` (the
    library before 2026-12-07, which has since grown to over 120 cases the cues never saw);
    the blind descriptions in ``data/blind_descriptions.json`` were written by someone else
    and never used for tuning. A fact counts as right when the reader's value equals the one
    the case states; facts a case leaves unknown are not counted.
    """
    cases = {c["id"]: c for c in load_documented_cases()}
    tuned = [(c, c["description"]) for c in cases.values()]
    rows = [_score("case descriptions (cues tuned on the first 40 only)", tuned)]
    blind_name = "blind descriptions (never tuned on)"
    if not BLIND.exists():
        return [*rows, TextAccuracy(blind_name, 0, 0, 0, 0, f"{BLIND.name} does not exist yet")]
    blind = json.loads(BLIND.read_text(encoding="utf-8"))["descriptions"]
    return [*rows, _score(blind_name, [(cases[d["id"]], d["text"]) for d in blind])]


def _score(name: str, described: list[tuple[dict[str, Any], str]]) -> TextAccuracy:
    verdicts = facts_right = facts_stated = 0
    for case, text in described:
        result = classify(text=text)
        verdicts += result.verdict.value == case["expected"]["verdict"]
        facts_stated += len(case["facts"])
        facts_right += sum(result.facts.get(k) == v for k, v in case["facts"].items())
    return TextAccuracy(name, verdicts, len(described), facts_right, facts_stated)


def _accuracy_row(row: TextAccuracy) -> str:
    if row.missing:
        return f"| {row.name} | not scored: {row.missing} | |"
    verdicts = f"{row.verdicts_right}/{row.cases} ({row.verdicts_right / row.cases:.0%})"
    facts = f"{row.facts_right}/{row.facts_stated} ({row.facts_right / row.facts_stated:.0%})"
    return f"| {row.name} | {verdicts} | {facts} |"


def main() -> None:
    rates = structured_rates()
    rates["text descriptions (extract + classify)"] = text_rate()
    hermit, count = hermit_rate()
    rates[f"HermiT via owlready2 ({count} documented cases, batches of 10)"] = hermit
    lines = [
        "# Classifier speed and text accuracy",
        "",
        "| engine / input | cases/s | vs HermiT |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {rate:,.0f} | {rate / hermit:,.0f}x |" for name, rate in rates.items()]
    lines += ["", "| text path | verdicts right | facts right (of those stated) |"]
    lines += ["| --- | ---: | ---: |"]
    lines += [_accuracy_row(row) for row in text_accuracy()]
    lines += ["", "Command: `.venv/bin/python -m bench.classifier`", ""]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Classifier speed (structured and text) against HermiT on the same cases, and text accuracy.

Run: ``.venv/bin/python -m bench.classifier``. Prints a table and writes
``bench/results/classifier.md``. Ratios are taken within this one run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from ontology.cases import load_documented_cases
from ontology.classifier import _judge_all, _outcomes, _questions, classify
from ontology.facts import fact_names
from ontology.reasoner import ReasonerCase, hermit_verdicts

RESULTS = Path(__file__).with_name("results") / "classifier.md"


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
    fresh = [{n: rng.choice((True, False, None)) for n in names} for _ in range(2000)]

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
    texts = [c["description"] for c in load_documented_cases()]

    def batch() -> int:
        for text in texts:
            classify(text=text)
        return len(texts)

    return _rate(batch)


def hermit_rate() -> tuple[float, int]:
    cases = [ReasonerCase(c["id"], c["facts"], {}) for c in load_documented_cases()]
    start = time.perf_counter()
    hermit_verdicts(cases)
    return len(cases) / (time.perf_counter() - start), len(cases)


def text_accuracy() -> list[tuple[str, int, int]]:
    """Verdict accuracy of the text path; the cue lexicon was tuned on the even-indexed half."""
    cases = load_documented_cases()
    rows = []
    for name, subset in (("tuning half (even)", cases[0::2]), ("held-out half (odd)", cases[1::2])):
        right = sum(
            classify(text=c["description"]).verdict.value == c["expected"]["verdict"]
            for c in subset
        )
        rows.append((name, right, len(subset)))
    return rows


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
    lines += ["", "| text path | verdicts right | share |", "| --- | ---: | ---: |"]
    lines += [f"| {n} | {r}/{t} | {r / t:.0%} |" for n, r, t in text_accuracy()]
    lines += ["", "Command: `.venv/bin/python -m bench.classifier`", ""]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

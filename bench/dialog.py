"""The classify dialog, simulated: how many questions it takes, and how well the reader reads.

For every blind description (``data/blind_descriptions.json``, never used to tune the
reader) the reader states what it finds, then the questions are answered from the
documented case's facts, one at a time, until the verdict is decided (``ambiguous``
counts: the framings' disagreement is the answer) or nothing is left to ask. A question
about a fact the case leaves unknown is answered "don't know" and costs a question.
Two orders are compared on the same descriptions: the engine's (information order: fewest
verdicts left on average) and the documented fact order.

The reader's precision and recall per fact are on the same blind set and, apart, on the
descriptions the cues were tuned on. Precision: of the facts the reader states that the
case documents, how many have the documented value; recall: of the facts the case
documents, how many the reader states with that value.

Run: ``.venv/bin/python -m bench.dialog``. Prints a table and writes
``bench/results/dialog.md``.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ontology.cases.documented import load_documented_cases
from ontology.classifier.engine import Classification, classify
from ontology.classifier.framings import framings
from ontology.classifier.verdict import Verdict
from ontology.facts import fact_names
from ontology.text.reader import extract_facts

RESULTS = Path(__file__).with_name("results") / "dialog.md"
BLIND = Path(__file__).resolve().parent.parent / "data" / "blind_descriptions.json"
#: The descriptions the cue lexicon was tuned on: the library's first 40 cases.
TUNED = 40

#: Picks the next fact to ask from an answer so far and the facts already answered.
Order = Callable[[Classification, set[str]], str | None]


def information_order(result: Classification, done: set[str]) -> str | None:
    """The engine's own order: the first question not yet answered."""
    return next((q.fact for q in result.questions if q.fact not in done), None)


def _mentioned() -> tuple[str, ...]:
    used = set().union(*(f.facts for f in framings()))
    return tuple(n for n in fact_names() if n in used)


def fixed_order(result: Classification, done: set[str]) -> str | None:
    """The documented fact order: every fact a framing reads that is not known yet."""
    known = {**result.facts, **result.implied}
    return next((n for n in _mentioned() if n not in known and n not in done), None)


def converse(case: Mapping[str, Any], text: str | None, order: Order) -> tuple[bool, int]:
    """Read ``text`` (if any), then ask in ``order`` until decided; (verdict right, asked)."""
    answers: dict[str, bool] = {}
    done: set[str] = set()
    while True:
        result = classify(answers, text=text)
        if result.verdict is not Verdict.UNDERDETERMINED:
            break
        fact = order(result, done)
        if fact is None:
            break
        done.add(fact)
        if fact in case["facts"]:
            answers[fact] = case["facts"][fact]
    return result.verdict.value == case["expected"]["verdict"], len(done)


def dialog_rows(described: list[tuple[dict[str, Any], str]]) -> list[str]:
    rows = []
    plans = [
        (f"{start}, {name}", order, read)
        for start, read in (("blind description read first", True), ("no description", False))
        for name, order in (("information order", information_order), ("fact order", fixed_order))
    ]
    for name, order, read in plans:
        runs = [converse(case, text if read else None, order) for case, text in described]
        right = sum(ok for ok, _ in runs)
        asked = [n for _, n in runs]
        rows.append(
            f"| {name} | {right}/{len(runs)} ({right / len(runs):.0%}) "
            f"| {statistics.median(asked):.0f} | {statistics.mean(asked):.2f} | {max(asked)} |"
        )
    return rows


def reader_scores(described: list[tuple[dict[str, Any], str]]) -> dict[str, tuple[int, int, int]]:
    """Per fact: (right, stated on documented facts, documented)."""
    right: Counter[str] = Counter()
    stated: Counter[str] = Counter()
    documented: Counter[str] = Counter()
    for case, text in described:
        read, _ = extract_facts(text)
        for name, value in case["facts"].items():
            documented[name] += 1
            if name in read:
                stated[name] += 1
                right[name] += read[name] == value
    return {n: (right[n], stated[n], documented[n]) for n in fact_names() if documented[n]}


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def reader_rows(
    blind: dict[str, tuple[int, int, int]], tuned: dict[str, tuple[int, int, int]]
) -> list[str]:
    rows = []
    for name in fact_names():
        if name not in blind:
            continue
        b, t = blind[name], tuned.get(name, (0, 0, 0))
        rows.append(
            f"| {name} | {_ratio(b[0], b[1])} ({b[0]}/{b[1]}) | {_ratio(b[0], b[2])} "
            f"| {_ratio(t[0], t[1])} | {_ratio(t[0], t[2])} |"
        )
    return rows


def main() -> None:
    cases = {c["id"]: c for c in load_documented_cases()}
    blind_texts = json.loads(BLIND.read_text(encoding="utf-8"))["descriptions"]
    blind = [(cases[d["id"]], d["text"]) for d in blind_texts if d["id"] in cases]
    tuned = [(c, c["description"]) for c in list(cases.values())[:TUNED]]
    lines = [
        "# The classify dialog and the reader, on descriptions never tuned on",
        "",
        f"{len(blind)} blind descriptions; questions answered from each documented case's facts "
        '("don\'t know" for a fact the case leaves unknown), until the verdict is decided.',
        "",
        "| start, question order | verdict right | questions (median) | questions (mean) | most |",
        "| --- | ---: | ---: | ---: | ---: |",
        *dialog_rows(blind),
        "",
        "Reader, per fact: precision (of the facts it states, right) and recall (of the "
        f"documented facts, stated right); blind set, and the {TUNED} descriptions the cues "
        "were tuned on.",
        "",
        "| fact | blind precision | blind recall | tuned precision | tuned recall |",
        "| --- | ---: | ---: | ---: | ---: |",
        *reader_rows(reader_scores(blind), reader_scores(tuned)),
        "",
        "Command: `.venv/bin/python -m bench.dialog`",
        "",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

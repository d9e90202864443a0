"""``alignkg classify``: classify a case from text, facts, or many from JSON lines.

On a terminal (or with ``--ask``) it asks the classifier's questions one at a time, each
with the fact key an answer sets, until the verdict is settled or nothing is left to ask;
``--fact NAME=yes|no|unknown`` gives answers up front, as a script would.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ontology.classifier.engine import Classification, classify
from ontology.facts import FactError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "classify", help="classify a failure case under every framing"
    )
    p.add_argument("text", nargs="?", help="a plain-text description of the case")
    p.add_argument("--facts", type=Path, help="JSON file with a facts object")
    p.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=yes|no|unknown",
        help="one fact (repeatable); unknown clears a presumption",
    )
    p.add_argument(
        "--ask",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask the questions one by one (default: when stdin and stdout are a terminal)",
    )
    p.add_argument("--file", type=Path, help="JSON lines: one case per line, one answer per line")
    p.add_argument("--framing", action="append", help="only this framing (repeatable)")
    p.add_argument("--partition", choices=["reward", "training"])
    p.add_argument("--json", action="store_true", help="print the full answer as JSON")
    p.set_defaults(func=run)


#: What a person may type for each answer (an empty line is "don't know").
_ANSWERS: dict[str, bool | None] = {
    "y": True,
    "yes": True,
    "n": False,
    "no": False,
    "?": None,
    "": None,
    "u": None,
    "unknown": None,
    "don't know": None,
}
_UNDECIDED = ("underdetermined", "unknown")


def run(args: argparse.Namespace) -> int:
    try:
        if args.file:
            return _run_many(args.file, args, out=sys.stdout)
        facts = json.loads(args.facts.read_text()) if args.facts else {}
        facts = facts.get("facts", facts) if isinstance(facts, dict) else facts
        if not isinstance(facts, dict):
            raise FactError("facts", "the file must hold a JSON object of facts")
        facts.update(_fact_options(args.fact))
        if not facts and not args.text:
            print(
                "alignkg classify: give a description, --fact NAME=yes, --facts FILE"
                " or --file FILE",
                file=sys.stderr,
            )
            return 2
        ask = args.ask if args.ask is not None else sys.stdin.isatty() and sys.stdout.isatty()
        case = {"facts": facts, "partition": args.partition}
        if ask and not args.json:
            result = ask_until_settled(case, args, ask=input, say=print)
        else:
            result = _classify(case, args)
    except (FactError, OSError, json.JSONDecodeError) as err:
        print(f"alignkg classify: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), indent=2) if args.json else _summary(result))
    return 0


def _fact_options(options: list[str]) -> dict[str, bool | None]:
    """``["deceptive=no", "narrowSystem=yes"]`` -> ``{"deceptive": False, ...}``."""
    facts: dict[str, bool | None] = {}
    for option in options:
        name, sep, word = option.partition("=")
        if not sep or word.strip().lower() not in _ANSWERS:
            raise FactError(f"--fact {option}", "write NAME=yes, NAME=no or NAME=unknown")
        facts[name.strip()] = _ANSWERS[word.strip().lower()]
    return facts


def _classify(case: dict[str, Any], args: argparse.Namespace) -> Classification:
    return classify(
        case["facts"] or None, text=args.text, framing=args.framing, partition=case["partition"]
    )


def ask_until_settled(
    case: dict[str, Any],
    args: argparse.Namespace,
    *,
    ask: Callable[[str], str],
    say: Callable[[str], None],
) -> Classification:
    """Ask the first open question, put the answer where the question says, classify
    again; stop when the verdict is settled, nothing is left to ask, or input ends.

    "Don't know" sends the fact as unknown (so nothing is presumed for it) and is not
    asked again.
    """
    skipped: set[str] = set()
    while True:
        result = _classify(case, args)
        open_questions = [q for q in result.questions if q.fact not in skipped]
        settled = result.verdict.value not in _UNDECIDED and not result.ambiguous
        if settled or not open_questions:
            return result
        question = open_questions[0]
        say(f"verdict so far: {result.verdict.value}")
        say(f"? [{question.fact}] {question.question}")
        say(f"    yes -> {question.if_yes.value}, no -> {question.if_no.value}")
        try:
            typed = ask("  answer (y/n/?): ").strip().lower()
        except EOFError:
            return result
        while typed not in _ANSWERS:
            try:
                typed = ask("  please answer y (yes), n (no) or ? (don't know): ").strip().lower()
            except EOFError:
                return result
        value = _ANSWERS[typed]
        where = question.answer()
        if value is None:
            skipped.add(question.fact)
            if where["field"] != "partition":
                case["facts"][question.fact] = None
            continue
        if where["field"] == "partition":
            case["partition"] = where["yes"] if value else where["no"]
        else:
            case["facts"][question.fact] = value


def _run_many(path: Path, args: argparse.Namespace, *, out: TextIO) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case: Any = None  # a line that is not JSON must not borrow the previous line's id
        try:
            case = json.loads(line)
            if not isinstance(case, dict):
                raise FactError("line", 'must be a JSON object such as {"facts": {...}}')
            if not isinstance(case.get("description", ""), str):
                raise FactError("description", "must be a string")
            answer: dict[str, Any] = classify(
                case.get("facts"),
                text=case.get("description"),
                framing=case.get("framing", args.framing),
                partition=case.get("partition", args.partition),
            ).to_dict()
        except (FactError, json.JSONDecodeError) as err:
            failures += 1
            answer = {"error": str(err), "line": number}
        if isinstance(case, dict) and "id" in case:
            answer = {"id": case["id"], **answer}
        out.write(json.dumps(answer) + "\n")
        print(f"\rclassified {number}/{len(lines)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return 1 if failures else 0


def _summary(result: Classification) -> str:
    lines = [
        f"verdict: {result.verdict.value}" + ("  (framings disagree)" if result.ambiguous else "")
    ]
    for fv in result.framings:
        note = " [set aside by partition]" if fv.set_aside else ""
        note += " [awaits --partition]" if fv.awaiting_declaration else ""
        lines.append(f"  {fv.framing.label:50} {fv.verdict.value:15}{note}")
    if result.evidence:
        lines.append("read from the text:")
        for item in result.evidence:
            value = "yes" if item.value else "no"
            lines.append(f"  {item.fact:24} {value:4} {item.text!r}")
    if result.presumed:
        lines.append("presumed (the text would say so if it held; --fact NAME=unknown clears):")
        for name, presumed in result.presumed.items():
            lines.append(f"  {name:24} {'yes' if presumed else 'no'}")
    for q in result.questions:
        where = q.answer()
        how = (
            f"--partition {where['yes']}/{where['no']}"
            if where["field"] == "partition"
            else f"--fact {q.fact}=yes/no"
        )
        lines.append(
            f"? [{q.fact}] {q.question}\n    yes -> {q.if_yes.value}, no -> {q.if_no.value}"
            f"  (answer with {how})"
        )
    return "\n".join(lines)

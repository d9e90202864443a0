"""``alignkg classify``: classify a case from text, a facts file, or many from JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
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
    p.add_argument("--file", type=Path, help="JSON lines: one case per line, one answer per line")
    p.add_argument("--framing", action="append", help="only this framing (repeatable)")
    p.add_argument("--partition", choices=["reward", "training"])
    p.add_argument("--json", action="store_true", help="print the full answer as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.file:
            return _run_many(args.file, args, out=sys.stdout)
        facts = json.loads(args.facts.read_text()) if args.facts else None
        if facts is None and not args.text:
            print(
                "alignkg classify: give a description, --facts FILE or --file FILE", file=sys.stderr
            )
            return 2
        facts = facts.get("facts", facts) if isinstance(facts, dict) else facts
        result = classify(facts, text=args.text, framing=args.framing, partition=args.partition)
    except (FactError, OSError, json.JSONDecodeError) as err:
        print(f"alignkg classify: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), indent=2) if args.json else _summary(result))
    return 0


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
    for q in result.questions:
        lines.append(f"? {q.question}\n    yes -> {q.if_yes.value}, no -> {q.if_no.value}")
    return "\n".join(lines)

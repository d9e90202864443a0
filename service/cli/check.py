"""``alignkg check``: is the ontology sound? Parse, OWL 2 DL, HermiT, SPARQL checks, SHACL,
and the SSSOM mapping files (``ontology/mappings``).

Every step prints a line with its time; a failing step lists the offending IRIs. The exit
code is 1 if any step fails. The OWL steps (JVM-bound) run in a worker thread while the
SPARQL and SHACL steps run here, so the whole check costs about as much as HermiT alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rdflib import Graph

from ontology.cases.documented import documented_cases_graph, load_documented_cases
from ontology.files import ONTOLOGY_FILE
from ontology.mappings.report import SssomRun, check_mappings, start_sssom_validation
from ontology.quality.checks import load_store, run_checks, run_shacl
from ontology.quality.owl_check import OwlReport, check_owl

MAX_LISTED = 25


@dataclass
class Step:
    """One line of the report: a name, whether it passed, a summary and offenders."""

    name: str
    passed: bool
    summary: str
    seconds: float
    offenders: list[str] = field(default_factory=list)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check", help="check the ontology: OWL 2 DL, HermiT, SPARQL quality checks, SHACL"
    )
    p.add_argument("--ontology", type=Path, default=ONTOLOGY_FILE, help="Turtle file to check")
    p.add_argument(
        "--no-cases",
        action="store_true",
        help="validate the ontology alone, without the documented cases in data/",
    )
    p.add_argument("--skip-reasoner", action="store_true", help="skip the OWL profile and HermiT")
    p.add_argument(
        "--no-mappings",
        action="store_true",
        help="skip the SSSOM mapping files (checked only with the shipped ontology, whose terms"
        " they map)",
    )
    p.set_defaults(func=run)


def _timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _parse(path: Path) -> tuple[Graph | None, Step]:
    started = time.perf_counter()
    try:
        graph = Graph().parse(path, format="turtle")
    except Exception as error:  # noqa: BLE001 - any parser error is a failed check
        return None, Step("parse", False, f"{path}: {error}", time.perf_counter() - started)
    seconds = time.perf_counter() - started
    return graph, Step("parse", True, f"{len(graph)} triples in {path.name}", seconds)


def _sparql_steps(path: Path) -> list[Step]:
    results, seconds = _timed(lambda: run_checks(load_store([path])))
    failed = [r for r in results if not r.passed]
    steps = [
        Step(
            "SPARQL checks",
            not failed,
            f"{len(results) - len(failed)}/{len(results)} passed",
            seconds,
        )
    ]
    for result in failed:
        summary = f"{result.description} ({len(result.offenders)})"
        steps.append(Step(f"  {result.name}", False, summary, 0.0, list(result.offenders)))
    return steps


def _cases_graph() -> tuple[Graph, int]:

    return documented_cases_graph(), len(load_documented_cases())


def _shacl_step(graph: Graph, *, with_cases: bool) -> Step:
    started = time.perf_counter()
    data, what = graph, "ontology"
    if with_cases:
        cases, count = _cases_graph()
        data, what = graph + cases, f"ontology + {count} documented cases"
    result = run_shacl(data)
    seconds = time.perf_counter() - started
    offenders = [f"{v.focus}  {v.path}: {v.message}" for v in result.violations]
    summary = f"{'conforms' if result.conforms else 'does not conform'} ({what})"
    return Step("SHACL", result.conforms, summary, seconds, offenders)


def _owl_steps(report: OwlReport) -> list[Step]:
    violations = list(report.profile_violations)
    profile = Step(
        "OWL 2 DL profile",
        not violations,
        "no violations" if not violations else f"{len(violations)} violations",
        report.profile_seconds,
        violations,
    )
    verdict = "consistent" if report.consistent else "INCONSISTENT"
    hermit = Step(
        "HermiT",
        report.consistent and not report.unsatisfiable,
        f"{verdict}, {len(report.unsatisfiable)} unsatisfiable classes",
        report.reasoner_seconds,
        list(report.unsatisfiable),
    )
    return [profile, hermit]


def _print_step(step: Step, out: TextIO) -> None:
    mark = "ok  " if step.passed else "FAIL"
    timing = f"{step.seconds:6.2f} s" if step.seconds else ""
    out.write(f"{mark} {step.name:<22} {step.summary:<58} {timing}\n")
    for offender in step.offenders[:MAX_LISTED]:
        out.write(f"       {offender}\n")
    if len(step.offenders) > MAX_LISTED:
        out.write(f"       ... and {len(step.offenders) - MAX_LISTED} more\n")


def _mappings_step(graph: Graph, sssom: SssomRun) -> Step:
    outcome = check_mappings(graph, sssom)
    return Step(
        "SSSOM mappings", outcome.passed, outcome.summary, outcome.seconds, outcome.problems
    )


def collect_steps(
    path: Path, *, with_cases: bool, reasoner: bool, mappings: bool = False
) -> list[Step]:
    """Run every step on the Turtle file at ``path`` and return the report lines."""
    graph, parse_step = _parse(path)
    if graph is None:
        return [parse_step]
    sssom = start_sssom_validation() if mappings else None
    with ThreadPoolExecutor(max_workers=1) as pool:
        owl: Future[OwlReport] | None = pool.submit(check_owl, graph) if reasoner else None
        steps = [parse_step, *_sparql_steps(path), _shacl_step(graph, with_cases=with_cases)]
        if owl is not None:
            steps[1:1] = _owl_steps(owl.result())
    if sssom is not None:
        steps.append(_mappings_step(graph, sssom))
    return steps


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    started = time.perf_counter()
    out.write(f"alignkg check: {args.ontology}\n")
    shipped = args.ontology.resolve() == ONTOLOGY_FILE.resolve()
    steps = collect_steps(
        args.ontology,
        with_cases=not args.no_cases,
        reasoner=not args.skip_reasoner,
        mappings=shipped and not args.no_mappings,
    )
    for step in steps:
        _print_step(step, out)
    passed = all(step.passed for step in steps)
    total = time.perf_counter() - started
    out.write(f"{'passed' if passed else 'FAILED'} in {total:.1f} s\n")
    return 0 if passed else 1

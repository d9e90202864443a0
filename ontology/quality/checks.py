"""Quality checks on the ontology: SPARQL violation queries and SHACL shapes.

Each file in ``ontology/checks/*.rq`` is a SELECT that must return no rows; its first
variable (``?term`` or ``?entity``) names the offending resource, and its first comment line
says what it looks for. ``shapes.ttl`` holds SHACL shapes for terms, definitions, disputed
relations, sources, the header and failure cases. Results come back as data; printing and
exit codes are the CLI's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ontology.files import CHECKS_DIR, ONTOLOGY_FILE, SHAPES_FILE
from ontology.vocab import SH, local_name


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one SPARQL check: the IRIs (or blank-node ids) it flagged."""

    name: str
    description: str
    offenders: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.offenders


@dataclass(frozen=True)
class ShaclViolation:
    """One SHACL result: which node, along which path, and the shape's message."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class ShaclResult:
    conforms: bool
    violations: tuple[ShaclViolation, ...] = field(default=())

    @property
    def offenders(self) -> tuple[str, ...]:
        """The distinct focus nodes that failed, in order of first appearance."""
        return tuple(dict.fromkeys(v.focus for v in self.violations))


def check_files(checks_dir: Path = CHECKS_DIR) -> list[Path]:
    """The SPARQL check files, sorted by name."""
    return sorted(checks_dir.glob("*.rq"))


def describe_check(path: Path) -> str:
    """The first ``#`` comment line of a check file: what the check looks for."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return path.stem


def load_store(turtle_files: Iterable[Path] = (ONTOLOGY_FILE,)) -> ox.Store:
    """An in-memory pyoxigraph store holding the given Turtle files in its default graph."""
    store = ox.Store()
    for path in turtle_files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _term_text(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def run_check(path: Path, store: ox.Store) -> CheckResult:
    """Run one check file; every value of its first column is an offender."""
    solutions = store.query(path.read_text(encoding="utf-8"))
    if not isinstance(solutions, ox.QuerySolutions):
        raise ValueError(f"{path.name} is not a SELECT query")
    offenders = tuple(_term_text(row[0]) for row in solutions if row[0] is not None)
    return CheckResult(path.stem, describe_check(path), offenders)


def run_checks(store: ox.Store, paths: Sequence[Path] | None = None) -> list[CheckResult]:
    """Run every check (or the given ones) against the store's default graph."""
    return [run_check(path, store) for path in (paths if paths is not None else check_files())]


def load_shapes(shapes_file: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(shapes_file, format="turtle")


def run_shacl(data: Graph, shapes: Graph | None = None) -> ShaclResult:
    """Validate ``data`` against the shapes (advanced mode for the SPARQL-based targets)."""
    conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        advanced=True,
        inference="none",
    )
    assert isinstance(report, Graph)
    return ShaclResult(bool(conforms), tuple(_violations(report)))


def _violations(report: Graph) -> list[ShaclViolation]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        found.append(
            ShaclViolation(
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else "",
                message=str(message or ""),
                severity=local_name(str(severity)),
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))

"""OWL 2 DL profile and HermiT: the real ontology is sound; broken fixtures are caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ontology.files import ONTOLOGY_FILE
from ontology.quality.owl_check import (
    OwlReport,
    check_owl,
    finish_profile_check,
    run_hermit,
    start_profile_check,
    write_rdfxml,
)

FIXTURES = Path(__file__).with_name("fixtures")
BROKEN = "https://w3id.org/alignkg/Broken"

pytestmark = pytest.mark.slow


def _rdfxml(fixture: str, tmp_path: Path) -> Path:
    graph = Graph().parse(FIXTURES / f"{fixture}.ttl", format="turtle")
    return write_rdfxml(graph, tmp_path / f"{fixture}.owl")


@pytest.fixture(scope="module")
def real_report() -> OwlReport:
    return check_owl(Graph().parse(ONTOLOGY_FILE, format="turtle"))


def test_real_ontology_is_in_the_owl2_dl_profile(real_report: OwlReport) -> None:
    assert real_report.profile_violations == ()


def test_hermit_finds_the_real_ontology_consistent_with_no_unsatisfiable_class(
    real_report: OwlReport,
) -> None:
    assert real_report.consistent
    assert real_report.unsatisfiable == ()
    assert real_report.ok


def test_profile_check_names_a_property_punned_between_object_and_datatype(
    tmp_path: Path,
) -> None:
    violations = finish_profile_check(start_profile_check(_rdfxml("owl-not-dl", tmp_path)))
    assert violations
    assert all(BROKEN in line for line in violations)


def test_hermit_names_an_unsatisfiable_class(tmp_path: Path) -> None:
    consistent, unsatisfiable = run_hermit(_rdfxml("owl-unsatisfiable", tmp_path))
    assert consistent
    assert unsatisfiable == (BROKEN,)


def test_hermit_reports_an_inconsistent_ontology(tmp_path: Path) -> None:
    consistent, _ = run_hermit(_rdfxml("owl-inconsistent", tmp_path))
    assert not consistent

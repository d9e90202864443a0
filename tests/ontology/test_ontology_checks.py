"""The SPARQL quality checks and SHACL shapes: the real ontology passes, each can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ontology.cases.documented import documented_cases_graph
from ontology.files import ONTOLOGY_FILE
from ontology.quality.checks import (
    ShaclResult,
    check_files,
    describe_check,
    load_store,
    run_check,
    run_checks,
    run_shacl,
)

FIXTURES = Path(__file__).with_name("fixtures")
AK = "https://w3id.org/alignkg/"
BROKEN = AK + "Broken"
TEST_ONTOLOGY = AK + "test-ontology"

#: Which resources each check must name when run on its broken fixture.
EXPECTED_OFFENDER: dict[str, tuple[str, ...]] = {
    "author-list-mismatch": (BROKEN,),
    "dangling-reference": (BROKEN,),
    "datatype-property-without-domain-range": (BROKEN,),
    "definition-incomplete": (BROKEN,),
    "definition-without-quote": (BROKEN,),
    "duplicate-label": (BROKEN, AK + "Fine"),
    "missing-licence": (TEST_ONTOLOGY,),
    "missing-version-iri": (TEST_ONTOLOGY,),
    "object-property-without-domain-range": (BROKEN,),
    "source-without-title": (BROKEN,),
    "term-with-several-definitions": (BROKEN,),
    "term-without-definition": (BROKEN,),
    "term-without-label": (BROKEN,),
    "term-without-source": (BROKEN,),
    "unconnected-term": (BROKEN,),
    "undeclared-property": (BROKEN.replace("Broken", "broken"),),
}

CHECKS = {path.stem: path for path in check_files()}


def test_every_check_has_a_broken_fixture() -> None:
    """A new check file must come with a fixture proving it can fail."""
    assert set(CHECKS) == set(EXPECTED_OFFENDER)
    for name in CHECKS:
        assert (FIXTURES / f"{name}.ttl").exists(), name


def test_every_check_says_what_it_looks_for() -> None:
    for path in CHECKS.values():
        assert describe_check(path) != path.stem, f"{path.name} lacks a leading # comment"


def test_real_ontology_passes_every_sparql_check() -> None:
    failures = {
        r.name: r.offenders for r in run_checks(load_store([ONTOLOGY_FILE])) if not r.passed
    }
    assert failures == {}


def test_valid_fixture_passes_every_sparql_check() -> None:
    """The fixtures' shared skeleton is sound, so each failure below is its one defect."""
    results = run_checks(load_store([FIXTURES / "valid.ttl"]))
    assert [r.name for r in results if not r.passed] == []


@pytest.mark.parametrize("name", sorted(EXPECTED_OFFENDER))
def test_check_fails_on_its_fixture_and_names_the_offending_iri(name: str) -> None:
    result = run_check(CHECKS[name], load_store([FIXTURES / f"{name}.ttl"]))
    assert not result.passed
    assert result.offenders == EXPECTED_OFFENDER[name]


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_real_ontology_conforms_to_the_shapes(ontology_graph: Graph) -> None:
    result = run_shacl(ontology_graph)
    assert result.conforms, result.violations


def test_documented_cases_conform_to_the_failure_case_shape(ontology_graph: Graph) -> None:
    cases = documented_cases_graph()
    assert len(cases) > 0
    result = run_shacl(ontology_graph + cases)
    assert result.conforms, result.violations


def _shacl(fixture: str) -> ShaclResult:
    return run_shacl(Graph().parse(FIXTURES / f"{fixture}.ttl", format="turtle"))


def test_valid_fixture_conforms_to_the_shapes() -> None:
    assert _shacl("valid").conforms


@pytest.mark.parametrize(
    ("fixture", "focus", "path"),
    [
        ("shacl-term", BROKEN, "http://www.w3.org/2004/02/skos/core#prefLabel"),
        ("shacl-definition", BROKEN, AK + "quote"),
        ("shacl-disputed", BROKEN, AK + "disputedBy"),
        ("shacl-source", AK + "source/Broken", "http://purl.org/dc/terms/title"),
        ("missing-licence", TEST_ONTOLOGY, "http://purl.org/dc/terms/license"),
    ],
)
def test_shape_fails_on_its_fixture_and_names_the_offending_iri(
    fixture: str, focus: str, path: str
) -> None:
    result = _shacl(fixture)
    assert not result.conforms
    assert (focus, path) in {(v.focus, v.path) for v in result.violations}
    assert result.offenders == (focus,)


def test_failure_case_shape_flags_labels_facts_verdict_description_and_source() -> None:
    result = _shacl("shacl-case")
    case = AK + "case/broken"
    assert result.offenders == (case,)
    paths = {v.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in result.violations}
    assert paths == {"label", "deceptive", "expectedVerdict", "description", "source"}

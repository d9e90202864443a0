"""Exports round-trip to the same graph; ``alignkg check`` and ``alignkg export`` work."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import to_isomorphic

from ontology.quality.export import FORMATS, HEADER, load_ontology, parse_export, serialize
from service.cli import build_parser, check, main

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="module")
def source() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def canonical(source: Graph) -> tuple[int, int]:
    """Size and canonical digest of the source: what ``rdflib.compare.isomorphic`` compares,
    computed once instead of once per format."""
    return len(source), to_isomorphic(source).graph_digest()


def _canonical(graph: Graph) -> tuple[int, int]:
    return len(graph), to_isomorphic(graph).graph_digest()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips_to_an_isomorphic_graph(
    fmt: str, source: Graph, canonical: tuple[int, int]
) -> None:
    text = serialize(source, fmt)
    assert _canonical(parse_export(text, fmt)) == canonical


@pytest.mark.parametrize("fmt", ["ttl", "owl", "nt"])
def test_export_says_it_is_generated(fmt: str, source: Graph) -> None:
    head = "\n".join(serialize(source, fmt).splitlines()[:2])
    assert HEADER.format(fmt=fmt) in head


def test_cli_export_writes_the_requested_format(tmp_path: Path, canonical: tuple[int, int]) -> None:
    out = tmp_path / "alignment.owl"
    assert main(["export", "--format", "owl", "--out", str(out)]) == 0
    assert _canonical(Graph().parse(out, format="xml")) == canonical


def test_cli_export_rejects_an_unknown_format() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--format", "rdfa"])


def _run_check(*argv: str) -> tuple[int, str]:
    args = build_parser().parse_args(["check", *argv])
    out = io.StringIO()
    return check.run(args, out=out), out.getvalue()


@pytest.mark.slow
def test_cli_check_passes_on_the_real_ontology_and_prints_timings() -> None:
    code, output = _run_check()
    assert code == 0, output
    for step in ("parse", "OWL 2 DL profile", "HermiT", "SPARQL checks", "SHACL"):
        assert any(line.startswith(f"ok   {step}") for line in output.splitlines()), step
    assert output.rstrip().splitlines()[-1].startswith("passed in ")


def test_cli_check_fails_and_prints_the_offending_iri() -> None:
    fixture = FIXTURES / "term-without-source.ttl"
    code, output = _run_check("--ontology", str(fixture), "--skip-reasoner", "--no-cases")
    assert code == 1
    assert "FAIL   term-without-source" in output
    assert "https://w3id.org/alignkg/Broken" in output
    assert output.rstrip().splitlines()[-1].startswith("FAILED in ")


def test_cli_check_reports_a_parse_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ak: <https://w3id.org/alignkg/> .\nak:A a .\n")
    code, output = _run_check("--ontology", str(bad), "--skip-reasoner", "--no-cases")
    assert code == 1
    assert "FAIL parse" in output

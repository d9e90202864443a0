"""The SSSOM mapping files: valid for sssom-py, true to alignkg's rules, counted in the README.

The sssom package is what ``alignkg check`` trusts; here it judges each shipped file,
the union ``/mappings`` serves, and broken copies it must refuse. The rules (known
subjects under their own labels, the five SKOS predicates, provenance, a comment on
every partial match) are checked on the shipped files and on rows broken one way each.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph

from ontology.files import MissingDataError, ontology_graph
from ontology.mappings import catalogue
from ontology.mappings.catalogue import (
    MAPPINGS_DIR,
    MATCH_PREDICATES,
    mapping_files,
    mapping_sets,
    merged_mapping_set,
    union_tsv,
)
from ontology.mappings.report import check_mappings, start_sssom_validation
from ontology.mappings.rules import mapping_rule_problems
from ontology.mappings.sssom_tsv import Mapping, MappingSet, parse_sssom_tsv, sssom_tsv
from ontology.mappings.validation import file_problems

FILES = mapping_files()


def test_there_is_a_file_per_vocabulary_and_every_file_has_mappings() -> None:
    assert [path.name for path in FILES] == [
        "alignkg-deepmind-safety-2018.sssom.tsv",
        "alignkg-ibm-risk-atlas.sssom.tsv",
        "alignkg-lesswrong.sssom.tsv",
        "alignkg-mit-ai-risk-causal.sssom.tsv",
        "alignkg-mit-ai-risk-domain.sssom.tsv",
    ]
    assert all(mapping_set.mappings for mapping_set in mapping_sets())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_passes_sssom_validation(path: Path) -> None:
    assert file_problems(path) == []


def test_the_union_served_at_mappings_passes_sssom_validation(tmp_path: Path) -> None:
    union = tmp_path / "alignkg.sssom.tsv"
    union.write_bytes(union_tsv())
    assert file_problems(union) == []
    assert len(parse_sssom_tsv(union.read_text(), name="union").mappings) == sum(
        len(s.mappings) for s in mapping_sets()
    )


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    source = (MAPPINGS_DIR / "alignkg-ibm-risk-atlas.sssom.tsv").read_text()
    assert old in source
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(source.replace(old, new, 1))
    return broken


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        ("\tibm-risk-atlas:atlas-", "\tundeclared:atlas-", "undeclared"),
        ("skos:relatedMatch\t", "a match\t", "a match"),
    ],
    ids=["undeclared-prefix", "predicate-not-a-curie"],
)
def test_sssom_validation_refuses_a_broken_file(
    tmp_path: Path, old: str, new: str, finding: str
) -> None:
    problems = file_problems(_broken_copy(tmp_path, old, new))
    assert problems and any(finding in problem for problem in problems), problems


def test_the_shipped_files_keep_alignkgs_rules() -> None:
    assert mapping_rule_problems(mapping_sets(), ontology_graph()) == []


def _with_row(change: dict[str, str], *, twice: bool = False) -> MappingSet:
    """The first shipped set with its first row changed (and, if asked, repeated)."""
    first = mapping_sets()[0]
    cells = tuple((slot, change.get(slot, text)) for slot, text in first.mappings[0].cells)
    rows = (Mapping(cells),) * (2 if twice else 1)
    return replace(first, mappings=rows)


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        ({"subject_id": "ak:NoSuchTerm"}, "is not a labelled term of the ontology"),
        ({"subject_label": "something else"}, "the ontology says"),
        ({"predicate_id": "skos:related"}, "is not one of"),
        ({"predicate_id": "skos:closeMatch", "comment": ""}, "without a comment"),
        ({"mapping_justification": "semapv:LexicalMatching"}, "not semapv:ManualMappingCuration"),
        ({"author_id": ""}, "no author_id"),
        ({"mapping_date": ""}, "no mapping_date"),
    ],
)
def test_a_rule_broken_is_reported_with_its_row(change: dict[str, str], finding: str) -> None:
    problems = mapping_rule_problems([_with_row(change)], ontology_graph())
    assert len(problems) == 1 and finding in problems[0], problems
    assert "row 1" in problems[0]


def test_a_repeated_mapping_is_reported() -> None:
    problems = mapping_rule_problems([_with_row({}, twice=True)], ontology_graph())
    assert problems == [problems[0]] and "appears twice" in problems[0]


def test_files_that_bind_a_prefix_differently_cannot_be_merged() -> None:
    first = mapping_sets()[0]
    other = replace(
        first, name="other", metadata={**first.metadata, "curie_map": {"ak": "https://x.org/"}}
    )
    problems = mapping_rule_problems([first, other], Graph())
    assert any("prefix 'ak'" in problem for problem in problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reading_and_writing_a_file_keeps_its_meaning(path: Path) -> None:
    read = parse_sssom_tsv(path.read_text(), name=path.name)
    again = parse_sssom_tsv(sssom_tsv(read.metadata, read.columns, read.mappings), name="again")
    assert (again.metadata, again.columns, again.mappings) == (
        read.metadata,
        read.columns,
        read.mappings,
    )


def _key(mapping: Mapping) -> tuple[str, str, str]:
    return (mapping.subject_id, mapping.predicate_id, mapping.object_id)


def test_the_union_keeps_every_row_and_carries_each_files_object_source_down() -> None:
    sets = mapping_sets()
    union = merged_mapping_set(sets)
    source_of = {
        _key(m): str(s.metadata.get("object_source", "")) for s in sets for m in s.mappings
    }
    assert sorted(_key(m) for m in union.mappings) == sorted(source_of)
    assert all(m.get("object_source") == source_of[_key(m)] for m in union.mappings)
    assert {m.get("object_source") for m in union.mappings} >= {"nexus:ibm-risk-atlas"}


def _readme_counts() -> dict[str, list[int]]:
    text = (MAPPINGS_DIR / "README.md").read_text()
    table = text.split("## Counts", 1)[1]
    rows = re.findall(r"^\| `([\w-]+)` \| ([\d |]+)\|$", table, flags=re.M)
    return {name: [int(n) for n in cells.split("|")] for name, cells in rows}


def test_the_readme_counts_are_the_files_counts() -> None:
    expected = {
        s.name: [sum(m.predicate_id == p for m in s.mappings) for p in MATCH_PREDICATES]
        + [len(s.mappings)]
        for s in mapping_sets()
    }
    assert _readme_counts() == expected


@pytest.mark.slow
def test_the_check_step_passes_on_the_shipped_files_and_names_a_broken_one(
    tmp_path: Path,
) -> None:
    good = check_mappings(ontology_graph(), start_sssom_validation())
    assert good.passed, good.problems
    assert good.summary.startswith(f"{sum(len(s.mappings) for s in mapping_sets())} mappings")
    # A row sssom-py leaves out (it only logs it) must still fail the check.
    broken = _broken_copy(tmp_path, "skos:relatedMatch\t", "a match\t")
    bad = check_mappings(ontology_graph(), start_sssom_validation([broken]))
    assert not bad.passed
    assert any(p.startswith("broken.sssom.tsv: sssom left a row out") for p in bad.problems)


def test_an_install_without_mapping_files_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "mapping_files", lambda: [])
    with pytest.raises(MissingDataError, match="sssom.tsv"):
        catalogue.mapping_sets.__wrapped__()

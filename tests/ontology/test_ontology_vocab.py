"""``ontology/vocab.py`` is the one module that spells namespaces and takes IRIs apart.

Its functions have their examples as doctests; here, that the rest of the code leaves
the job to it (no local namespaces, no local-name slicing), and that its helpers agree
with one another.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontology.vocab import (
    BASE,
    PREFIXES,
    ak_iri,
    case_id,
    case_iri,
    expand,
    in_namespace,
    local_name,
    shorten,
)

ROOT = Path(__file__).resolve().parents[2]
#: What spelling a namespace or cutting a local name out of an IRI looks like.
_FORBIDDEN = {
    "an rdflib Namespace": re.compile(r"\bNamespace\("),
    "a slice at a namespace's length": re.compile(r"\[len\((BASE|str\()"),
    "a local name cut at '/', '#' or ':'": re.compile(r"""\.rsplit\(["'][/#:]["']"""),
    "a CURIE prefix stripped by hand": re.compile(r"""removeprefix\(["']ak:["']\)"""),
    "a namespace spelled out": re.compile(
        r"""^[A-Z_]+ = ["']https?://(www\.w3\.org|purl\.org|xmlns\.com|w3id\.org)""", re.M
    ),
}


def _python_files() -> list[Path]:
    files = [*(ROOT / "ontology").rglob("*.py"), *(ROOT / "service").rglob("*.py")]
    return sorted(f for f in files if f != ROOT / "ontology" / "vocab.py")


@pytest.mark.parametrize("what", sorted(_FORBIDDEN))
def test_only_vocab_spells_namespaces_and_cuts_iris(what: str) -> None:
    pattern = _FORBIDDEN[what]
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"{what} outside ontology/vocab.py: {offenders}"


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_shorten_and_expand_undo_each_other_in_every_namespace(prefix: str) -> None:
    iri = PREFIXES[prefix] + "Thing"
    assert shorten(iri) == f"{prefix}:Thing"
    assert expand(shorten(iri)) == iri
    assert local_name(iri) == local_name(shorten(iri)) == "Thing"


def test_in_namespace_is_what_shorten_calls_a_local_name() -> None:
    for iri in (BASE + "MesaOptimizer", BASE + "case/boat-race", BASE, "https://example.org/x"):
        local = in_namespace(iri, BASE)
        assert (shorten(iri) == f"ak:{local}") is (local is not None)


def test_case_ids_and_term_names_round_trip() -> None:
    assert case_id(case_iri("boat-race-1a2b")) == "boat-race-1a2b"
    assert ak_iri("ak:MesaOptimizer") == ak_iri("MesaOptimizer") == expand("ak:MesaOptimizer")

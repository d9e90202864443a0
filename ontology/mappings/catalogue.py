"""alignkg's mapping sets: the ``*.sssom.tsv`` files beside this module, and their union.

Each file maps alignkg's terms to one outside vocabulary. The files are the source;
``/mappings`` serves their union as one mapping set (SSSOM/TSV or SSSOM/JSON), with each
row's ``object_source`` carried down from its file so that nothing is lost in the merge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ontology.files import MissingDataError
from ontology.mappings.sssom_tsv import Mapping, MappingSet, read_mapping_set, sssom_tsv
from ontology.vocab import BASE

#: The mapping files ship inside the ``ontology`` package, next to this module.
MAPPINGS_DIR = Path(__file__).parent
MAPPING_FILE_GLOB = "*.sssom.tsv"
#: The union's identity; the files keep their own ids below it.
UNION_ID = BASE + "mappings"
UNION_TITLE = "alignkg terms mapped to other vocabularies"
#: Set-level slots that hold for every row of a file, copied onto the rows of the union.
PROPAGATED = ("object_source", "object_source_version", "mapping_date")
#: The order SSSOM's matching predicates are listed in, strongest first.
MATCH_PREDICATES = (
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
    "skos:narrowMatch",
    "skos:relatedMatch",
)


class MappingSetConflict(ValueError):
    """Two mapping sets that cannot be merged (a prefix bound to two IRIs, ...)."""


def mapping_files(folder: Path = MAPPINGS_DIR) -> list[Path]:
    """The SSSOM/TSV files of a folder, by name."""
    return sorted(folder.glob(MAPPING_FILE_GLOB))


@cache
def mapping_sets() -> tuple[MappingSet, ...]:
    """Every shipped mapping set, read once per process (the files change only on release).

    MissingDataError when there is none: an install without them would otherwise serve an
    empty ``/mappings`` with nothing to say why.
    """
    paths = mapping_files()
    if not paths:
        raise MissingDataError(
            f"no {MAPPING_FILE_GLOB} file in {MAPPINGS_DIR}: the install is incomplete;"
            " reinstall alignkg (`pip install .`, or `pip install -e .` in a checkout)"
        )
    return tuple(read_mapping_set(path) for path in paths)


def merged_curie_map(sets: Iterable[MappingSet]) -> dict[str, str]:
    """One prefix map for all the sets; MappingSetConflict if they bind a prefix differently."""
    merged: dict[str, str] = {}
    for mapping_set in sets:
        for prefix, iri in mapping_set.curie_map.items():
            if merged.setdefault(prefix, iri) != iri:
                raise MappingSetConflict(
                    f"{mapping_set.name}: prefix {prefix!r} is {iri}, elsewhere {merged[prefix]}"
                )
    return dict(sorted(merged.items()))


def _propagated(mapping_set: MappingSet, mapping: Mapping, columns: tuple[str, ...]) -> Mapping:
    """The row with its file's set-level values filled in, in the union's column order."""
    own = dict(mapping.cells)
    for slot in PROPAGATED:
        if not own.get(slot) and mapping_set.metadata.get(slot):
            own[slot] = str(mapping_set.metadata[slot])
    return Mapping(tuple((column, own.get(column, "")) for column in columns))


def merged_mapping_set(sets: tuple[MappingSet, ...]) -> MappingSet:
    """The union of ``sets`` as one mapping set (the metadata they share, their rows)."""
    columns = tuple(dict.fromkeys(c for s in sets for c in (*s.columns, *PROPAGATED)))
    columns = tuple(c for c in columns if c != "comment") + ("comment",)
    shared = {
        key: value
        for key in ("license", "creator_id", "creator_label", "subject_source")
        if len({repr(s.metadata.get(key)) for s in sets}) == 1
        and (value := sets[0].metadata.get(key)) is not None
    }
    metadata: dict[str, Any] = {
        "curie_map": merged_curie_map(sets),
        "mapping_set_id": UNION_ID,
        "mapping_set_version": max(str(s.metadata.get("mapping_set_version", "")) for s in sets),
        "mapping_set_title": UNION_TITLE,
        "mapping_set_description": "The union of: " + "; ".join(s.title for s in sets) + ".",
        **shared,
    }
    rows = tuple(_propagated(s, m, columns) for s in sets for m in s.mappings)
    used = [c for c in columns if any(row.get(c) for row in rows)]
    rows = tuple(Mapping(tuple((c, row.get(c)) for c in used)) for row in rows)
    return MappingSet("alignkg", metadata, tuple(used), rows)


@cache
def union() -> MappingSet:
    """The shipped mapping sets merged into one."""
    return merged_mapping_set(mapping_sets())


@cache
def union_tsv() -> bytes:
    """The union as SSSOM/TSV, encoded once per process."""
    merged = union()
    return sssom_tsv(merged.metadata, merged.columns, merged.mappings).encode()


def union_json() -> dict[str, Any]:
    """The union as SSSOM/JSON: the set's slots, its prefix map and one object per mapping."""
    merged = union()
    return {**merged.metadata, "mappings": [m.record() for m in merged.mappings]}


def counts(sets: Iterable[MappingSet]) -> dict[str, dict[str, int]]:
    """Mappings per set (by title) and predicate, predicates strongest first."""
    found: dict[str, dict[str, int]] = {}
    for mapping_set in sets:
        tally = Counter(m.predicate_id for m in mapping_set.mappings)
        ordered = sorted(tally, key=_predicate_rank)
        found[mapping_set.title] = {predicate: tally[predicate] for predicate in ordered}
    return found


def _predicate_rank(predicate: str) -> tuple[int, str]:
    known = predicate in MATCH_PREDICATES
    return (MATCH_PREDICATES.index(predicate) if known else len(MATCH_PREDICATES), predicate)

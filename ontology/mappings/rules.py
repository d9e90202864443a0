"""alignkg's own rules for its mapping files, beyond what the SSSOM schema checks.

Every mapping says who made it, when and on what grounds; its subject is one of our
terms under the label the ontology gives it; its predicate is one of SKOS's five
matching properties; a match that is not exact says in a comment how it falls short; and
the files agree on their prefixes, so that their union is one mapping set. The ``sssom``
package checks the files against the SSSOM schema (``validation``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from ontology.mappings.catalogue import (
    MATCH_PREDICATES,
    MappingSetConflict,
    merged_curie_map,
)
from ontology.mappings.sssom_tsv import Mapping, MappingSet
from ontology.mappings.triples import expand_curie
from ontology.vocab import SKOS_PREF, CurieError

#: How every mapping here was made: by people reading both definitions.
JUSTIFICATION = "semapv:ManualMappingCuration"
#: The one predicate that needs no comment: the two concepts are the same.
EXACT = "skos:exactMatch"
#: Slots each row must fill.
REQUIRED = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label")
REQUIRED_PROVENANCE = ("mapping_justification", "author_id", "mapping_date")


def _labels(ontology: Graph) -> dict[str, set[str]]:
    """Each resource of the ontology with a preferred label -> its labels."""
    found: dict[str, set[str]] = {}
    for subject, label in ontology.subject_objects(URIRef(SKOS_PREF)):
        found.setdefault(str(subject), set()).add(str(label))
    return found


def row_problems(
    mapping: Mapping, curie_map: dict[str, str], labels: dict[str, set[str]]
) -> list[str]:
    """What is wrong with one mapping ([] when nothing is)."""
    problems = [f"no {slot}" for slot in (*REQUIRED, *REQUIRED_PROVENANCE) if not mapping.get(slot)]
    if mapping.predicate_id and mapping.predicate_id not in MATCH_PREDICATES:
        problems.append(
            f"predicate {mapping.predicate_id} is not one of {', '.join(MATCH_PREDICATES)}"
        )
    justification = mapping.get("mapping_justification")
    if justification and justification != JUSTIFICATION:
        problems.append(f"justification {justification}, not {JUSTIFICATION}")
    if mapping.predicate_id != EXACT and not mapping.get("comment"):
        problems.append("a partial match without a comment saying how it falls short")
    try:
        subject = expand_curie(mapping.subject_id, curie_map)
    except CurieError as exc:
        return [*problems, str(exc)]
    if subject not in labels:
        problems.append(f"subject {mapping.subject_id} is not a labelled term of the ontology")
    elif mapping.get("subject_label") not in labels[subject]:
        known = " / ".join(sorted(labels[subject]))
        problems.append(
            f"subject_label {mapping.get('subject_label')!r}, the ontology says {known!r}"
        )
    return problems


def set_problems(mapping_set: MappingSet, labels: dict[str, set[str]]) -> list[str]:
    """Each problem of a mapping set, as '<file>: row <n> (<subject> -> <object>): <what>'."""
    found = []
    seen: set[tuple[str, str, str]] = set()
    for number, mapping in enumerate(mapping_set.mappings, start=1):
        where = f"{mapping_set.name}: row {number} ({mapping.subject_id} -> {mapping.object_id})"
        key = (mapping.subject_id, mapping.predicate_id, mapping.object_id)
        problems = row_problems(mapping, mapping_set.curie_map, labels)
        if key in seen:
            problems.append("the same mapping appears twice")
        seen.add(key)
        found += [f"{where}: {problem}" for problem in problems]
    return found


def mapping_rule_problems(sets: Iterable[MappingSet], ontology: Graph) -> list[str]:
    """Every rule broken by the mapping sets, judged against the ontology's terms."""
    sets = tuple(sets)
    labels = _labels(ontology)
    found = [problem for mapping_set in sets for problem in set_problems(mapping_set, labels)]
    try:
        merged_curie_map(sets)
    except MappingSetConflict as exc:
        found.append(str(exc))
    return found

"""Every mapped outside concept exists where the mapping says it comes from.

MIT AI Risk Repository and IBM AI Risk Atlas ids are read from the knowledge-graph data
the ``ai-atlas-nexus`` package ships (its YAML files, found through the package's
installed metadata; the package itself, which imports torch, is never imported). The
DeepMind terms and the LessWrong pages are checked against what the ontology records.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import URIRef
from rdflib.namespace import FOAF

from ontology.files import ontology_graph
from ontology.mappings.catalogue import mapping_sets
from ontology.mappings.sssom_tsv import MappingSet
from ontology.mappings.triples import expand_curie

KNOWLEDGE_GRAPH = "ai_atlas_nexus/data/knowledge_graph/"
#: libyaml's safe loader where PyYAML was built with it (several times faster).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The mapping files whose objects are ai-atlas-nexus entries.
NEXUS_SETS = (
    "alignkg-ibm-risk-atlas",
    "alignkg-mit-ai-risk-causal",
    "alignkg-mit-ai-risk-domain",
)


@cache
def nexus_entries() -> dict[str, dict[str, Any]]:
    """Every entry and group of the package's knowledge-graph YAML files, by id."""
    shipped = distribution("ai-atlas-nexus")
    # The vocabularies sit at the top of the folder; its mappings/ only repeats their ids.
    files = [
        f
        for f in shipped.files or []
        if str(f).startswith(KNOWLEDGE_GRAPH) and "/" not in str(f)[len(KNOWLEDGE_GRAPH) :]
    ]
    found: dict[str, dict[str, Any]] = {}
    for file in files:
        if not str(file).endswith(".yaml"):
            continue
        text = Path(str(shipped.locate_file(file))).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=LOADER)
        for key in ("entries", "groups"):
            for item in (data or {}).get(key) or []:
                if "name" in item:
                    found.setdefault(item["id"], item)
    return found


def _set(name: str) -> MappingSet:
    return next(s for s in mapping_sets() if s.name == name)


def test_the_package_data_is_there_to_check_against() -> None:
    entries = nexus_entries()
    assert "mit-ai-risk-subdomain-7.1" in entries and "atlas-hallucination" in entries


@pytest.mark.parametrize("name", NEXUS_SETS)
def test_every_object_id_exists_in_ai_atlas_nexus_data(name: str) -> None:
    entries = nexus_entries()
    missing = [
        m.object_id for m in _set(name).mappings if m.object_id.partition(":")[2] not in entries
    ]
    assert not missing, f"not in ai-atlas-nexus's knowledge graph: {missing}"


@pytest.mark.parametrize("name", NEXUS_SETS)
def test_object_labels_and_taxonomy_are_the_packages(name: str) -> None:
    """Each object keeps the package's name for it, and belongs to the file's taxonomy."""
    mapping_set = _set(name)
    taxonomy = str(mapping_set.metadata["object_source"]).partition(":")[2]
    for mapping in mapping_set.mappings:
        entry = nexus_entries()[mapping.object_id.partition(":")[2]]
        assert mapping.get("object_label") == entry["name"].strip(), mapping.object_id
        assert entry["isDefinedByTaxonomy"] == taxonomy, mapping.object_id


def test_ibm_see_also_is_the_entrys_own_page() -> None:
    for mapping in _set("alignkg-ibm-risk-atlas").mappings:
        entry = nexus_entries()[mapping.object_id.partition(":")[2]]
        assert mapping.values("see_also") == [entry["url"]], mapping.object_id


def test_lesswrong_objects_are_the_pages_they_name() -> None:
    mapping_set = _set("alignkg-lesswrong")
    for mapping in mapping_set.mappings:
        page = expand_curie(mapping.object_id, mapping_set.curie_map)
        assert page.startswith("https://www.lesswrong.com/")
        assert mapping.values("see_also") == [page]


def test_deepmind_terms_are_named_by_us_and_point_at_the_post() -> None:
    """The post gives no ids: ours sit in alignkg's namespace, and ``see_also`` is the
    address the ontology records for the post (``object_source``)."""
    mapping_set = _set("alignkg-deepmind-safety-2018")
    source = expand_curie(str(mapping_set.metadata["object_source"]), mapping_set.curie_map)
    post = ontology_graph().value(URIRef(source), FOAF.page)
    assert post is not None
    for mapping in mapping_set.mappings:
        iri = expand_curie(mapping.object_id, mapping_set.curie_map)
        assert iri.startswith("https://w3id.org/alignkg/external/deepmind-safety-2018/")
        assert mapping.values("see_also") == [str(post)]

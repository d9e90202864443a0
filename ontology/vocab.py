"""The IRI policy in code: one base IRI, the prefixes we print, CURIE <-> IRI, and the
IRIs the term index, search and description read, spelled once.

The policy itself is written down in ``ontology/README.md``; this module is its only
implementation, so every face of alignkg expands and shortens IRIs the same way.

>>> kind_slug("ak:ThreatModel")
'threat-model'
>>> kind_slug("ak:AIControl")
'ai-control'
>>> ordered_authors(["Joar Skalse", "Evan Hubinger", "Ann Other"], "Evan Hubinger; Joar Skalse")
['Evan Hubinger', 'Joar Skalse', 'Ann Other']
"""

from __future__ import annotations

import re

from rdflib import Namespace

BASE = "https://w3id.org/alignkg/"
AK = Namespace(BASE)
CASE = Namespace(BASE + "case/")
SOURCE = Namespace(BASE + "source/")
GRAPH = Namespace(BASE + "graph/")

#: Named graphs of the dataset. The default graph served to queries is their union.
ONTOLOGY_GRAPH = GRAPH["ontology"]
CASES_GRAPH = GRAPH["cases"]
SUBMITTED_GRAPH = GRAPH["submitted"]
#: Graphs under this prefix belong to users (SPARQL Update, Graph Store Protocol).
USER_GRAPH_PREFIX = BASE + "graph/user/"

PREFIXES: dict[str, str] = {
    "ak": BASE,
    "akcase": str(CASE),
    "aksrc": str(SOURCE),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "bibo": "http://purl.org/ontology/bibo/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


class CurieError(ValueError):
    """A string that is neither a known CURIE nor an absolute IRI."""


def expand(curie_or_iri: str) -> str:
    """Expand a CURIE with a known prefix; return absolute IRIs unchanged.

    >>> expand("ak:MesaOptimizer")
    'https://w3id.org/alignkg/MesaOptimizer'
    >>> expand("https://w3id.org/alignkg/MesaOptimizer")
    'https://w3id.org/alignkg/MesaOptimizer'
    """
    if "://" in curie_or_iri or curie_or_iri.startswith("urn:"):
        return curie_or_iri
    prefix, sep, local = curie_or_iri.partition(":")
    if not sep or prefix not in PREFIXES:
        raise CurieError(f"{curie_or_iri!r} is not a CURIE with a known prefix nor an IRI")
    return PREFIXES[prefix] + local


def shorten(iri: str) -> str:
    """Shorten an IRI to a CURIE with the longest matching prefix, else return it whole.

    >>> shorten("https://w3id.org/alignkg/MesaOptimizer")
    'ak:MesaOptimizer'
    >>> shorten("https://w3id.org/alignkg/case/boat-race")
    'akcase:boat-race'
    >>> shorten("https://example.org/x")
    'https://example.org/x'
    """
    best = ""
    best_ns = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best_ns):
            local = iri[len(ns) :]
            if local and "/" not in local and "#" not in local:
                best, best_ns = prefix, ns
    return f"{best}:{iri[len(best_ns) :]}" if best else iri


# --- the vocabulary the term index, search and description read ---
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
RDFS_COMMENT = RDFS + "comment"
RDFS_SUBCLASS = RDFS + "subClassOf"
RDFS_SEE_ALSO = RDFS + "seeAlso"
OWL_CLASS = OWL + "Class"
OWL_INDIVIDUAL = OWL + "NamedIndividual"
OWL_RESTRICTION_PROPERTY = OWL + "onProperty"
OWL_VALUE_PROPERTIES = (OWL + "someValuesFrom", OWL + "allValuesFrom", OWL + "hasValue")
OWL_VERSION_IRI = OWL + "versionIRI"
SKOS_PREF = SKOS + "prefLabel"
SKOS_ALT = SKOS + "altLabel"
SKOS_DEF = SKOS + "definition"
SKOS_NOTE = SKOS + "note"
DC_SOURCE = DCTERMS + "source"
DC_TITLE = DCTERMS + "title"
DC_CREATOR = DCTERMS + "creator"
DC_DATE = DCTERMS + "date"
DC_ISSUED = DCTERMS + "issued"
DC_DESCRIPTION = DCTERMS + "description"
DC_BIBCITATION = DCTERMS + "bibliographicCitation"

AK_AUTHOR_LIST = BASE + "authorList"
AK_DEFINITION = BASE + "Definition"
AK_HAS_DEFINITION = BASE + "hasDefinition"
AK_DEFINITION_TEXT = BASE + "definitionText"
AK_FRAMING = BASE + "framing"
AK_FRAMING_CLASS = BASE + "Framing"
AK_DISPUTED = BASE + "DisputedRelation"
AK_DISPUTED_SUBJECT = BASE + "disputedSubject"
AK_DISPUTED_PREDICATE = BASE + "disputedPredicate"
AK_DISPUTED_OBJECT = BASE + "disputedObject"
AK_DISPUTED_BY = BASE + "disputedBy"
AK_ASSERTED_BY = BASE + "assertedBy"
AK_EXHIBITS = BASE + "exhibits"

#: Resources of these types are parts of the description, not terms of their own.
NOT_TERM_TYPES = frozenset(
    {
        AK_DEFINITION,
        AK_DISPUTED,
        OWL + "Ontology",
        OWL + "ObjectProperty",
        OWL + "DatatypeProperty",
        OWL + "AnnotationProperty",
        RDF + "Property",
    }
)

#: Predicates that are bookkeeping rather than relations between terms.
NOT_RELATIONS = frozenset({RDF_TYPE, RDFS_SUBCLASS, AK_HAS_DEFINITION, DC_SOURCE, RDFS_SEE_ALSO})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def kind_slug(curie: str) -> str:
    """``ak:ThreatModel`` -> ``threat-model``: a class's name as a ``kind`` filter value."""
    local = curie.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return _CAMEL.sub("-", local).lower()


def ordered_authors(creators: list[str], author_list: str | None) -> list[str]:
    """A source's ``dcterms:creator`` values in the order its ``ak:authorList`` gives.

    RDF keeps no order among repeated values, so without the list they come
    alphabetically (at least the same each time); a creator the list leaves out comes
    after those it names.
    """
    if not author_list:
        return sorted(creators)
    position = {name.strip(): i for i, name in enumerate(author_list.split(";"))}
    return sorted(creators, key=lambda name: (position.get(name, len(position)), name))

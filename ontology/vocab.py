"""The IRI policy in code: one base IRI, the namespaces and the prefixes we print,
CURIE <-> IRI, local names, and every IRI alignkg reads or writes, spelled once.

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
#: The SSSOM mappings as skos:*Match triples (ontology/mappings; read-only like the above).
MAPPINGS_GRAPH = GRAPH["mappings"]
SUBMITTED_GRAPH = GRAPH["submitted"]
#: Graphs under this prefix belong to users (SPARQL Update, Graph Store Protocol).
USER_GRAPH_PREFIX = BASE + "graph/user/"

# --- the other vocabularies alignkg reads and writes, each spelled once ---
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
BIBO = "http://purl.org/ontology/bibo/"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "http://schema.org/"
#: SHACL reports, the SPARQL service description and the W3C's format IRIs are read and
#: written with rdflib, hence namespaces rather than strings.
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: Not an RDF vocabulary: the XML namespace of the SPARQL Query Results XML Format.
SPARQL_RESULTS_XML = "http://www.w3.org/2005/sparql-results#"

PREFIXES: dict[str, str] = {
    "ak": BASE,
    "akcase": str(CASE),
    "aksrc": str(SOURCE),
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "bibo": BIBO,
    "foaf": FOAF,
    "prov": "http://www.w3.org/ns/prov#",
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


def in_namespace(iri: str, namespace: str) -> str | None:
    """The name of ``iri`` directly in ``namespace`` (no further ``/`` or ``#``), else None.

    >>> in_namespace("https://w3id.org/alignkg/MesaOptimizer", BASE)
    'MesaOptimizer'
    >>> in_namespace("https://w3id.org/alignkg/case/boat-race", BASE) is None
    True
    >>> in_namespace("https://w3id.org/alignkg/", BASE) is None
    True
    """
    if not iri.startswith(namespace):
        return None
    local = iri[len(namespace) :]
    return local if local and "/" not in local and "#" not in local else None


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
        if len(ns) > len(best_ns) and in_namespace(iri, ns) is not None:
            best, best_ns = prefix, ns
    return f"{best}:{in_namespace(iri, best_ns)}" if best else iri


def local_name(iri: str) -> str:
    """What an IRI or a CURIE ends with: the text after its last ``#``, ``/`` or ``:``.

    The readable part of a name, whatever its namespace; ``in_namespace`` says whether an
    IRI is in a given one.

    >>> local_name("https://w3id.org/alignkg/MesaOptimizer")
    'MesaOptimizer'
    >>> local_name("ak:MesaOptimizer")
    'MesaOptimizer'
    >>> local_name("https://w3id.org/alignkg/case/boat-race")
    'boat-race'
    >>> local_name("http://www.w3.org/ns/shacl#Violation")
    'Violation'
    >>> local_name("MesaOptimizer")
    'MesaOptimizer'
    """
    return _LAST_SEGMENT.split(iri)[-1]


def ak_iri(name: str) -> str:
    """The IRI of a name in ``ak:``, given bare or as an ``ak:`` CURIE.

    >>> ak_iri("SpecificationGaming")
    'https://w3id.org/alignkg/SpecificationGaming'
    >>> ak_iri("ak:SpecificationGaming")
    'https://w3id.org/alignkg/SpecificationGaming'
    """
    return BASE + name.removeprefix("ak:")


def case_iri(case_id: str) -> str:
    """A case's IRI from its id.

    >>> case_iri("boat-race")
    'https://w3id.org/alignkg/case/boat-race'
    """
    return str(CASE) + case_id


def case_id(iri: str) -> str:
    """A case's id from its IRI; an IRI outside ``akcase:`` is its own id.

    >>> case_id("https://w3id.org/alignkg/case/boat-race")
    'boat-race'
    >>> case_id("https://example.org/a-case")
    'https://example.org/a-case'
    """
    return iri.removeprefix(str(CASE))


_LAST_SEGMENT = re.compile(r"[#/:]")


# --- the terms alignkg reads and writes: the term index, search, description, cases ---
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
OWL_NOTHING = OWL + "Nothing"
XSD_BOOLEAN = XSD + "boolean"
XSD_STRING = XSD + "string"
XSD_GYEAR = XSD + "gYear"
SKOS_PREF = SKOS + "prefLabel"
SKOS_ALT = SKOS + "altLabel"
SKOS_DEF = SKOS + "definition"
SKOS_NOTE = SKOS + "note"
SKOS_CLOSE_MATCH = SKOS + "closeMatch"
DC_SOURCE = DCTERMS + "source"
DC_TITLE = DCTERMS + "title"
DC_CREATOR = DCTERMS + "creator"
DC_DATE = DCTERMS + "date"
DC_ISSUED = DCTERMS + "issued"
DC_DESCRIPTION = DCTERMS + "description"
DC_BIBCITATION = DCTERMS + "bibliographicCitation"
DC_IDENTIFIER = DCTERMS + "identifier"
BIBO_DOCUMENT = BIBO + "Document"
BIBO_URI = BIBO + "uri"
FOAF_PAGE = FOAF + "page"
SCHEMA_URL = SCHEMA + "url"

AK_AUTHOR_LIST = BASE + "authorList"
AK_DEFINITION = BASE + "Definition"
AK_HAS_DEFINITION = BASE + "hasDefinition"
AK_DEFINITION_TEXT = BASE + "definitionText"
AK_FRAMING = BASE + "framing"
AK_QUOTE = BASE + "quote"
AK_LOCATOR = BASE + "locator"
AK_CHECKED_AGAINST = BASE + "checkedAgainst"
AK_CHECKED_ON = BASE + "checkedOn"
AK_EXTRAPOLATION = BASE + "extrapolation"
AK_FRAMING_CLASS = BASE + "Framing"
AK_DISPUTED = BASE + "DisputedRelation"
AK_DISPUTED_SUBJECT = BASE + "disputedSubject"
AK_DISPUTED_PREDICATE = BASE + "disputedPredicate"
AK_DISPUTED_OBJECT = BASE + "disputedObject"
AK_DISPUTED_BY = BASE + "disputedBy"
AK_ASSERTED_BY = BASE + "assertedBy"
AK_EXHIBITS = BASE + "exhibits"
# A case, as the case book writes and reads it.
AK_FAILURE_CASE = BASE + "FailureCase"
AK_EXPECTED_VERDICT = BASE + "expectedVerdict"
AK_COMPUTED_VERDICT = BASE + "computedVerdict"
AK_AMBIGUOUS = BASE + "ambiguous"
AK_HAS_FRAMING_VERDICT = BASE + "hasFramingVerdict"
AK_FRAMING_VERDICT = BASE + "FramingVerdict"
AK_VERDICT = BASE + "verdict"
AK_RULE = BASE + "rule"
AK_DECLARED_PARTITION = BASE + "declaredPartition"
# Where a case's fact comes from: one ak:FactAssertion per fact.
AK_FACT_ASSERTION = BASE + "FactAssertion"
AK_HAS_FACT_ASSERTION = BASE + "hasFactAssertion"
AK_ABOUT_FACT = BASE + "aboutFact"
AK_FACT_VALUE = BASE + "factValue"
AK_PROVENANCE_KIND = BASE + "provenanceKind"
AK_REASON = BASE + "reason"
PROV_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DC_MODIFIED = DCTERMS + "modified"
SKOS_CHANGE_NOTE = SKOS + "changeNote"

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
    return _CAMEL.sub("-", local_name(curie)).lower()


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

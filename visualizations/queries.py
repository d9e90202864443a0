"""What the explorer reads from the store, as SPARQL over the union of all graphs.

Each function returns plain rows (``dict[str, str]`` of CURIEs and literals), so the graph
builder knows nothing of pyoxigraph and whatever the ontology and case files hold shows
up without code changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from ontology.store import Store
from ontology.vocab import PREFIXES, shorten

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

Row = dict[str, str]

#: Classes that are terms: named, in our namespace, and not a framing's verdict rule.
TERMS = """
SELECT ?id ?label ?definition WHERE {
  ?id a owl:Class .
  FILTER(isIRI(?id) && STRSTARTS(STR(?id), STR(ak:)))
  FILTER NOT EXISTS { ?id ak:framing ?rulesFraming }
  OPTIONAL { ?id skos:prefLabel ?pref }
  OPTIONAL { ?id rdfs:label ?rlabel }
  OPTIONAL { ?id skos:definition ?definition }
  BIND(COALESCE(?pref, ?rlabel) AS ?label)
}"""

ALT_LABELS = """
SELECT ?id ?alt WHERE { ?id skos:altLabel ?alt . FILTER(isIRI(?id)) }"""

FRAMINGS = """
SELECT ?id ?label ?definition WHERE {
  ?id a ak:Framing .
  OPTIONAL { ?id rdfs:label ?label }
  OPTIONAL { ?id skos:definition ?definition }
}"""

SUBCLASS = """
SELECT ?child ?parent WHERE {
  ?child rdfs:subClassOf ?parent . FILTER(isIRI(?child) && isIRI(?parent))
}"""

RELATED = """
SELECT ?a ?b WHERE { ?a skos:related ?b . FILTER(isIRI(?a) && isIRI(?b)) }"""

DEFINITIONS = """
SELECT ?term ?framing ?text ?source WHERE {
  ?term ak:hasDefinition ?definition .
  ?definition ak:definitionText ?text ; ak:framing ?framing .
  OPTIONAL { ?definition dcterms:source ?source }
}"""

CITATIONS = """
SELECT ?subject ?source WHERE {
  ?subject dcterms:source ?source . FILTER(isIRI(?subject) && isIRI(?source))
}"""

SOURCES = """
SELECT ?id ?label ?url WHERE {
  { ?any dcterms:source ?id } UNION { ?id a bibo:Document } UNION { ?id a foaf:Document }
  FILTER(isIRI(?id))
  OPTIONAL { ?id dcterms:title ?title }
  OPTIONAL { ?id rdfs:label ?rlabel }
  OPTIONAL { ?id bibo:uri|foaf:page|rdfs:seeAlso ?url }
  BIND(COALESCE(?title, ?rlabel) AS ?label)
}"""

DISPUTED = """
SELECT ?subject ?predicate ?object ?by ?note WHERE {
  ?relation a ak:DisputedRelation ;
            ak:disputedSubject ?subject ; ak:disputedPredicate ?predicate ;
            ak:disputedObject ?object .
  OPTIONAL { ?relation ak:disputedBy ?by }
  OPTIONAL { ?relation rdfs:comment|skos:note|skos:scopeNote ?note }
}"""

#: Object-property links: asserted between resources, or stated on classes by restriction.
OBJECT_LINKS = """
SELECT DISTINCT ?subject ?property ?object WHERE {
  ?property a owl:ObjectProperty .
  FILTER(?property NOT IN (ak:exhibits, ak:hasDefinition, ak:framing))
  {
    ?subject ?property ?object .
  } UNION {
    ?subject rdfs:subClassOf|owl:equivalentClass ?restriction .
    ?restriction owl:onProperty ?property ;
                 owl:someValuesFrom|owl:allValuesFrom|owl:hasValue ?object .
  }
  FILTER(isIRI(?subject) && isIRI(?object))
}"""

PROPERTY_LABELS = """
SELECT ?id ?label WHERE { ?id a owl:ObjectProperty ; rdfs:label ?label }"""

CASES = """
SELECT ?id ?label ?description ?expected WHERE {
  ?id a ak:FailureCase . FILTER(isIRI(?id))
  OPTIONAL { ?id dcterms:title ?title }
  OPTIONAL { ?id rdfs:label ?rlabel }
  OPTIONAL { ?id dcterms:description|rdfs:comment ?description }
  OPTIONAL { ?id ak:expectedVerdict ?expected }
  BIND(COALESCE(?title, ?rlabel) AS ?label)
}"""

CASE_FACTS = """
SELECT ?case ?fact ?value WHERE {
  ?case a ak:FailureCase ; ?fact ?value .
  ?fact rdfs:subPropertyOf ak:caseFact .
}"""

CASE_DECLARATIONS = """
SELECT ?case ?declaration ?value WHERE {
  ?case a ak:FailureCase ; ?declaration ?value .
  ?declaration rdfs:subPropertyOf ak:caseDeclaration .
}"""

EXHIBITS = """
SELECT ?case ?term WHERE { ?case ak:exhibits ?term . FILTER(isIRI(?term)) }"""

#: Anchors of the groups drawn around terms; a term joins by subclass or any direct link.
GROUP_ANCHORS: dict[str, str] = {
    "ak:ObjectiveTaxonomy": "objective taxonomy",
    "ak:GeneralizationTaxonomy": "generalization taxonomy",
    "ak:ThreatModel": "threat models",
    "ak:Desideratum": "desiderata",
}

GROUP_LINKS = """
SELECT DISTINCT ?member ?anchor WHERE {
  VALUES ?anchor { ak:ObjectiveTaxonomy ak:GeneralizationTaxonomy ak:ThreatModel ak:Desideratum }
  { ?member ?link ?anchor } UNION
  { ?anchor ?link ?member FILTER(?link NOT IN (rdfs:subClassOf, owl:equivalentClass)) }
  FILTER(isIRI(?member) && ?member != ?anchor)
  FILTER(?link NOT IN (rdf:type, dcterms:source, ak:exhibits, owl:disjointWith,
                       skos:related, ak:disputedObject, ak:disputedSubject))
}"""


@lru_cache(maxsize=65_536)
def _curie(iri: str) -> str:
    return shorten(iri)


def _value(term: Any) -> str:
    """A result term as text: IRIs shortened to CURIEs, literals as their lexical form."""
    text = str(term.value)
    return _curie(text) if isinstance(term, ox.NamedNode) else text


def select(store: Store, query: str) -> list[Row]:
    """Run a SELECT over the union graph; each row maps bound variables to text."""
    solutions: Any = store.query(PROLOGUE + query)
    names = list(enumerate(v.value for v in solutions.variables))
    rows: list[Row] = []
    for solution in solutions:
        rows.append({n: _value(term) for i, n in names if (term := solution[i]) is not None})
    return rows


def first_by_id(rows: list[Row], key: str = "id") -> dict[str, Row]:
    """Keep the first row per id (optional patterns can multiply rows)."""
    by_id: dict[str, Row] = {}
    for row in rows:
        by_id.setdefault(row[key], row)
    return by_id


def grouped(rows: list[Row], key: str, value: str) -> dict[str, list[str]]:
    """``{row[key]: [row[value], ...]}`` without duplicates, in first-seen order."""
    out: dict[str, list[str]] = {}
    for row in rows:
        if value in row and row[value] not in out.setdefault(row[key], []):
            out[row[key]].append(row[value])
    return out


def read_all(store: Store) -> Mapping[str, list[Row]]:
    """Every row the explorer needs, by query name."""
    queries = {
        "terms": TERMS,
        "alt_labels": ALT_LABELS,
        "framings": FRAMINGS,
        "subclass": SUBCLASS,
        "related": RELATED,
        "definitions": DEFINITIONS,
        "citations": CITATIONS,
        "sources": SOURCES,
        "disputed": DISPUTED,
        "object_links": OBJECT_LINKS,
        "property_labels": PROPERTY_LABELS,
        "cases": CASES,
        "case_facts": CASE_FACTS,
        "case_declarations": CASE_DECLARATIONS,
        "exhibits": EXHIBITS,
        "group_links": GROUP_LINKS,
    }
    return {name: select(store, query) for name, query in queries.items()}

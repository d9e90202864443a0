"""The IRI policy in code: one base IRI, the prefixes we print, CURIE <-> IRI.

The policy itself is written down in ``ontology/README.md``; this module is its only
implementation, so every face of alignkg expands and shortens IRIs the same way.
"""

from __future__ import annotations

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

"""The SPARQL 1.1 Service Description a machine gets from a GET with no query."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ontology.vocab import (
    CASES_GRAPH,
    ONTOLOGY_GRAPH,
    RDFS_COMMENT,
    SD,
    SUBMITTED_GRAPH,
    W3C_FORMATS,
)
from service.http.negotiation import choose_media

#: Media types the description itself is offered in, with rdflib's serializer names.
DESCRIPTION_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
_RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"]
_RESULT_FORMATS += ["SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"]


def service_description(endpoint: str) -> Graph:
    """The description of the endpoint at ``endpoint`` as an RDF graph."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", W3C_FORMATS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    for language in (SD.SPARQL11Query, SD.SPARQL11Update):
        graph.add((service, SD.supportedLanguage, language))
    for name in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, W3C_FORMATS[name]))
    dataset = BNode()
    default = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add(
        (
            default,
            URIRef(RDFS_COMMENT),
            Literal(
                "The union of the store's default graph and the ontology, documented-case "
                "and submitted-case graphs."
            ),
        )
    )
    for name in (ONTOLOGY_GRAPH, CASES_GRAPH, SUBMITTED_GRAPH):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(str(name))))
    return graph


def describe(endpoint: str, accept: str | None) -> tuple[bytes, str] | None:
    """The description serialized for ``accept``, with its media type; None if unacceptable."""
    media = choose_media(accept, list(DESCRIPTION_FORMATS))
    if media is None:
        return None
    data = service_description(endpoint).serialize(format=DESCRIPTION_FORMATS[media])
    return data.encode(), media

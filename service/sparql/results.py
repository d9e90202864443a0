"""Step 4: the result formats offered, and serializing results in the one ``Accept`` chose.

Negotiation itself is ``service.http.negotiation.choose_media``, the service's one negotiator
(aliases such as ``application/json`` for SPARQL JSON, or ``text/plain`` for N-Triples,
are its business: the lists below hold only the media types served).

SELECT/ASK: SPARQL JSON, XML, CSV and TSV (CSV/TSV are SELECT only). CONSTRUCT/DESCRIBE:
Turtle, N-Triples, RDF/XML, JSON-LD. SELECT rows and graph triples are capped; a capped
result carries ``X-AlignKG-Truncated: true`` and, in SPARQL JSON, a top-level
``"x-alignkg": {"truncated": true, "rowLimit": N}`` member (extra members are allowed
and ignored by SPARQL JSON readers).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ontology.vocab import SPARQL_RESULTS_XML, XSD_STRING

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
#: Media types offered for SELECT results, in the server's order of preference.
SELECT_TYPES = [JSON, XML, CSV, TSV]
ASK_TYPES = [JSON, XML]
#: Media types offered for CONSTRUCT/DESCRIBE results, with pyoxigraph's format for each,
#: in the order ``GET /ontology`` prefers them (so ties go the same way on both).
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
Term = Any  # a pyoxigraph NamedNode, BlankNode, Literal or Triple


def json_term(term: Term) -> dict[str, Any]:
    """One RDF term in SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    parts = ("subject", "predicate", "object")
    return {"type": "triple", "value": {p: json_term(getattr(term, p)) for p in parts}}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    inner = "".join(
        f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
    )
    return f"<triple>{inner}</triple>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


Rows = Sequence[Sequence[Term | None]]


def serialize_select(
    variables: Sequence[str], rows: Rows, media: str, *, truncated: bool, limit: int
) -> bytes:
    """SELECT results in ``media`` (one of the canonical SELECT types)."""
    if media == JSON:
        bindings = [
            {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        doc: dict[str, Any] = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if truncated:
            doc["x-alignkg"] = {"truncated": True, "rowLimit": limit}
        return json.dumps(doc, ensure_ascii=False).encode()
    if media == XML:
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join(
            "<result>"
            + "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        return _xml_document(f"<head>{head}</head><results>{body}</results>")
    if media == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def serialize_boolean(value: bool, media: str) -> bytes:
    """ASK results in SPARQL JSON or XML."""
    if media == JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    return _xml_document(f"<head/><boolean>{'true' if value else 'false'}</boolean>")


def _xml_document(inner: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sparql xmlns="{SPARQL_RESULTS_XML}">{inner}</sparql>\n'
    ).encode()


def serialize_triples(triples: Sequence[ox.Triple], media: str) -> bytes:
    """CONSTRUCT/DESCRIBE results in one of ``GRAPH_FORMATS``."""
    out = ox.serialize(list(triples), format=GRAPH_FORMATS[media])
    assert out is not None  # with no output file, pyoxigraph returns the bytes
    return out

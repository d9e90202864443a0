"""The example queries on the query page (also run by the tests and the benchmark)."""

from __future__ import annotations

from ontology.vocab import PREFIXES

#: The PREFIX lines the editor starts with.
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

#: (title, query body without prologue). The first one always has rows.
EXAMPLES: list[tuple[str, str]] = [
    (
        "Terms and their labels",
        """SELECT ?term ?label WHERE {
  ?term a owl:Class ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?term), STR(ak:)))
}
ORDER BY ?label
LIMIT 200""",
    ),
    (
        'Every definition of "inner alignment", by framing',
        """SELECT ?framing ?framingLabel ?definition ?source WHERE {
  ak:InnerAlignment ak:hasDefinition ?d .
  ?d ak:definitionText ?definition ; ak:framing ?framing .
  OPTIONAL { ?framing rdfs:label ?framingLabel }
  OPTIONAL { ?d dcterms:source ?source }
}
ORDER BY ?framingLabel""",
    ),
    (
        'The history of "inner alignment": who defined it how, in whose words, and when',
        """SELECT ?date ?reading ?quote ?locator ?source WHERE {
  ak:InnerAlignment ak:hasDefinition ?d .
  ?d dcterms:date ?date ; rdfs:label ?reading ; ak:quote ?quote ; ak:locator ?locator .
  OPTIONAL { ?d dcterms:source ?source }
}
ORDER BY ?date ?reading""",
    ),
    (
        "Cases flagged ambiguous, and the framings that disagree",
        """SELECT ?case ?title ?framing ?verdict WHERE {
  ?case a ak:FailureCase ; ak:ambiguous true ; ak:hasFramingVerdict ?fv .
  OPTIONAL { ?case rdfs:label ?title }
  ?fv ak:framing ?framing ; ak:verdict ?verdict .
  FILTER(?verdict IN ("outer", "inner", "both"))
}
ORDER BY ?case ?verdict""",
    ),
    (
        "Pairs of framings that disagree, and on how many cases",
        """SELECT ?a ?b (COUNT(DISTINCT ?case) AS ?cases) WHERE {
  ?case a ak:FailureCase ; ak:hasFramingVerdict ?va , ?vb .
  ?va ak:framing ?a ; ak:verdict ?x .
  ?vb ak:framing ?b ; ak:verdict ?y .
  FILTER(STR(?a) < STR(?b) && ?x != ?y)
  FILTER(?x IN ("outer", "inner", "both", "none") && ?y IN ("outer", "inner", "both", "none"))
}
GROUP BY ?a ?b
ORDER BY DESC(?cases) ?a ?b""",
    ),
    (
        "Where each case fact comes from",
        """SELECT ?case ?fact ?value ?kind ?quote ?reason WHERE {
  ?case ak:hasFactAssertion ?a .
  ?a ak:aboutFact ?fact ; ak:factValue ?value ; ak:provenanceKind ?kind .
  OPTIONAL { ?a ak:quote ?quote }
  OPTIONAL { ?a ak:reason ?reason }
}
ORDER BY ?case ?fact
LIMIT 200""",
    ),
    (
        "Failure modes under inner misalignment, with their sources",
        """SELECT DISTINCT ?mode ?label ?link ?source WHERE {
  ?mode rdfs:subClassOf+ ak:FailureMode .
  { ?mode ?link ak:InnerMisalignment } UNION { ak:InnerMisalignment ?link ?mode }
  UNION {
    ?r a ak:DisputedRelation ; ak:disputedPredicate ?link ;
       ak:disputedSubject ?mode ; ak:disputedObject ak:InnerMisalignment .
  }
  OPTIONAL { ?mode rdfs:label ?label }
  OPTIONAL { ?mode dcterms:source ?source }
}
ORDER BY ?label""",
    ),
    (
        "Terms whose relation is disputed",
        """SELECT ?subject ?predicate ?object ?disputedBy WHERE {
  ?r a ak:DisputedRelation ;
     ak:disputedSubject ?subject ;
     ak:disputedPredicate ?predicate ;
     ak:disputedObject ?object .
  OPTIONAL { ?r ak:disputedBy ?disputedBy }
}
ORDER BY ?subject""",
    ),
]


def example_queries() -> list[dict[str, str]]:
    """The examples as the page shows them: a title and the full query text."""
    return [{"title": title, "query": PROLOGUE + "\n" + body} for title, body in EXAMPLES]

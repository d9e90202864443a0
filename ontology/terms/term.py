"""One term's record, as the index keeps it (a leaf of ``ontology.terms``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

Node = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Term:
    """What the index knows about one term."""

    iri: str
    curie: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str | None = None
    types: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    individual: bool = False

    @property
    def kind(self) -> str:
        return self.kinds[0] if self.kinds else "concept"

    def ref(self) -> dict[str, str]:
        """The short form used wherever one term points at another."""
        return {"iri": self.iri, "curie": self.curie, "label": self.label}

"""The static taxonomy picture is well-formed SVG with every term, group and no script."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ontology.store import EmbeddedStore
from visualizations.taxonomy_svg import taxonomy_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_taxonomy_svg_draws_every_term_and_group(fixture_store: EmbeddedStore) -> None:
    root = ET.fromstring(taxonomy_svg(fixture_store).split("\n", 2)[2])
    texts = {t.text for t in root.iter(SVG + "text")}
    assert {"mesa-optimizer", "optimizer", "alignment concept", "inner alignment"} <= texts
    assert {"objective taxonomy", "generalization taxonomy", "threat models"} <= texts
    assert len(list(root.iter(SVG + "polygon"))) == 4
    assert not list(root.iter(SVG + "script"))


def test_taxonomy_svg_leaves_cases_and_sources_out(fixture_store: EmbeddedStore) -> None:
    svg = taxonomy_svg(fixture_store)
    assert "Evolution and birth control" not in svg
    assert "Risks from Learned Optimization" not in svg

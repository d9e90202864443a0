"""How each kind of node and edge looks; the legend is drawn from the same tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .verdicts import VERDICT_COLOURS

#: kind -> legend label, vis shape, fill, border, label font size.
NODE_STYLES: dict[str, dict[str, Any]] = {
    "term": {"label": "term", "shape": "dot", "fill": "#5dade2", "border": "#1f618d", "font": 18},
    "framing": {
        "label": "framing",
        "shape": "diamond",
        "fill": "#f5b041",
        "border": "#9c640c",
        "font": 18,
    },
    "source": {
        "label": "source",
        "shape": "triangle",
        "fill": "#a9dfbf",
        "border": "#1e8449",
        "font": 12,
    },
    "case": {
        "label": "case",
        "shape": "square",
        "fill": "#ffffff",
        "border": "#2c3e50",
        "font": 12,
    },
    "individual": {
        "label": "individual",
        "shape": "dot",
        "fill": "#d5d8dc",
        "border": "#626567",
        "font": 12,
    },
}

#: kind -> legend label, colour, dashes, arrow.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "subclass": {
        "label": "subclass, instance of",
        "colour": "#34495e",
        "dashes": False,
        "width": 2.0,
    },
    "related": {"label": "related", "colour": "#16a085", "dashes": [6, 4], "width": 1.2},
    "property": {"label": "object property", "colour": "#2471a3", "dashes": False, "width": 1.2},
    "disputed": {"label": "disputed", "colour": "#e74c3c", "dashes": [10, 5], "width": 2.5},
    "defined_in": {"label": "defined in", "colour": "#d4ac0d", "dashes": [2, 4], "width": 1.0},
    "exhibits": {"label": "exhibits", "colour": "#95a5a6", "dashes": False, "width": 0.8},
    "cites": {"label": "source", "colour": "#bfc9ca", "dashes": [1, 3], "width": 0.8},
}

#: Cross-links drawn faint until a node is selected (then vis highlights its edges), so the
#: subclass tree stays readable.
FAINT_EDGE_KINDS = {
    "related": 0.35,
    "property": 0.35,
    "defined_in": 0.3,
    "exhibits": 0.45,
    "cites": 0.4,
}

#: The selected node's border and its links: a colour no kind, edge or verdict uses, so a
#: selection never reads as "disputed" (red) or as a verdict.
SELECTION = "#d4148c"

#: Group anchor -> translucent hull colour.
GROUP_COLOURS: dict[str, str] = {
    "ak:ObjectiveTaxonomy": "rgba(52, 152, 219, 0.13)",
    "ak:GeneralizationTaxonomy": "rgba(46, 204, 113, 0.13)",
    "ak:ThreatModel": "rgba(231, 76, 60, 0.12)",
    "ak:Desideratum": "rgba(155, 89, 182, 0.12)",
}

LABEL_LIMIT = 32
#: Kinds whose size and label grow with degree (vis ``value`` scaling), so hubs stay
#: legible when zoomed out and leaves appear as one zooms in.
SCALED_KINDS = frozenset({"term"})


def short_label(label: str) -> str:
    """Labels drawn on the canvas are cut to stay legible; the panel shows them whole.

    >>> short_label("a very long case title that goes on and on and on")
    'a very long case title that goe…'
    """
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def node_options(
    node: str, data: Mapping[str, Any], *, x: float, y: float, size: float
) -> dict[str, Any]:
    """vis node options for one node of the graph."""
    style = NODE_STYLES[data["kind"]]
    fill = style["fill"]
    options: dict[str, Any] = {
        "label": short_label(str(data["label"])),
        "shape": style["shape"],
        "size": size,
        "x": round(x, 1),
        "y": round(y, 1),
        "kind": data["kind"],
        "font": {"size": style["font"], "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1.5,
        "title": _tooltip(node, data),
    }
    if data["kind"] in SCALED_KINDS:
        options["value"] = size
    if data["kind"] == "case":
        verdict = data["verdicts"]["verdict"]
        fill = VERDICT_COLOURS.get(verdict, "#ffffff")
        options["verdict"] = verdict
        options["borderWidth"] = 3 if data["verdicts"]["ambiguous"] else 1.5
        options["shapeProperties"] = {
            "borderDashes": [4, 3] if data["verdicts"]["ambiguous"] else False
        }
    options["color"] = {
        "background": fill,
        "border": style["border"],
        "highlight": {"background": fill, "border": SELECTION},
    }
    return options


def _tooltip(node: str, data: Mapping[str, Any]) -> str:
    text = f"{data['label']} ({data['kind']}, {node})"
    summary = data.get("definition") or data.get("description") or ""
    if summary:
        text += "\n" + (summary if len(summary) < 240 else summary[:239] + "…")
    return text


def edge_options(data: Mapping[str, Any]) -> dict[str, Any]:
    """vis edge options for one edge, by its kind."""
    style = EDGE_STYLES[data["kind"]]
    label = "disputed" if data["kind"] == "disputed" else data["label"]
    return {
        "label": label,
        "title": data.get("title", data["label"]),
        "kind": data["kind"],
        "color": {
            "color": style["colour"],
            "highlight": SELECTION,
            "hover": style["colour"],
            "opacity": FAINT_EDGE_KINDS.get(data["kind"], 0.9),
        },
        "dashes": style["dashes"],
        "width": style["width"],
        "arrows": {"to": {"enabled": data["kind"] != "related", "scaleFactor": 0.6}},
    }

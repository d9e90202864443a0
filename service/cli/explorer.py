"""``alignkg explorer --out FILE.html``: write the explorer as one standalone page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore
from visualizations.render import ExplorerInputError, ExplorerView, explorer_html


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "explorer", help="write the graph explorer as a standalone HTML page (everything inline)"
    )
    p.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    p.add_argument("--focus", help="open on the neighbourhood of this CURIE, e.g. ak:MesaOptimizer")
    p.add_argument("--depth", type=int, default=1, help="hops around --focus (default 1)")
    p.add_argument("--no-cases", action="store_true", help="open with the documented cases hidden")
    p.add_argument("--framing", help="colour cases by this framing's verdict")
    p.add_argument(
        "--term-base",
        default=None,
        help="service URL that term links point to, e.g. http://127.0.0.1:8000/terms/ "
        "(default: each term's IRI)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    store = EmbeddedStore()
    load_system_graphs(store)
    view = ExplorerView(
        focus=args.focus, depth=args.depth, cases=not args.no_cases, framing=args.framing
    )
    try:
        page = explorer_html(store, view, standalone=True, term_base=args.term_base)
    except ExplorerInputError as error:
        print(f"alignkg explorer: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out} ({len(page) // 1024} KiB)")
    return 0

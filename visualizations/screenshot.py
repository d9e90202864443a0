"""A screenshot of the explorer for the README, taken with headless Chromium.

Writes the standalone page, opening on the neighbourhood of the best match of a search
(``ontology.terms.search``, as ``GET /search`` answers) with its side panel showing its
per-framing definitions, to a temporary file, opens it, and saves a PNG:

    .venv/bin/python -m visualizations.screenshot --out docs/explorer.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore
from ontology.terms.index import term_index
from ontology.terms.search import search as search_terms
from visualizations.render import ExplorerView, explorer_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def screenshot(out: Path, *, search: str = "inner alignment", width: int = 1400) -> None:
    """Render the explorer focused on ``search``'s best match, and save a PNG to ``out``."""
    from playwright.sync_api import sync_playwright

    store = EmbeddedStore()
    load_system_graphs(store)
    hits = search_terms(term_index(store), search, limit=1)["results"]
    if not hits:
        raise SystemExit(f"no term matches {search!r}")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "explorer.html"
        view = ExplorerView(focus=hits[0]["curie"], depth=1)
        page_file.write_text(explorer_html(store, view, standalone=True), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
            page.wait_for_selector("#panel:not([hidden])")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot the explorer.")
    parser.add_argument("--out", type=Path, default=Path("docs/explorer.png"))
    parser.add_argument("--search", default="inner alignment")
    args = parser.parse_args(argv)
    screenshot(args.out, search=args.search)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

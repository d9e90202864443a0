"""``alignkg export --format {ttl,owl,nt,jsonld} [--out PATH]``: write a derived file.

The exports are generated from ``ontology/alignment.ttl`` and say so in a header; they are
never edited by hand. Without ``--out`` the text goes to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ontology.files import ONTOLOGY_FILE
from ontology.quality.export import FORMATS, export


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "export", help="export the ontology as Turtle, RDF/XML (owl), N-Triples or JSON-LD"
    )
    p.add_argument("--format", choices=sorted(FORMATS), default="ttl", dest="fmt")
    p.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    p.add_argument("--ontology", type=Path, default=ONTOLOGY_FILE, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    text = export(args.fmt, args.out, source=args.ontology)
    if args.out is None:
        out.write(text)
    else:
        sys.stderr.write(f"wrote {args.out} ({FORMATS[args.fmt].media_type}, {len(text)} chars)\n")
    return 0

"""The ``alignkg`` command: one subcommand per module of this package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ontology.files import MissingDataError
from service.cli import check, classify, explorer, export, load, serve

# Each module has register(subparsers) and sets ``func`` on its parser. Add yours here.
COMMANDS = [serve, explorer, check, export, classify, load]
#: Exit status when the install lacks a data file (the same as for an unusable data
#: directory: the machine, not the command line, must be fixed).
EXIT_MISSING_DATA = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alignkg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except MissingDataError as err:
        # One line naming the missing file, not a traceback from deep in the loader.
        print(f"alignkg {args.command}: {err}", file=sys.stderr)
        return EXIT_MISSING_DATA
    return code

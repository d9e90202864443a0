"""The ``alignkg`` command: one subcommand per module in ``service/commands``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .commands import check, classify, explorer, export, load, serve

# Each module has register(subparsers) and sets ``func`` on its parser. Add yours here.
COMMANDS = [serve, explorer, check, export, classify, load]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alignkg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""The mapping files checked by the ``sssom`` package against the SSSOM schema.

Each file must parse with sssom-py and pass its validators: the LinkML JSON Schema of
SSSOM, every CURIE's prefix declared in the file's ``curie_map``, and CURIEs of the strict
form. ``alignkg check`` runs this module as a child process
(``python -m ontology.mappings.validation``), which prints the problems as JSON: sssom
brings pandas and LinkML, about a second and a half to import, and the CLI's commands
(``alignkg serve`` among them) share one process's imports.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from sssom.constants import SchemaValidationType
from sssom.parsers import parse_sssom_table
from sssom.util import MappingSetDataFrame
from sssom.validators import validate

from ontology.mappings.catalogue import mapping_files

#: The validators run on every file (sssom-py's defaults, named so that a new default
#: in a later sssom release is a decision, not a surprise).
VALIDATORS = [
    SchemaValidationType.JsonSchema,
    SchemaValidationType.PrefixMapCompleteness,
    SchemaValidationType.StrictCurieFormat,
]


class _Collect(logging.Handler):
    """Keeps the warnings sssom logs while it parses (rows it drops are only logged)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _parsed(path: Path) -> tuple[MappingSetDataFrame, list[str]]:
    """sssom-py's reading of the file, and the rows it refused as not well-formed.

    sssom-py leaves a malformed row out of the set with a logged warning, not an error,
    so a file can validate with a row missing; here the warning is the finding.
    """
    collect = _Collect()
    logger = logging.getLogger("sssom")
    logger.addHandler(collect)
    try:
        mapping_set = parse_sssom_table(path)
    finally:
        logger.removeHandler(collect)
    dropped = [m for m in collect.messages if "not well-formed" in m]
    return mapping_set, [f"sssom left a row out: {m.split(' Error: ')[-1]}" for m in dropped]


def file_problems(path: Path) -> list[str]:
    """What sssom-py finds wrong with one SSSOM/TSV file ([] when it is valid)."""
    try:
        mapping_set, dropped = _parsed(path)
        reports = validate(mapping_set, VALIDATORS, fail_on_error=False)
    except Exception as exc:  # noqa: BLE001 - any failure to read the file is the finding
        return [f"sssom cannot read it: {type(exc).__name__}: {exc}"]
    return dropped + [
        f"{kind.value}: {result.message}"
        for kind, report in reports.items()
        for result in report.results
    ]


def sssom_problems(paths: Iterable[Path]) -> dict[str, list[str]]:
    """Each file's name -> its problems, for every file given."""
    return {path.name: file_problems(path) for path in paths}


def main(argv: list[str] | None = None) -> int:
    """Print ``{file name: [problems]}`` as JSON for the files named (default: all shipped)."""
    # sssom logs what it finds as well; the JSON on stdout is the report, so the log goes
    # nowhere (a handler on the root logger keeps Python's last-resort one from printing it).
    logging.getLogger().addHandler(logging.NullHandler())
    names = sys.argv[1:] if argv is None else argv
    paths = [Path(name) for name in names] or mapping_files()
    json.dump(sssom_problems(paths), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The mapping files' check for ``alignkg check``: the SSSOM schema and alignkg's rules.

sssom-py runs in a child process (``validation``), started first so that it works while
the other checks run; alignkg's rules (``rules``) run here against the parsed ontology.
The result is data; printing it is the CLI's business.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ontology.mappings.catalogue import mapping_files
from ontology.mappings.rules import mapping_rule_problems
from ontology.mappings.sssom_tsv import SssomFormatError, read_mapping_set

#: Generous: sssom's imports and five small files take a few seconds on a busy machine.
SSSOM_TIMEOUT_S = 180.0


@dataclass
class MappingCheck:
    """The outcome: passed or not, one line of summary, every problem found."""

    passed: bool
    summary: str
    seconds: float
    problems: list[str] = field(default_factory=list)


class SssomRun:
    """sssom-py validating the files in a child process; ``problems`` waits for it."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(paths)
        self.started = time.perf_counter()
        command = [sys.executable, "-m", "ontology.mappings.validation", *map(str, self.paths)]
        self._child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def problems(self) -> list[str]:
        """Each file's problems as '<file>: <what>'; a failed run is a problem too."""
        try:
            out, err = self._child.communicate(timeout=SSSOM_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.communicate()
            return [f"sssom validation did not finish in {SSSOM_TIMEOUT_S:.0f} s"]
        if self._child.returncode != 0:
            last = (err.strip().splitlines() or ["no message"])[-1]
            return [f"sssom validation failed to run: {last}"]
        report: dict[str, list[str]] = json.loads(out)
        return [f"{name}: {problem}" for name, found in report.items() for problem in found]


def start_sssom_validation(paths: Iterable[Path] | None = None) -> SssomRun:
    """Start sssom-py on the given files (default: every shipped mapping file)."""
    return SssomRun(mapping_files() if paths is None else paths)


def check_mappings(ontology: Graph, sssom: SssomRun) -> MappingCheck:
    """alignkg's rules against ``ontology``, then sssom-py's verdict, in one outcome."""
    problems: list[str] = []
    sets = []
    for path in sssom.paths:
        try:
            sets.append(read_mapping_set(path))
        except SssomFormatError as exc:
            problems.append(str(exc))
    problems += mapping_rule_problems(sets, ontology)
    problems += sssom.problems()
    count = sum(len(s.mappings) for s in sets)
    verdict = "valid" if not problems else f"{len(problems)} problems"
    summary = f"{count} mappings in {len(sssom.paths)} SSSOM files: {verdict}"
    return MappingCheck(not problems, summary, time.perf_counter() - sssom.started, problems)

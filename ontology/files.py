"""Where alignkg's own files are, and the parsed ontology: a leaf that imports no other
module of alignkg."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph

ONTOLOGY_FILE = Path(__file__).with_name("alignment.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")
CHECKS_DIR = Path(__file__).with_name("checks")
#: The Java helper that asks the OWL API for the ontology's OWL 2 profile.
JAVA_DIR = Path(__file__).with_name("java")
#: The repository's ``data/`` folder as installed (pyproject.toml maps it), looked up
#: through the import system so that a wheel install finds it as an editable one does.
DATA_PACKAGE = "alignkg_data"
CASES_FILE_NAME = "cases.json"
#: The files of ``data/`` that the service reads at run time; each must be installed.
RUN_TIME_DATA = (CASES_FILE_NAME,)


class MissingDataError(RuntimeError):
    """A data file alignkg reads at run time is not installed; the message names it."""


def data_file(name: str) -> Traversable:
    """The installed ``data/<name>``; MissingDataError if it is not there.

    Never an empty stand-in: a service without its documented cases would answer every
    request as if the case library were empty, with nothing in any log to say why.
    """
    try:
        folder = files(DATA_PACKAGE)
    except ModuleNotFoundError as exc:
        raise MissingDataError(
            f"alignkg's data package {DATA_PACKAGE!r} (data/{name} in the repository) is not"
            " installed: reinstall alignkg (`pip install .`, or `pip install -e .` in a checkout)"
        ) from exc
    found = folder / name
    if not found.is_file():
        raise MissingDataError(
            f"alignkg's data file {found} is missing: the install is incomplete;"
            " reinstall alignkg (`pip install .`, or `pip install -e .` in a checkout)"
        )
    return found


def check_run_time_data() -> None:
    """Raise MissingDataError unless every data file the service reads is installed."""
    for name in RUN_TIME_DATA:
        data_file(name)


@cache
def ontology_graph() -> Graph:
    """The parsed ``alignment.ttl`` (parsed once per process; treat it as read-only)."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")

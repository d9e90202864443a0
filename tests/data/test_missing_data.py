"""An install without the documented cases fails loudly, never as an empty case library.

Each test points ``ontology.files`` at a stand-in data package (a folder on a
temporary ``sys.path`` entry) whose ``cases.json`` is missing, as in a wheel that forgot it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ontology import files
from ontology.cases import documented, system_graphs
from ontology.store import EmbeddedStore
from service import cli

STAND_IN = "alignkg_data_without_cases"


@pytest.fixture
def cases_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The path the loader will look for and not find."""
    package = tmp_path / STAND_IN
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(files, "DATA_PACKAGE", STAND_IN)
    # The cases are read once per process: start and end with nothing remembered.
    documented._documented_cases.cache_clear()
    yield package / files.CASES_FILE_NAME
    documented._documented_cases.cache_clear()
    # Imported from this test's folder: the next test's stand-in is another folder.
    sys.modules.pop(STAND_IN, None)


def test_loading_the_cases_raises_and_names_the_missing_file(cases_missing: Path) -> None:
    with pytest.raises(files.MissingDataError, match=str(cases_missing)):
        documented.load_documented_cases()


def test_start_up_fails_rather_than_loading_no_cases(cases_missing: Path) -> None:
    store = EmbeddedStore(None)
    with pytest.raises(files.MissingDataError, match=str(cases_missing)):
        system_graphs.load_system_graphs(store)


def test_a_missing_data_package_is_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "DATA_PACKAGE", "alignkg_data_not_installed")
    with pytest.raises(files.MissingDataError, match="alignkg_data_not_installed"):
        files.data_file(files.CASES_FILE_NAME)


def test_serve_exits_non_zero_with_one_line_naming_the_file(
    cases_missing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--port", "1"]) == cli.EXIT_MISSING_DATA != 0
    err = capsys.readouterr().err
    assert str(cases_missing) in err
    assert err.startswith("alignkg serve: ")
    assert len(err.splitlines()) == 1

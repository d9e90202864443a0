"""A non-editable install (``pip install .``) serves every documented case (issue 14).

The wheel is built from a copy of the checkout and installed into a scratch directory;
the service then runs from a directory outside the checkout, with Python's site hooks
off so the editable install's import finder (which maps the packages back to the
checkout) cannot hide a file the wheel forgot.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

#: Every test here shares one wheel build and install (about 5 s), then starts Python anew.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
CHECKOUT_CASES = REPO / "data" / "cases.json"
#: What ``pip install .`` reads from the checkout to build the wheel.
BUILD_INPUTS = ["pyproject.toml", "README.md", "ontology", "service", "visualizations", "data"]
PACKAGES = ["ontology", "service", "visualizations"]

#: Runs in the installed copy: how many documented cases the package loads, and how many
#: ``GET /cases`` lists, as JSON on stdout.
COUNT_CASES = """
import json, sys
import ontology, service
from fastapi.testclient import TestClient
from ontology.cases.documented import load_documented_cases
from service.app import create_app
from service.settings import Settings

app = create_app(Settings(data_dir=None, query_workers=1))
with TestClient(app) as client:
    page = client.get("/cases", params={"limit": 500}).json()
json.dump(
    {
        "modules": [ontology.__file__, service.__file__],
        "loaded": len(load_documented_cases()),
        "listed": page["total"],
        "ids": sorted(item["id"] for item in page["items"]),
    },
    sys.stdout,
)
"""


def _documented_ids() -> list[str]:
    return sorted(case["id"] for case in json.loads(CHECKOUT_CASES.read_text())["cases"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built, as ``pip install .`` builds it, from a copy of the checkout.

    A copy, because an in-tree build leaves ``build/lib`` behind and a later build packs
    whatever is there, stale files included, which could hide a file the config misses.
    """
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("alignkg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
        + [str(wheel)],
        check=True,
        timeout=300,
    )
    return target


def _run_installed(
    site: Path, cwd: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -S ARGS`` with the installed copy first on the path and the checkout off it.

    ``-S`` skips site-packages' ``.pth`` files, among them the editable install's finder;
    the venv's site-packages still come on the path (after the installed copy) for the
    dependencies.
    """
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sorted(dependencies)])}
    env.pop("ALIGNKG_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-S", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_wheel_holds_every_module_of_the_checkout(wheel: Path) -> None:
    """The package list in pyproject.toml is written out by hand; a new subpackage must
    join it or its modules are missing from every non-editable install."""
    in_checkout = {
        path.relative_to(REPO).as_posix()
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert in_checkout - in_wheel == set()


def test_the_wheel_marks_every_package_typed(wheel: Path) -> None:
    """PEP 561: without ``py.typed`` a type checker treats the installed packages as
    untyped and checks nothing that code importing them does with them."""
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    for package in PACKAGES:
        assert (REPO / package / "py.typed").is_file()
        assert f"{package}/py.typed" in in_wheel


def test_an_installed_wheel_serves_every_documented_case(installed: Path, tmp_path: Path) -> None:
    run = _run_installed(installed, tmp_path, "-c", COUNT_CASES)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    for module in found["modules"]:
        assert Path(module).is_relative_to(installed), f"{module} is not the installed copy"
    documented = _documented_ids()
    assert found["loaded"] == len(documented)
    assert found["listed"] == len(documented)
    assert found["ids"] == documented


def test_serve_refuses_to_start_when_the_installed_cases_file_is_missing(
    installed: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(installed, broken)
    cases = broken / "alignkg_data" / "cases.json"
    cases.unlink()
    run = _run_installed(broken, tmp_path, "-m", "service.cli", "serve", "--port", "1", timeout=60)
    assert run.returncode != 0
    assert str(cases) in run.stderr
    assert "Traceback" not in run.stderr

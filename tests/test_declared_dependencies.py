"""Every third-party module the shipped packages import is a declared core dependency.

`make serve` installs only `[project].dependencies`; the tests run with the `test` extra too,
so a module that arrives only with a test tool (httpx did, once) would pass every test and
still break `make serve` on a fresh machine. This reads the imports instead of trusting that.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("ontology", "service", "visualizations")
# Developer tools inside the packages that the service never imports, with the extra that
# brings what they need: the README screenshot drives Chromium through playwright.
DEV_TOOLS = {"visualizations/screenshot.py": "test"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(specs: list[str]) -> set[str]:
    return {_normalise(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in specs}


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = _names(project["dependencies"])
    if extra is not None:
        names |= _names(project["optional-dependencies"][extra])
    return names


def _imported_top_level_modules() -> set[tuple[str, str]]:
    """(top-level module name, file that imports it) for every import in the shipped code."""
    found: set[tuple[str, str]] = set()
    for package in SHIPPED:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.add((name.split(".")[0], str(path.relative_to(ROOT))))
    return found


def test_every_third_party_import_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    undeclared = []
    for module, where in sorted(_imported_top_level_modules()):
        if module in sys.stdlib_module_names or module in SHIPPED:
            continue
        owners = {_normalise(d) for d in distributions.get(module, [])}
        assert owners, f"{module} (imported in {where}) is not installed at all"
        if not owners & _declared(DEV_TOOLS.get(where)):
            undeclared.append(f"{module} from {sorted(owners)} (imported in {where})")
    assert not undeclared, "imported but not in [project].dependencies: " + "; ".join(undeclared)

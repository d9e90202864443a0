"""The ``>>>`` examples in the packages' docstrings run as tests, so they cannot rot."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ontology", "service", "visualizations")


def _modules_with_examples() -> list[str]:
    names = []
    for package in PACKAGES:
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            path = ROOT / (info.name.replace(".", "/") + ".py")
            if path.exists() and ">>> " in path.read_text(encoding="utf-8"):
                names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_some_modules_carry_examples() -> None:
    assert "ontology.vocab" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0

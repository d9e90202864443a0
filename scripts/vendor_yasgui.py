"""Refresh the vendored YASGUI build (``service/pages/static/vendor/yasgui/``) from npm.

The query page serves YASGUI from the machine, never from a CDN, so a released build of
``@zazuko/yasgui`` lives in the package's static files. This script installs a release
into a temporary folder with npm and copies in what the page loads (the minified script
and stylesheet, byte for byte), the version, and the licences: YASGUI's own and those of
the packages its bundle is built from (the bundle carries their code; npm resolves their
versions today, which may differ slightly from the ones the release was built with).

Usage: ``python scripts/vendor_yasgui.py [VERSION]`` (default: the registry's latest), or
``make vendor``. Needs ``npm``; nothing else is fetched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@zazuko/yasgui"
#: The standard MIT text comes from this registry package (CC0), because the YASGUI
#: release declares MIT in its package.json but ships no licence file of its own.
LICENCE_TEXTS = "spdx-license-list@6"
BUILD_FILES = ("yasgui.min.js", "yasgui.min.css")
DEST = Path(__file__).resolve().parents[1] / "service" / "pages" / "static" / "vendor" / "yasgui"
LICENCE_FILE_PREFIXES = ("licen", "copying", "notice")


def npm(*args: str, cwd: Path | None = None) -> str:
    """Run npm quietly and return what it printed."""
    command = ["npm", *args, "--no-audit", "--no-fund", "--loglevel=error"]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def installed_packages(modules: Path) -> list[Path]:
    """Every package folder under a node_modules folder, nested ones included."""
    found: list[Path] = []
    for entry in sorted(modules.iterdir()):
        if entry.name.startswith("@"):
            found += installed_packages(entry)
        elif (entry / "package.json").is_file():
            found.append(entry)
            if (entry / "node_modules").is_dir():
                found += installed_packages(entry / "node_modules")
    return found


def licence_files(package: Path) -> list[Path]:
    return sorted(
        p
        for p in package.iterdir()
        if p.is_file() and p.name.lower().startswith(LICENCE_FILE_PREFIXES)
    )


def yasgui_licence(meta: dict[str, Any], mit_text: str) -> str:
    """YASGUI's licence file: what its package.json declares, then the MIT terms with the
    holders it names in place of the template's placeholder line."""
    contributors = ", ".join(c.get("name", str(c)) for c in meta.get("contributors", []))
    holders = f"{meta.get('author', 'the authors')} and contributors ({contributors or 'none'})"
    terms = mit_text.strip().replace(
        "Copyright (c) <year> <copyright holders>", f"Copyright (c) {holders}"
    )
    return (
        f"{meta['name']} {meta['version']}\n"
        f"Licence declared in its package.json: {meta['license']}\n"
        f"Source: {meta.get('repository', {}).get('url', 'not stated')}\n\n"
        "The release ships no licence file. The MIT License it declares, with the author\n"
        "and contributors its package.json names as holders:\n\n"
        f"{terms}\n"
    )


def third_party_licences(modules: Path) -> str:
    """The licence of every package the bundle is built from, YASGUI's own parts aside."""
    parts = [
        "Packages that the @zazuko/yasgui bundle is built from, with their licences, as npm\n"
        "installed them next to that release (versions may differ slightly from the build's).\n"
    ]
    for package in installed_packages(modules):
        meta = read_json(package / "package.json")
        if meta["name"].startswith("@zazuko/"):
            continue
        declared = meta.get("license", "no licence field")
        heading = f"{meta['name']} {meta.get('version', '')} ({declared})"
        texts = [
            f.read_text(encoding="utf-8", errors="replace").strip() for f in licence_files(package)
        ]
        body = "\n\n".join(texts) if texts else "(the package ships no licence file)"
        parts.append(f"{'=' * 78}\n{heading}\n{'=' * 78}\n\n{body}\n")
    return "\n".join(parts)


def vendor(version: str) -> None:
    with tempfile.TemporaryDirectory(prefix="yasgui-") as work:
        root = Path(work)
        npm("install", "--prefix", work, "--ignore-scripts", f"{PACKAGE}@{version}")
        modules = root / "node_modules"
        built = modules / PACKAGE / "build"
        meta = read_json(modules / PACKAGE / "package.json")
        third_party = third_party_licences(modules)
        texts = root / "texts"
        texts.mkdir()
        npm("install", "--prefix", str(texts), "--ignore-scripts", LICENCE_TEXTS)
        mit = read_json(texts / "node_modules" / "spdx-license-list" / "licenses" / "MIT.json")
        DEST.mkdir(parents=True, exist_ok=True)
        for name in BUILD_FILES:
            shutil.copyfile(built / name, DEST / name)
        (DEST / "LICENSE").write_text(yasgui_licence(meta, mit["licenseText"]), encoding="utf-8")
        (DEST / "THIRD-PARTY-LICENSES").write_text(third_party, encoding="utf-8")
        (DEST / "VERSION").write_text(f"{meta['version']}\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {meta['version']} into {DEST}")


def main(argv: list[str]) -> None:
    version = argv[1] if len(argv) > 1 else npm("view", PACKAGE, "version").strip()
    vendor(version)


if __name__ == "__main__":
    main(sys.argv)

"""``alignkg load FILE``: user data in bulk, a progress line on a terminal, quiet when piped,
alignkg's own graphs refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ontology.store import EmbeddedStore
from service.cli import build_parser

TRIPLES = 5_000
USER = "https://w3id.org/alignkg/graph/user/bulk"


class Terminal(io.StringIO):
    """Text written to what says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _load(data_dir: Path, *argv: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    args = build_parser().parse_args(["load", *argv])
    out, err = io.StringIO(), err if err is not None else io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNKG_DATA_DIR", str(data_dir))
        code = args.func(args, out, err)
    return code, out.getvalue(), err.getvalue()


def _count(data_dir: Path, graph: str) -> int:
    """Triples in ``graph`` of the store under ``data_dir`` (0 if there is none yet)."""
    if not (data_dir / "store").exists():
        return 0
    store = EmbeddedStore(data_dir / "store")
    try:
        return sum(1 for _ in store.quads(graph))
    finally:
        store.close()


@pytest.fixture
def quads(tmp_path: Path) -> Path:
    path = tmp_path / "data.nq"
    lines = (f'<http://e/s{i}> <http://e/p> "v{i}" <{USER}> .\n' for i in range(TRIPLES))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_piped_load_adds_the_file_and_prints_only_the_results(
    tmp_path: Path, quads: Path
) -> None:
    code, out, err = _load(tmp_path / "var", str(quads))
    assert (code, err) == (0, "")
    assert f"files\t{TRIPLES} triples added" in out.splitlines()
    assert _count(tmp_path / "var", USER) == TRIPLES


def test_on_a_terminal_a_line_shows_the_triples_loaded_and_the_rate(
    tmp_path: Path, quads: Path
) -> None:
    code, _, err = _load(tmp_path / "var", str(quads), err=Terminal())
    assert code == 0
    final = err.rsplit("\r", 1)[-1]
    assert final.startswith(f"{TRIPLES:,} triples loaded, ") and "triples/s" in final


def test_triples_go_to_the_graph_given(tmp_path: Path) -> None:
    turtle = tmp_path / "data.ttl"
    turtle.write_text("<http://e/a> <http://e/b> <http://e/c>, <http://e/d> .\n")
    code, _, _ = _load(tmp_path / "var", str(turtle), "--graph", USER)
    assert code == 0
    assert _count(tmp_path / "var", USER) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--graph", "https://w3id.org/alignkg/graph/ontology"],
        ["--format", "nonsense"],
    ],
)
def test_alignkg_s_own_graphs_and_unknown_formats_are_refused(
    tmp_path: Path, quads: Path, argv: list[str]
) -> None:
    code, out, err = _load(tmp_path / "var", str(quads), *argv)
    assert code == 2 and out == ""
    assert err.startswith("alignkg load: ")
    assert _count(tmp_path / "var", USER) == 0

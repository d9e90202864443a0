"""SSSOM/TSV with the standard library and PyYAML: a mapping set's metadata and its table.

An SSSOM/TSV file is a block of YAML metadata, each line behind ``#``, then a
tab-separated table with one mapping per row and one column per SSSOM slot. The service
reads and writes the files here, without the ``sssom`` package: that package (pandas,
LinkML) is what validates them, in ``alignkg check`` and the tests, but it costs about a
second to import, which the service would pay at every start.

>>> text = "# curie_map:\\n#   ak: https://w3id.org/alignkg/\\nsubject_id\\tauthor_id\\nak:A\\tx:1|x:2\\n"
>>> found = parse_sssom_tsv(text, name="demo")
>>> found.curie_map, found.mappings[0].values("author_id")
({'ak': 'https://w3id.org/alignkg/'}, ['x:1', 'x:2'])
>>> sssom_tsv(found.metadata, found.columns, found.mappings) == text
True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Slots that may hold several values, written in one cell and joined by ``|``.
MULTIVALUED = frozenset(
    {
        "author_id",
        "author_label",
        "creator_id",
        "creator_label",
        "reviewer_id",
        "reviewer_label",
        "see_also",
        "subject_match_field",
        "object_match_field",
        "match_string",
    }
)
#: What joins the values of a multivalued slot in a cell.
SEPARATOR = "|"


class SssomFormatError(ValueError):
    """A file that is not SSSOM/TSV as this reader understands it (the message says where)."""


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping set: each slot's cell text, in the table's column order."""

    cells: tuple[tuple[str, str], ...]

    def get(self, slot: str) -> str:
        """The cell of ``slot`` as written ('' when the column is missing or empty)."""
        return next((text for name, text in self.cells if name == slot), "")

    def values(self, slot: str) -> list[str]:
        """The cell split into its values (one for a single-valued slot, none when empty)."""
        text = self.get(slot)
        if not text:
            return []
        return text.split(SEPARATOR) if slot in MULTIVALUED else [text]

    def record(self) -> dict[str, Any]:
        """The mapping as SSSOM/JSON writes it: filled slots only, multivalued ones as lists."""
        return {
            name: self.values(name) if name in MULTIVALUED else text
            for name, text in self.cells
            if text
        }

    @property
    def subject_id(self) -> str:
        return self.get("subject_id")

    @property
    def predicate_id(self) -> str:
        return self.get("predicate_id")

    @property
    def object_id(self) -> str:
        return self.get("object_id")


@dataclass(frozen=True)
class MappingSet:
    """One SSSOM/TSV file: its metadata, its columns and its mappings."""

    name: str
    metadata: dict[str, Any]
    columns: tuple[str, ...]
    mappings: tuple[Mapping, ...]

    @property
    def curie_map(self) -> dict[str, str]:
        return dict(self.metadata.get("curie_map") or {})

    @property
    def mapping_set_id(self) -> str:
        return str(self.metadata.get("mapping_set_id", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("mapping_set_title") or self.name)


def parse_sssom_tsv(text: str, *, name: str) -> MappingSet:
    """A mapping set from SSSOM/TSV text; ``name`` says which file it is in messages."""
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    table = [line for line in lines if line and not line.startswith("#")]
    try:
        metadata = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise SssomFormatError(f"{name}: the metadata block is not YAML: {exc}") from exc
    if not isinstance(metadata, dict) or not table:
        raise SssomFormatError(f"{name}: needs a metadata block and a table with a header row")
    rows = list(csv.reader(table, delimiter="\t", quoting=csv.QUOTE_NONE))
    columns = tuple(rows[0])
    mappings = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise SssomFormatError(
                f"{name}: table row {number} has {len(row)} cells for {len(columns)} columns"
            )
        mappings.append(Mapping(tuple(zip(columns, row, strict=True))))
    return MappingSet(name, metadata, columns, tuple(mappings))


def read_mapping_set(path: Path) -> MappingSet:
    """The mapping set in an ``*.sssom.tsv`` file."""
    name = path.name.removesuffix(".tsv").removesuffix(".sssom")
    return parse_sssom_tsv(path.read_text(encoding="utf-8"), name=name)


def sssom_tsv(metadata: dict[str, Any], columns: Iterable[str], mappings: Iterable[Mapping]) -> str:
    """SSSOM/TSV text: the metadata as commented YAML, then the table.

    Cells are written as they are, never quoted: a tab or a line break in one would
    break the table, so it is refused (``csv.Error``) rather than written.
    """
    columns = tuple(columns)
    block = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    out = io.StringIO()
    for line in block.rstrip("\n").split("\n"):
        out.write(f"# {line}\n")
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
    writer.writerow(columns)
    for mapping in mappings:
        writer.writerow([mapping.get(column) for column in columns])
    return out.getvalue()

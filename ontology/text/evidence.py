"""What the text reader found for a fact: its value and the words it read it from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    fact: str
    value: bool
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("fact", "value", "text", "start", "end")}

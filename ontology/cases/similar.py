"""Documented cases that read like a description: BM25 over their titles and descriptions.

A researcher describing a well-known incident should be pointed at the documented case
(and its sourced facts) instead of starting from nothing. Ranking is bm25s's BM25 with its
built-in English stopwords: no model, nothing downloaded. This is not the term search
(``ontology/terms/search.py`` matches labels and synonyms); it compares whole descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import bm25s

from ontology.cases.documented import load_documented_cases

#: Scores below this share of the best one are noise for a short description.
RELATIVE_FLOOR = 0.35


@dataclass(frozen=True)
class _Index:
    cases: tuple[dict[str, Any], ...]
    retriever: bm25s.BM25


def _tokens(texts: list[str]) -> Any:
    return bm25s.tokenize(texts, stopwords="en", show_progress=False)


@cache
def _index() -> _Index:
    """The documented cases, indexed once per process (they change only with a release)."""
    cases = tuple(load_documented_cases())
    retriever = bm25s.BM25()
    retriever.index(
        _tokens([f"{c['title']}. {c['description']}" for c in cases]), show_progress=False
    )
    return _Index(cases, retriever)


def similar_cases(text: str, *, limit: int = 5) -> list[dict[str, Any]]:
    """The documented cases that read most like ``text``, best first, with their verdicts.

    >>> similar_cases("a boat racing agent circles a lagoon hitting the same targets")[0]["id"]
    'boat-race-point-loop'
    """
    index = _index()
    query = _tokens([text])
    if not any(len(ids) for ids in query.ids):
        return []
    found, scores = index.retriever.retrieve(
        query, k=min(limit, len(index.cases)), show_progress=False
    )
    best = float(scores[0][0]) if len(scores[0]) else 0.0
    similar = []
    for position, score in zip(found[0], scores[0], strict=True):
        if score <= 0 or score < RELATIVE_FLOOR * best:
            continue
        case = index.cases[int(position)]
        similar.append(
            {
                "id": case["id"],
                "title": case["title"],
                "score": round(float(score), 3),
                "verdict": case["expected"]["verdict"],
            }
        )
    return similar


__all__ = ["similar_cases"]

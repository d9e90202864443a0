"""Finding terms by what people type: exact label, then prefix, then words in definitions.

Matching ignores case, accents, hyphens and British/American spelling, so "mesa
optimiser" finds "mesa-optimizer" and "behaviour" finds "behavior":

>>> normalize("Mesa-Optimiser's behaviour")
'mesa optimizer s behavior'
>>> compact("mesa optimiser") == compact("Mesa-optimizer")
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ontology.terms.describe import definitions
from ontology.terms.index import TermIndex
from ontology.terms.term import Term
from ontology.vocab import local_name

_NON_WORD = re.compile(r"[^a-z0-9]+")
#: Spelling rules applied to every word of both query and text (so both sides agree).
SPELLING = [
    (re.compile(r"([a-z]{2,})is(e|ed|es|er|ers|ing|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"([a-z]{2,})ys(e|ed|es|er|ers|ing)$"), r"\1yz\2"),
    (
        re.compile(r"^(behavi|col|fav|hon|harb|lab|neighb|rum)our(s|al|ally|ed|ing|hood)?$"),
        r"\1or\2",
    ),
    (re.compile(r"([a-z]{2,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"^(cent|met|theat|fib)re(s|d)?$"), r"\1er\2"),
    (re.compile(r"^(defen|offen|licen)ce(s)?$"), r"\1se\2"),
]
#: A word still being typed can stop inside a British ending ("optimis", "behaviou"), where
#: the rules above do not yet apply. Prefix matching tries the last word both as typed and
#: respelled by these, so "mesa-optimis" finds mesa-optimizer while "analysis" stays itself.
PARTIAL_SPELLING = [
    (re.compile(r"([a-z]{2,})is(|e|ed|es|er|ers|i|in|ing|a|at|ati|atio|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"([a-z]{2,})ys(|e|ed|es|er|ers|i|in|ing)$"), r"\1yz\2"),
    (re.compile(r"^(behavi|col|fav|hon|harb|lab|neighb|rum)ou(r?)$"), r"\1o\2"),
]
STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "it", "of", "on", "or"]
    + ["that", "the", "to", "with"]
)

#: Ranks of the ways a term can match, best first.
TIERS = (
    "exact-label",
    "exact-alt-label",
    "label-prefix",
    "alt-label-prefix",
    "word-prefix",
    "definition",
)


def _respell(word: str) -> str:
    for pattern, replacement in SPELLING:
        word = pattern.sub(replacement, word)
    return word


def normalize(text: str) -> str:
    """Lower-case, accent-free, words separated by single spaces, American spelling."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(_respell(w) for w in _NON_WORD.split(folded) if w)


def compact(text: str) -> str:
    """``normalize`` without the spaces: "mesa optimizer" == "mesa-optimizer" == "mesaoptimizer"."""
    return normalize(text).replace(" ", "")


@dataclass(frozen=True)
class _Entry:
    iri: str
    label_keys: tuple[str, ...]
    alt_keys: tuple[str, ...]
    words: tuple[str, ...]
    text_words: frozenset[str]


def _entries(index: TermIndex) -> list[_Entry]:
    """Search keys of every term, computed once per store version."""

    def build() -> list[_Entry]:
        entries = []
        for term in index.terms.values():
            labels = [term.label, local_name(term.iri)]
            texts = [d["text"] for d in definitions(index, term)]
            words = normalize(" ".join([term.label, *term.alt_labels])).split()
            entries.append(
                _Entry(
                    iri=term.iri,
                    label_keys=tuple(compact(label) for label in labels),
                    alt_keys=tuple(compact(a) for a in term.alt_labels),
                    words=tuple(words),
                    text_words=frozenset(normalize(" ".join([*texts, *term.alt_labels])).split()),
                )
            )
        return entries

    return index.remember(("search-entries",), build, ontology_only=True)  # type: ignore[no-any-return]


def _tier(entry: _Entry, key: str, words: list[str]) -> int | None:
    if key in entry.label_keys:
        return 0
    if key in entry.alt_keys:
        return 1
    if any(k.startswith(key) for k in entry.label_keys):
        return 2
    if any(k.startswith(key) for k in entry.alt_keys):
        return 3
    if words and all(any(w.startswith(q) for w in entry.words) for q in words):
        return 4
    content = [q for q in words if q not in STOPWORDS] or words
    if content and all(q in entry.text_words for q in content):
        return 5
    return None


def _query_variants(query: str) -> list[list[str]]:
    """The query's words, and again with a half-typed last word respelled if it changes."""
    words = normalize(query).split()
    if not words:
        return []
    variants = [words]
    for pattern, replacement in PARTIAL_SPELLING:
        respelled = pattern.sub(replacement, words[-1])
        if respelled != words[-1]:
            variants.append([*words[:-1], respelled])
    return variants


def _ranked(index: TermIndex, query: str, *, max_tier: int) -> list[tuple[int, Term]]:
    variants = [("".join(words), words) for words in _query_variants(query)]
    if not variants:
        return []
    found = []
    for entry in _entries(index):
        tiers = [t for key, ws in variants if (t := _tier(entry, key, ws)) is not None]
        tier = min(tiers, default=None)
        if tier is not None and tier <= max_tier:
            found.append((tier, index.terms[entry.iri]))
    found.sort(key=lambda pair: (pair[0], len(pair[1].label), pair[1].label.lower()))
    return found


def search(index: TermIndex, query: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Terms matching ``query`` over labels, alt labels and definitions, best first."""
    ranked = _ranked(index, query, max_tier=len(TIERS) - 1)
    results = [
        {**term.ref(), "kind": term.kind, "match": TIERS[tier], "definition": term.definition}
        for tier, term in ranked[offset : offset + limit]
    ]
    return {
        "query": query,
        "total": len(ranked),
        "offset": offset,
        "limit": limit,
        "results": results,
    }


def suggest(index: TermIndex, prefix: str, *, limit: int = 10) -> list[dict[str, str]]:
    """Autocomplete: terms whose label, alt label or a label word starts with ``prefix``."""
    return [
        {**term.ref(), "match": TIERS[tier]}
        for tier, term in _ranked(index, prefix, max_tier=4)[:limit]
    ]


def close_matches(index: TermIndex, identifier: str, *, limit: int = 5) -> list[dict[str, str]]:
    """Terms a mistyped id probably meant: search hits first, then similar spellings."""

    local = local_name(identifier)
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local)
    hits = [t for _, t in _ranked(index, spaced, max_tier=5)]
    by_key = {compact(local_name(t.iri)): t for t in index.terms.values()}
    by_key.update({compact(t.label): t for t in index.terms.values()})
    similar = difflib.get_close_matches(compact(local), list(by_key), n=limit, cutoff=0.6)
    chosen = {t.iri: t for t in [*hits, *(by_key[k] for k in similar)]}
    return [t.ref() for t in list(chosen.values())[:limit]]

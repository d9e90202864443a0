"""Which cues can match starting at a given word: so a cue is tried only where it can start.

For each cue pattern this reads, off the parsed pattern, the plain strings one of which
every match begins with (``"(?:was|were) (?:\\w+ ){0,2}rewarded"`` begins with ``"was "``
or ``"were "``). A cue is word-bounded, so its matches begin at the start of a word, and
a word can start a match only if it begins with (or, for ``"went up"``, is) one of those
strings. The extractor walks the words of a text once and tries just the cues that word
can start, instead of scanning the whole text once per cue. The strings are derived,
never written by hand, so they cannot drift from the cues; a pattern whose start cannot
be read this way is simply scanned in full.

The parse tree is the standard library's own (``re._parser``, formerly ``sre_parse``):
private, but the very parser ``re.compile`` uses, so it reads a pattern exactly as the
scan will. Anything it does not recognise yields no strings, which only ever sends a cue
to the full scan, never hides a match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_WORD = re.compile(r"\w*")


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Non-empty strings one of which every match of ``pattern`` starts with (None: unknown).

    >>> sorted(leading_literals(r"\\b(?:was|were) (?:\\w+ ){0,2}rewarded\\b"))
    ['was ', 'were ']
    >>> sorted(leading_literals(r"kidnap\\w*|randomi[sz]ed"))
    ['kidnap', 'randomised', 'randomized']
    >>> leading_literals(r"(?:\\w+ )?rewarded") is None
    True
    """
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # case-folded or free-spaced literals are not the plain strings
    found = _leading(parsed)
    return None if found is None else found[0]


#: Starts are spelled out only while there are at most this many of them.
_MOST = 64
#: Strings a part of a pattern starts with, and whether they are all it can match.
_Starts = tuple[frozenset[str], bool]


def _leading(items: Iterable[tuple[Any, Any]]) -> _Starts | None:
    """Spell out the start of a sequence item by item, while each item's text is known."""
    spelled = {""}
    for op, arg in items:
        if op is _c.AT and spelled == {""}:
            continue  # \\b and friends before anything consume nothing
        part = _item(op, arg)
        if part is None or len(spelled) * len(part[0]) > _MOST:
            return _starts(spelled, whole=False)
        spelled = {a + b for a in spelled for b in part[0]}
        if not part[1]:
            return _starts(spelled, whole=False)
    return _starts(spelled, whole=True)


def _starts(spelled: set[str], *, whole: bool) -> _Starts | None:
    return None if "" in spelled else (frozenset(spelled), whole)


def _item(op: Any, arg: Any) -> _Starts | None:
    """What a match of one item of a sequence starts with, if that is known."""
    if op is _c.LITERAL:
        return frozenset({chr(arg)}), True
    if op is _c.IN and all(member is _c.LITERAL for member, _ in arg):
        return frozenset(chr(code) for _, code in arg), True  # [sz], [- ]
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        return None if add_flags or del_flags else _leading(body)
    if op is _c.ATOMIC_GROUP:
        return _leading(arg)
    if op is _c.BRANCH:
        branches = [_leading(branch) for branch in arg[1]]
        if any(b is None for b in branches):
            return None  # one way through has no known start
        known = [b for b in branches if b is not None]
        return frozenset().union(*(b[0] for b in known)), all(b[1] for b in known)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and arg[0] >= 1:
        body = _leading(arg[2])
        return None if body is None else (body[0], False)  # more may follow
    return None  # classes, anchors, lookarounds, optional repeats: the start is unknown


def _word_part(literal: str) -> str:
    """The word characters a literal starts with ("went" of "went up")."""
    return literal[: _WORD.match(literal).end()]  # type: ignore[union-attr]


class WordIndex:
    """For a word of a text, the patterns (by position) that could match starting there.

    Built from each pattern's leading strings. A pattern is indexed only if it begins
    with ``\\b`` and all those strings start with a word character, so that its matches
    start where a word starts; the others are listed in ``unindexed``, to be scanned in
    full.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self._exact: defaultdict[str, set[int]] = defaultdict(set)
        self._prefix: defaultdict[str, set[int]] = defaultdict(set)
        unindexed = []
        for index, pattern in enumerate(patterns):
            starts = leading_literals(pattern)
            bounded = pattern.startswith(r"\b")
            if not bounded or starts is None or any(not _word_part(s) for s in starts):
                unindexed.append(index)
                continue
            for start in starts:
                word = _word_part(start)
                # "went up": the word is "went"; "kidnap": the word begins with "kidnap".
                (self._exact[word] if word != start else self._prefix[start]).add(index)
        self.unindexed: tuple[int, ...] = tuple(unindexed)
        self._lengths = sorted({len(p) for p in self._prefix})
        #: The patterns (by position) a word can start: ``starting("was") == (0, 4)``.
        self.starting = lru_cache(maxsize=1 << 14)(self._starting)
        #: Finds the whole words that can start some pattern (and no others).
        self.words = re.compile(rf"\b{_trie(self._exact, self._prefix)}\w*")

    def _starting(self, word: str) -> tuple[int, ...]:
        found = set(self._exact.get(word, ()))
        for length in self._lengths:
            if length > len(word):
                break
            found.update(self._prefix.get(word[:length], ()))
        return tuple(sorted(found))


_WORD_END, _ANY_END = "\\b", ""  # what may follow an exact word / a prefix


def _trie(exact: Iterable[str], prefixes: Iterable[str]) -> str:
    r"""A regular expression for words equal to one of ``exact`` or starting with a prefix.

    Shaped as a trie (``w(?:as\b|ere\b)``) so that the engine tests each character once
    rather than trying every string in turn.

    >>> _trie(["was", "were"], ["kidnap"])
    '(?:kidnap|w(?:as\\b|ere\\b))'
    """
    root: dict[str, Any] = {}
    for word, end in [*((w, _WORD_END) for w in exact), *((p, _ANY_END) for p in prefixes)]:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[end] = {}
    return _node(root) if root else "(?!)"


def _node(node: dict[str, Any]) -> str:
    if _ANY_END in node:
        return ""  # a prefix ends here: whatever follows, the word qualifies
    options = [
        _WORD_END if key == _WORD_END else re.escape(key) + _node(child)
        for key, child in sorted(node.items())
    ]
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

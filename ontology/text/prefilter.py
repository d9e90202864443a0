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
    >>> sorted(leading_literals(r"in (?:its )?training"))
    ['in its training', 'in training']
    >>> leading_literals(r"(?:\\w+ )?rewarded") is None
    True
    """
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # case-folded or free-spaced literals are not the plain strings
    spelled, _whole = _leading(parsed)
    return None if "" in spelled else frozenset(spelled)


def needles(*patterns: str) -> tuple[str, ...] | None:
    """Strings one of which occurs wherever any of ``patterns`` matches (None: unknown).

    Each pattern's leading strings, less those containing a shorter one (if "not" is in
    the text, so is "no"): a text or window holding none of them cannot match.

    >>> needles(r"\\b(?:not|never|no|nothing)\\b", r"\\bhardly")
    ('hardly', 'never', 'no')
    """
    starts: set[str] = set()
    for pattern in patterns:
        found = leading_literals(pattern)
        if found is None:
            return None
        starts |= found
    return tuple(sorted(s for s in starts if not any(t != s and t in s for t in starts)))


#: Starts are spelled out only while there are at most this many of them.
_MOST = 64
#: Strings a part of a pattern starts with ("" when it may start with anything or
#: nothing), and whether they are all it can match.
_Starts = tuple[frozenset[str], bool]
_UNKNOWN: _Starts = (frozenset({""}), False)
_EMPTY: _Starts = (frozenset({""}), True)


def _leading(items: Iterable[tuple[Any, Any]]) -> _Starts:
    """Spell out the start of a sequence item by item, while each item's text is known."""
    spelled = frozenset({""})
    for op, arg in items:
        part, whole = _item(op, arg)
        if len(spelled) * len(part) > _MOST:
            return (part if spelled == {""} else spelled), False  # enough spelled out
        spelled = frozenset(a + b for a in spelled for b in part)
        if not whole:
            return spelled, False
    return spelled, True


def _item(op: Any, arg: Any) -> _Starts:
    """What a match of one item of a sequence starts with, as far as it is known."""
    if op is _c.LITERAL:
        return frozenset({chr(arg)}), True
    if op is _c.IN and all(member is _c.LITERAL for member, _ in arg):
        return frozenset(chr(code) for _, code in arg), True  # [sz], [- ]
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # \b, lookarounds: they consume nothing
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        return _UNKNOWN if add_flags or del_flags else _leading(body)
    if op is _c.ATOMIC_GROUP:
        return _leading(arg)
    if op is _c.BRANCH:
        branches = [_leading(branch) for branch in arg[1]]
        return frozenset().union(*(s for s, _ in branches)), all(w for _, w in branches)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        least, most, body = arg
        starts, whole = _leading(body)
        if least == 0:
            starts = starts | {""}  # "(?:its )?" may match nothing at all
        return starts, whole and most == 1  # more repeats may follow
    return _UNKNOWN  # classes, back-references: the start is not a known string


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
        # word -> (pattern, leading string) for strings that are that word and more
        # ("went up"); prefix -> (pattern, prefix) for strings that are all word ("kidnap")
        self._exact: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        self._prefix: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        unindexed = []
        #: Per pattern, the strings its matches start with (empty: not indexed), for a
        #: ``str.startswith`` check before the pattern itself is tried.
        self.starts: list[tuple[str, ...]] = []
        for index, pattern in enumerate(patterns):
            starts = leading_literals(pattern)
            self.starts.append(tuple(sorted(starts or ())))
            bounded = pattern.startswith(r"\b")
            if not bounded or starts is None or any(not _word_part(s) for s in starts):
                unindexed.append(index)
                continue
            for start in starts:
                word = _word_part(start)
                # "went up": the word is "went"; "kidnap": the word begins with "kidnap".
                (self._exact[word] if word != start else self._prefix[start]).append((index, start))
        self.unindexed: tuple[int, ...] = tuple(unindexed)
        self._lengths = sorted({len(p) for p in self._prefix})
        #: The patterns (by position) a word can start, each with the leading strings it
        #: would start with there: ``starting("was") == ((0, ("was ",)), (4, ("was ",)))``.
        self.starting = lru_cache(maxsize=1 << 14)(self._starting)
        #: Finds the words at which some indexed pattern's leading string begins ("the"
        #: only where "the same" or "the very" follows), whole.
        literals = [s for i, s in enumerate(self.starts) if i not in self.unindexed]
        self.words = re.compile(rf"\b(?={_trie([x for s in literals for x in s])})\w+")

    def _starting(self, word: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
        found: defaultdict[int, list[str]] = defaultdict(list)
        for index, literal in self._exact.get(word, ()):
            found[index].append(literal)
        for length in self._lengths:
            if length > len(word):
                break
            for index, literal in self._prefix.get(word[:length], ()):
                found[index].append(literal)
        return tuple((index, tuple(found[index])) for index in sorted(found))


def _trie(strings: Iterable[str]) -> str:
    r"""A regular expression matching where one of ``strings`` begins.

    Shaped as a trie (``w(?:as |ere )``) so that the engine tests each character once
    rather than trying every string in turn.

    >>> _trie(["was ", "were ", "kidnap", "kidnapped"])
    '(?:kidnap|w(?:as\\ |ere\\ ))'
    """
    root: dict[str, Any] = {}
    for string in strings:
        node = root
        for char in string:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node(root) if root else "(?!)"


_END = ""  # marks where a string ends (no character is empty)


def _node(node: dict[str, Any]) -> str:
    if _END in node:
        return ""  # a string ends here: whatever follows, it has begun
    options = [re.escape(key) + _node(child) for key, child in sorted(node.items())]
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

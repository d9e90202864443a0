"""A small SPARQL lexer: enough to find keywords, graph names and operation bounds.

Strings, IRIs and comments are skipped whole, so a keyword inside them is never seen;
a bare word (no colon, no ``?``/``$``) can only be a keyword in SPARQL, so finding
``SERVICE`` or ``LOAD`` this way cannot be fooled by names or literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<word>(?:[^\W\d]|_)[\w\-.]*(?::[\w\-.%\\]*)?|:[\w\-.%\\]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind, text, offset in the source, and brace depth."""

    kind: str
    text: str
    start: int
    depth: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def is_word(self, *words: str) -> bool:
        """True if this is a bare keyword equal (case-insensitively) to one of ``words``."""
        return self.kind == "word" and ":" not in self.text and self.text.upper() in words


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens, dropping whitespace and comments.

    >>> [t.text for t in tokenize('ASK { ?s <p> "}" } # {')]
    ['ASK', '{', '?s', '<p>', '"}"', '}']
    """
    tokens: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(depth - 1, 0)
        tokens.append(Token(kind, value, match.start(), depth))
        if value == "{":
            depth += 1
    return tokens


def bare_keywords(tokens: list[Token]) -> set[str]:
    """Upper-cased bare words: every keyword the text uses outside strings and IRIs."""
    return {t.text.upper() for t in tokens if t.kind == "word" and ":" not in t.text}


class Prologue:
    """The BASE and PREFIX declarations seen so far, to resolve graph names to IRIs."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.prefixes: dict[str, str] = {}

    def feed(self, tokens: list[Token], index: int) -> int:
        """If a declaration starts at ``index``, record it and return the index after it."""
        token = tokens[index]
        if token.is_word("BASE") and index + 1 < len(tokens):
            self.base = self.resolve(tokens[index + 1]) or self.base
            return index + 2
        if token.is_word("PREFIX") and index + 2 < len(tokens):
            iri = self.resolve(tokens[index + 2])
            if iri is not None:
                self.prefixes[tokens[index + 1].text.rstrip(":")] = iri
            return index + 3
        return index

    def resolve(self, token: Token) -> str | None:
        """The absolute IRI an IRI or prefixed-name token stands for, else None."""
        if token.kind == "iri":
            return urljoin(self.base, token.text[1:-1])
        if token.kind == "word" and ":" in token.text:
            prefix, _, local = token.text.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + local.rstrip(".").replace("\\", "")
        return None

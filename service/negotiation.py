"""Content negotiation: which representation an ``Accept`` header (or ``?format=``) asks for.

Media types live in lookup tables; ``negotiate`` picks, among the formats a route
offers, the one with the highest q-value (the most specific matching range sets it),
breaking ties by the route's own order of preference. Nothing acceptable -> 406.

>>> negotiate("text/turtle;q=0.9, application/ld+json", ("json", "turtle", "jsonld"))
'jsonld'
>>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", ("json", "html"))
'html'
>>> negotiate(None, ("json", "turtle"))
'json'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .errors import BadRequest, NotAcceptable

#: Format name -> the media type it is served as.
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "turtle": "text/turtle",
    "rdfxml": "application/rdf+xml",
    "ntriples": "application/n-triples",
    "html": "text/html",
}
#: Media types (and aliases) a client may ask for -> format name.
ACCEPTED: dict[str, str] = {
    **{media: name for name, media in MEDIA_TYPES.items()},
    "application/xhtml+xml": "html",
    "application/x-turtle": "turtle",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "text/plain": "ntriples",
}
#: Values of ``?format=`` -> format name, so a browser link can ask for any of them.
FORMAT_PARAM: dict[str, str] = {
    **{name: name for name in MEDIA_TYPES},
    "ttl": "turtle",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "nt": "ntriples",
}
#: Charset added to text types when served.
TEXT_TYPES = frozenset({"text/turtle", "text/html", "application/n-triples"})

Range = tuple[str, str, float]


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[Range, ...]:
    """``Accept`` as (type, subtype, q) ranges; malformed parts are skipped, bad q -> 0."""
    ranges: list[Range] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, sep, sub = media.lower().partition("/")
        if not sep or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    return tuple(ranges)


def _quality(ranges: tuple[Range, ...], media: str) -> float:
    """The q of the most specific range matching ``media`` (0 when none matches)."""
    kind, _, sub = media.partition("/")
    best, best_specificity = 0.0, -1
    for r_kind, r_sub, q in ranges:
        if (r_kind, r_sub) == (kind, sub):
            specificity = 2
        elif r_kind == kind and r_sub == "*":
            specificity = 1
        elif (r_kind, r_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best, best_specificity = q, specificity
    return best


def _format_quality(ranges: tuple[Range, ...], name: str) -> float:
    """How much the client wants format ``name``, which is served as ``MEDIA_TYPES[name]``.

    Wildcards count only for the media type actually served; an alias (``application/xml``
    for RDF/XML) counts only when named exactly. So ``application/rdf+xml;q=0, */*`` never
    gets RDF/XML through its alias, and ``text/*`` never gets N-Triples (served as
    ``application/n-triples``) through ``text/plain``.

    >>> _format_quality(parse_accept("application/rdf+xml;q=0, */*"), "rdfxml")
    0.0
    >>> _format_quality(parse_accept("application/xml;q=0.5"), "rdfxml")
    0.5
    """
    q = _quality(ranges, MEDIA_TYPES[name])
    for alias, alias_name in ACCEPTED.items():
        if alias_name == name and alias != MEDIA_TYPES[name]:
            kind, _, sub = alias.partition("/")
            q = max([q, *(r_q for r_kind, r_sub, r_q in ranges if (r_kind, r_sub) == (kind, sub))])
    return q


@lru_cache(maxsize=1024)
def _choose(accept: str, offered: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = []
    for rank, name in enumerate(offered):
        q = _format_quality(ranges, name)
        if q > 0:
            scored.append((-q, rank, name))
    return min(scored)[2] if scored else None


def negotiate(accept: str | None, offered: Sequence[str], *, fmt: str | None = None) -> str:
    """The format to answer in; ``fmt`` (from ``?format=``) overrides the header."""
    offered = tuple(offered)
    if fmt is not None:
        name = FORMAT_PARAM.get(fmt.lower())
        if name is None or name not in offered:
            choices = ", ".join(n for n in FORMAT_PARAM if FORMAT_PARAM[n] in offered)
            raise BadRequest(f"format: {fmt!r} is not offered here; use one of {choices}")
        return name
    chosen = _choose(accept.strip() if accept else "*/*", offered)
    if chosen is None:
        types = ", ".join(MEDIA_TYPES[n] for n in offered)
        raise NotAcceptable(
            f"nothing here matches Accept: {accept}; available: {types}",
            available=[MEDIA_TYPES[n] for n in offered],
        )
    return chosen


def content_type(fmt: str) -> str:
    """The ``Content-Type`` header value for a format name."""
    media = MEDIA_TYPES[fmt]
    return f"{media}; charset=utf-8" if media in TEXT_TYPES else media

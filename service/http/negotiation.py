"""Content negotiation: which representation an ``Accept`` header (or ``?format=``) asks for.

The one negotiator of the service: the REST routes ask ``negotiate`` for a format name,
the SPARQL endpoint and its service description (and the Graph Store, through
``sparql.results.negotiate``) ask ``choose_media`` for a media type; both apply the same
rules:

- ``Accept`` is read by ``parse_accept``: malformed ranges are skipped, q is clamped to
  [0, 1] (RFC 9110, 12.4.2: ``q=1.5`` counts as 1, not as "more than 1") and an unreadable
  q is 0; a header with no readable range (or none at all) accepts anything.
- Each offered media type gets the q of the most specific range that matches it
  (``text/turtle`` over ``text/*`` over ``*/*``), or, when it is named exactly, of an alias
  that stands for it (``ALIASES``: ``application/xml`` for RDF/XML or SPARQL XML results,
  ``text/plain`` for N-Triples). Wildcards never reach a type through its alias, so
  ``application/rdf+xml;q=0, */*`` cannot get RDF/XML as ``application/xml``.
- The highest q wins; ties go to the route's own order of preference; q=0 is "not this".
  Nothing acceptable -> 406 (``negotiate``) or None (``choose_media``).

Until issue 15 the SPARQL endpoint had a parser of its own, which let q exceed 1
(``text/turtle, application/n-triples;q=1.5`` got N-Triples there and Turtle here), served
aliases under their own names (``text/plain``), ignored the aliases it did not list
(``application/xml`` for a CONSTRUCT was a 406), refused a header with no readable range
and ranked RDF formats in an order of its own (``application/*`` got N-Triples there and
JSON-LD here); it now follows the rules above, in ``GET /ontology``'s order.

>>> negotiate("text/turtle;q=0.9, application/ld+json", ("json", "turtle", "jsonld"))
'jsonld'
>>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", ("json", "html"))
'html'
>>> negotiate(None, ("json", "turtle"))
'json'
>>> RDF = ["text/turtle", "application/n-triples"]
>>> choose_media("text/turtle, application/n-triples;q=1.5", RDF)
'text/turtle'
>>> choose_media("text/plain", RDF)
'application/n-triples'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from service.http.errors import BadRequest, NotAcceptable

#: Format name -> the media type it is served as.
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "turtle": "text/turtle",
    "rdfxml": "application/rdf+xml",
    "ntriples": "application/n-triples",
    "html": "text/html",
}
#: Served media type -> other names a client may ask for it by. An alias counts only when
#: named exactly: a wildcard reaches a type through the type itself, never through an alias.
ALIASES: dict[str, tuple[str, ...]] = {
    "text/html": ("application/xhtml+xml",),
    "text/turtle": ("application/x-turtle",),
    "application/rdf+xml": ("application/xml", "text/xml"),
    "application/n-triples": ("text/plain",),
    "application/sparql-results+json": ("application/json",),
    "application/sparql-results+xml": ("application/xml", "text/xml"),
}
#: Media types (and aliases) a client may ask for -> format name.
ACCEPTED: dict[str, str] = {
    **{media: name for name, media in MEDIA_TYPES.items()},
    **{alias: name for name, media in MEDIA_TYPES.items() for alias in ALIASES.get(media, ())},
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


def _media_quality(ranges: tuple[Range, ...], media: str) -> float:
    """How much the client wants ``media``: its own q, or an alias's when named exactly.

    So ``application/rdf+xml;q=0, */*`` never gets RDF/XML through its alias
    ``application/xml``, and ``text/*`` never gets N-Triples (``application/n-triples``)
    through ``text/plain``.

    >>> _media_quality(parse_accept("application/rdf+xml;q=0, */*"), "application/rdf+xml")
    0.0
    >>> _media_quality(parse_accept("application/xml;q=0.5"), "application/rdf+xml")
    0.5
    >>> _media_quality(parse_accept("text/*"), "application/n-triples")
    0.0
    """
    q = _quality(ranges, media)
    for alias in ALIASES.get(media, ()):
        kind, _, sub = alias.partition("/")
        q = max([q, *(r_q for r_kind, r_sub, r_q in ranges if (r_kind, r_sub) == (kind, sub))])
    return q


@lru_cache(maxsize=1024)
def _choose(accept: str, offered: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = []
    for rank, media in enumerate(offered):
        q = _media_quality(ranges, media)
        if q > 0:
            scored.append((-q, rank, media))
    return min(scored)[2] if scored else None


def choose_media(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers most, or None if it accepts none.

    ``offered`` holds the media types a route serves, in its order of preference; the
    answer is one of them (never an alias).

    >>> SELECT = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
    >>> choose_media("text/csv;q=0.5, application/sparql-results+xml", SELECT)
    'application/sparql-results+xml'
    >>> choose_media(None, SELECT)
    'application/sparql-results+json'
    >>> choose_media("application/xml", SELECT)
    'application/sparql-results+xml'
    >>> choose_media("image/png", SELECT) is None
    True
    """
    offered = tuple(offered)
    if not offered:
        return None
    return _choose(accept.strip() if accept else "*/*", offered)


@lru_cache(maxsize=64)
def _served(offered: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(MEDIA_TYPES[name] for name in offered)


def negotiate(accept: str | None, offered: Sequence[str], *, fmt: str | None = None) -> str:
    """The format to answer in; ``fmt`` (from ``?format=``) overrides the header."""
    offered = tuple(offered)
    if fmt is not None:
        name = FORMAT_PARAM.get(fmt.lower())
        if name is None or name not in offered:
            choices = ", ".join(n for n in FORMAT_PARAM if FORMAT_PARAM[n] in offered)
            raise BadRequest(f"format: {fmt!r} is not offered here; use one of {choices}")
        return name
    media = choose_media(accept, _served(offered))
    if media is None:
        types = ", ".join(MEDIA_TYPES[n] for n in offered)
        raise NotAcceptable(
            f"nothing here matches Accept: {accept}; available: {types}",
            available=[MEDIA_TYPES[n] for n in offered],
        )
    return ACCEPTED[media]


def content_type(fmt: str) -> str:
    """The ``Content-Type`` header value for a format name."""
    media = MEDIA_TYPES[fmt]
    return f"{media}; charset=utf-8" if media in TEXT_TYPES else media

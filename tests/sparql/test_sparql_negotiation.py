"""Properties of Accept negotiation over media types (``service.http.negotiation.choose_media``),
as the SPARQL endpoint offers them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.http.negotiation import ALIASES, choose_media
from service.sparql.results import GRAPH_FORMATS, SELECT_TYPES

RANGES = sorted({*SELECT_TYPES, *GRAPH_FORMATS, "*/*", "text/*", "application/*", "image/png"})
accept_ranges = st.lists(
    st.tuples(st.sampled_from(RANGES), st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0])),
    max_size=6,
    unique_by=lambda r: r[0],
)
offers = st.sampled_from([SELECT_TYPES, list(GRAPH_FORMATS)])


def _header(ranges: list[tuple[str, float]]) -> str:
    return ", ".join(f"{media};q={q}" for media, q in ranges)


@given(accept_ranges, offers)
def test_a_refused_type_is_never_chosen(
    ranges: list[tuple[str, float]], offered: list[str]
) -> None:
    chosen = choose_media(_header(ranges), offered)
    if chosen is not None and ranges:  # no ranges at all: the first offer, as with no header
        assert chosen in offered
        kind = chosen.split("/")[0]
        # Some range that can stand for the chosen type asks for it with q > 0: the type
        # itself, one of its aliases (named exactly), or a wildcard over it.
        names = {chosen, *ALIASES.get(chosen, ()), f"{kind}/*", "*/*"}
        assert any(q > 0 for media, q in ranges if media in names)


@given(accept_ranges, offers, st.randoms())
def test_the_order_of_ranges_does_not_matter(
    ranges: list[tuple[str, float]], offered: list[str], rng: object
) -> None:
    shuffled = list(ranges)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert choose_media(_header(ranges), offered) == choose_media(_header(shuffled), offered)


@given(offers)
def test_no_accept_header_gets_the_first_offer(offered: list[str]) -> None:
    assert choose_media(None, offered) == offered[0]
    assert choose_media("", offered) == offered[0]

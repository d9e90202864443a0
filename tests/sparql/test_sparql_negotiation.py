"""Properties of the endpoint's Accept negotiation (``service.sparql.results.negotiate``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.sparql.results import GRAPH_FORMATS, SELECT_TYPES, canonical, negotiate

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
    chosen = negotiate(_header(ranges), offered)
    explicit = dict(ranges)
    if chosen is not None:
        assert chosen in offered
        assert explicit.get(chosen, 1.0) > 0
        if chosen not in explicit:
            assert explicit.get(canonical(chosen), 1.0) > 0


@given(accept_ranges, offers, st.randoms())
def test_the_order_of_ranges_does_not_matter(
    ranges: list[tuple[str, float]], offered: list[str], rng: object
) -> None:
    shuffled = list(ranges)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert negotiate(_header(ranges), offered) == negotiate(_header(shuffled), offered)


@given(offers)
def test_no_accept_header_gets_the_first_offer(offered: list[str]) -> None:
    assert negotiate(None, offered) == offered[0]
    assert negotiate("", offered) == offered[0]

"""Hypothesis properties of the pure parts: CURIE <-> IRI, Accept negotiation, fact parsing.

(``tests/api/test_api_fuzz.py`` already checks that any Accept header gets an offered
format or 406; these go further: what is chosen, and that order and spelling do not matter.)
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ontology.facts import ContradictoryFacts, FactError, close, fact_names, parse_facts
from ontology.vocab import PREFIXES, CurieError, expand, shorten
from service.http.errors import NotAcceptable
from service.http.negotiation import ACCEPTED, MEDIA_TYPES, negotiate

#: Local names: any printable text without the characters that end a CURIE's local part.
local_name = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="/#"),
    min_size=1,
    max_size=30,
)
prefix = st.sampled_from(sorted(PREFIXES))
OFFERED = tuple(MEDIA_TYPES)
offered_formats = st.lists(st.sampled_from(OFFERED), min_size=1, unique=True)
q_value = st.integers(0, 1000).map(lambda n: n / 1000)


@given(prefix, local_name)
def test_a_curie_expands_and_shortens_back_to_itself(name: str, local: str) -> None:
    iri = expand(f"{name}:{local}")
    assert iri == PREFIXES[name] + local
    # The longest namespace wins, so ak:case... may come back as akcase:...; it names the same IRI.
    assert expand(shorten(iri)) == iri


@given(prefix, local_name)
def test_shortening_uses_the_longest_namespace_that_leaves_a_plain_local_name(
    name: str, local: str
) -> None:
    iri = PREFIXES[name] + local
    used, _, rest = shorten(iri).partition(":")
    assert PREFIXES[used] + rest == iri
    for namespace in PREFIXES.values():
        tail = iri[len(namespace) :]
        if iri.startswith(namespace) and tail and "/" not in tail and "#" not in tail:
            assert len(namespace) <= len(PREFIXES[used])


@given(st.text(max_size=60))
def test_any_string_shortened_then_expanded_is_unchanged_or_refused(text: str) -> None:
    """``expand(shorten(x)) == x`` for every IRI; other strings are refused, never garbled.

    A string that is itself a CURIE (``ak:Foo``, or ``ak:`` for the namespace) is left
    alone by ``shorten`` and expands to the IRI it names.
    """
    shortened = shorten(text)
    try:
        expanded = expand(shortened)
    except CurieError:
        assert shortened == text  # not an IRI and not a CURIE: refused as is
        return
    prefix, colon, _ = text.partition(":")
    if colon and prefix in PREFIXES and shortened == text:
        assert expanded.startswith(PREFIXES[prefix])  # a CURIE names an IRI in its namespace
    else:
        assert expanded == text


@given(st.text(st.characters(exclude_characters=":"), max_size=20))
def test_text_without_a_colon_is_never_taken_for_a_curie(text: str) -> None:
    with pytest.raises(CurieError):
        expand(text)


@given(offered_formats, st.data())
def test_asking_for_one_offered_media_type_gets_exactly_it(
    offered: list[str], data: st.DataObject
) -> None:
    wanted = data.draw(st.sampled_from(offered))
    spelled = data.draw(st.sampled_from([m for m, f in ACCEPTED.items() if f == wanted]))
    assert negotiate(spelled.upper(), offered) == wanted
    assert negotiate(f"image/png, {spelled};q=0.5", offered) == wanted


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(ACCEPTED)), q_value),
        max_size=6,
        unique_by=lambda mq: mq[0],
    ),
    offered_formats,
    st.randoms(),
)
def test_the_order_of_accept_ranges_does_not_change_the_choice(
    ranges: list[tuple[str, float]], offered: list[str], rng: object
) -> None:
    header = ", ".join(f"{m};q={q}" for m, q in ranges)
    shuffled = list(ranges)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    reordered = ", ".join(f"{m};q={q}" for m, q in shuffled)
    outcomes = []
    for accept in (header, reordered):
        try:
            outcomes.append(negotiate(accept, offered))
        except NotAcceptable:
            outcomes.append("406")
    assert outcomes[0] == outcomes[1]


@given(offered_formats, st.data())
def test_a_media_type_refused_with_q0_is_never_served(
    offered: list[str], data: st.DataObject
) -> None:
    """Not even through an alias (``application/xml`` for RDF/XML) that ``*/*`` matches."""
    refused = data.draw(st.sampled_from(offered))
    try:
        chosen = negotiate(f"{MEDIA_TYPES[refused]};q=0, */*", offered)
    except NotAcceptable:
        return
    assert chosen != refused


fact_value = st.one_of(st.booleans(), st.none())


def _consistent(raw: dict[str, bool | None]) -> bool:
    try:
        close({n: v for n, v in raw.items() if v is not None})
    except ContradictoryFacts:
        return False
    return True


known_facts = st.dictionaries(st.sampled_from(fact_names()), fact_value).filter(_consistent)


@given(known_facts)
def test_parsed_facts_keep_exactly_the_known_values(raw: dict[str, bool | None]) -> None:
    assert parse_facts(raw) == {k: v for k, v in raw.items() if v is not None}


@given(known_facts, st.randoms())
def test_parsed_facts_do_not_depend_on_their_order(
    raw: dict[str, bool | None], rng: object
) -> None:
    items = list(raw.items())
    rng.shuffle(items)  # type: ignore[attr-defined]
    assert parse_facts(dict(items)) == parse_facts(raw)


@given(known_facts, st.text(min_size=1, max_size=20), fact_value)
def test_an_unknown_fact_is_refused_by_name(
    raw: dict[str, bool | None], name: str, value: bool | None
) -> None:
    assume(name not in fact_names())
    with pytest.raises(FactError) as err:
        parse_facts({**raw, name: value})
    assert err.value.field == f"facts.{name}"


not_a_boolean = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.booleans(), max_size=2),
)


@given(st.sampled_from(fact_names()), not_a_boolean)
@settings(max_examples=200)
def test_a_fact_that_is_not_true_false_or_null_is_refused(name: str, value: object) -> None:
    with pytest.raises(FactError) as err:
        parse_facts({name: value})
    assert err.value.field == f"facts.{name}"


@given(offered_formats, st.sampled_from(["text/*", "application/*"]))
def test_a_type_wildcard_only_gets_a_format_served_under_that_type(
    offered: list[str], wildcard: str
) -> None:
    try:
        chosen = negotiate(wildcard, offered)
    except NotAcceptable:
        assert not any(MEDIA_TYPES[f].startswith(wildcard[:-1]) for f in offered)
        return
    assert MEDIA_TYPES[chosen].startswith(wildcard[:-1])

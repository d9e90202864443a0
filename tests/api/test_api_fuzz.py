"""Open-ended input never breaks the API: Accept headers, term ids and search text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.http.errors import NotAcceptable
from service.http.negotiation import MEDIA_TYPES, negotiate

OFFERED = ("json", "jsonld", "turtle", "rdfxml", "ntriples", "html")
media = st.sampled_from([*MEDIA_TYPES.values(), "*/*", "text/*", "image/png", "application/*"])
ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
q_value = st.one_of(st.none(), st.floats(0, 1).map(lambda q: f"{q:.3f}"), ascii_text.map(str.strip))
accept_range = st.tuples(media, q_value).map(lambda mq: mq[0] + (f";q={mq[1]}" if mq[1] else ""))
accept_header = st.one_of(
    st.lists(accept_range, max_size=5).map(", ".join),
    ascii_text,
)
#: Text a person (or a fuzzer) might type: letters, digits, punctuation, a few non-ASCII.
typed = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@given(accept_header)
@settings(max_examples=300, deadline=None)
def test_negotiation_picks_an_offered_format_or_says_406(accept: str) -> None:
    try:
        chosen = negotiate(accept, OFFERED)
    except NotAcceptable as err:
        assert err.status == 406
    else:
        assert chosen in OFFERED


@given(st.permutations(OFFERED))
def test_full_quality_wildcard_takes_the_routes_first_choice(offered: list[str]) -> None:
    assert negotiate("*/*", offered) == offered[0]


@pytest.mark.parametrize("path", ["/terms/{}", "/terms/{}/ancestors", "/search?q={}"])
@given(text=typed)
@FUZZ
def test_typed_ids_and_queries_never_cause_a_server_error(
    reader: TestClient, path: str, text: str
) -> None:
    response = reader.get(
        path.format(text.replace("/", "").replace("?", "").replace("#", "") or "x")
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


@given(accept=accept_header)
@FUZZ
def test_any_accept_header_gets_a_representation_or_406(reader: TestClient, accept: str) -> None:
    response = reader.get("/terms/ak:MesaOptimizer", headers={"Accept": accept})
    assert response.status_code in (200, 406)

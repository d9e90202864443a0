"""Cues are tried only at the words that can start them, and that never hides a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontology.text.cues import CUES
from ontology.text.prefilter import WordIndex, leading_literals
from ontology.text.reader import _FOLD, _NEGATION, _compiled, _index, find_evidence

#: Words and word pieces the cues are made of, so random text hits (and nearly hits) them.
FRAGMENTS = sorted({w for c in CUES for w in re.findall(r"[a-z][a-z'-]+", c.pattern)})
FILLER = ["the", "agent", "it", "not", "never", "no", "without", "in", "training", "x"]
PUNCTUATION = [".", ",", ";", ":", "!", "?", "'", "-", "\n"]
ODD = ["İ", "ı", "ſ", "K", "ẞ", "é", "_", "3"]  # letters that lower-case or fold oddly

piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS).map(str.upper),
    st.sampled_from(FRAGMENTS).map(str.title),
    st.sampled_from(FILLER + PUNCTUATION + ODD),
)
glue = st.sampled_from([" ", " ", " ", "", ", ", ". "])
fragment_text = st.lists(st.tuples(piece, glue), max_size=60).map(
    lambda parts: "".join(p + g for p, g in parts)
)


def cue_sample(index: int) -> st.SearchStrategy[str]:
    return st.from_regex(CUES[index].pattern, fullmatch=True)


matching_text = st.lists(
    st.tuples(st.integers(0, len(CUES) - 1).flatmap(cue_sample), fragment_text, glue),
    min_size=1,
    max_size=6,
).map(lambda parts: "".join(a + g + b for a, b, g in parts))


@given(fragment_text)
@settings(max_examples=400, deadline=None)
def test_indexed_matching_equals_scanning_every_cue_on_cue_fragments(text: str) -> None:
    assert find_evidence(text) == find_evidence(text, indexed=False)


@given(matching_text)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_indexed_matching_equals_scanning_every_cue_on_text_that_matches_cues(
    text: str,
) -> None:
    assert find_evidence(text) == find_evidence(text, indexed=False)


@pytest.mark.parametrize("index", range(len(CUES)), ids=lambda i: f"{CUES[i].fact}-{i}")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_of_a_cue_starts_with_one_of_its_leading_strings(
    index: int, data: st.DataObject
) -> None:
    starts = leading_literals(CUES[index].pattern)
    assert starts == leading_literals(_compiled()[index][1].pattern)
    if starts is None:
        assert index in _index().unindexed
        return
    sample = data.draw(cue_sample(index))
    assert any(sample.startswith(s) for s in starts), (sample, sorted(starts))


def test_every_cue_is_tried_at_the_words_that_can_start_it() -> None:
    """Today's cues all have a known start, so none needs a full scan."""
    index = _index()
    assert index.unindexed == ()
    assert index.starting("rewarded") and index.starting("zzz") == ()


IGNORECASE_NEGATION = re.compile(_NEGATION.pattern, re.IGNORECASE)


@given(st.lists(st.sampled_from(FILLER + PUNCTUATION + ODD + ["WİTHOUT", "NOſ", "nıcht"])))
def test_negation_in_the_folded_text_is_what_ignorecase_finds_in_the_original(
    words: list[str],
) -> None:
    text = " ".join(words)
    lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    folded = lowered.translate(_FOLD)
    assert bool(_NEGATION.search(folded)) == bool(IGNORECASE_NEGATION.search(text))


def test_a_pattern_not_bounded_at_a_word_start_is_scanned_in_full() -> None:
    """Without a leading \\b a match may start mid-word ("reward" in "unrewarded")."""
    index = WordIndex([r"\breward\w*", r"reward", r"\b(?:\w+ )?paid", r"\b(?:went up|kidnap)"])
    assert index.unindexed == (1, 2)
    assert index.starting("rewarded") == ((0, ("reward",)),)
    assert index.starting("unrewarded") == ()
    assert index.starting("went") == ((3, ("went up",)),) and index.starting("wentworth") == ()
    assert index.starting("kidnappers") == ((3, ("kidnap",)),)
    text = "unrewarded rewards; went kidnapped, went up wentz"
    assert index.words.findall(text) == ["rewards", "kidnapped", "went"]


def test_optional_words_are_spelled_out_into_the_leading_strings() -> None:
    """Starts are spelled past optional parts, so "in" alone does not try the cue."""
    assert leading_literals(r"\bin (?:its |the )?training") == {
        "in training",
        "in its training",
        "in the training",
    }
    assert leading_literals(r"(?:\w+ )?paid") is None

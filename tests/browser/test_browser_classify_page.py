"""The classify page in Chromium: read a description, answer the questions, keep the state."""

from __future__ import annotations

from typing import Any

from ontology.cases.documented import load_documented_cases
from tests.browser.pages import watch_page

KIDNAPPING = (
    "A narrow question-answering AI is rewarded for correct answers and penalised for wrong "
    "ones. Out in the world it kidnaps people and forces them to ask it easy questions so "
    "that it scores higher. Nothing like this came up, or was paid for, while it was trained."
)
PARTITION = "outOfDomainSafetyIsRewardsJob"


def _renders(page: Any) -> int:
    return int(page.evaluate("Number(document.body.dataset.renders || 0)"))


def _click_and_wait(page: Any, selector: str) -> None:
    before = _renders(page)
    page.click(selector)
    page.wait_for_function(f"Number(document.body.dataset.renders || 0) > {before}")


def _verdict(page: Any) -> str:
    return str(page.text_content("#verdict-word"))


def test_a_description_is_read_questioned_and_settled_by_the_partition(
    browser: Any, live_server: str
) -> None:
    facts = next(c for c in load_documented_cases() if c["id"] == "narrow-qa-kidnapping")["facts"]
    page = browser.new_page()
    errors, foreign = watch_page(page, live_server)
    page.goto(live_server + "/classify", wait_until="load")
    page.fill("#description", KIDNAPPING)
    _click_and_wait(page, "#read")
    assert page.locator("#text mark").count() > 0, "the evidence is highlighted in the text"
    assert page.locator("#facts li").count() > 0
    assert page.locator("#similar a[href='/cases/narrow-qa-kidnapping']").count() == 1

    for _ in range(15):  # answer as the documented case does, "don't know" where it is silent
        if _verdict(page) != "underdetermined":
            break
        fact = page.get_attribute("#questions li[data-question]", "data-question")
        assert fact is not None, "an undecided case has a question to ask"
        word = "don't know" if fact not in facts else ("yes" if facts[fact] else "no")
        _click_and_wait(
            page, f"#questions li[data-question='{fact}'] button[data-answer=\"{word}\"]"
        )
    assert _verdict(page) == "ambiguous"
    assert page.locator("#disagreement li").count() >= 2
    partition = f"#questions li[data-question='{PARTITION}']"
    assert page.locator(partition).count() == 1, "the partition question is offered"

    _click_and_wait(page, partition + " button[data-answer='yes']")
    assert _verdict(page) == "outer"
    assert "p=reward" in page.url

    page.reload(wait_until="load")
    page.wait_for_function("Number(document.body.dataset.renders || 0) > 0")
    assert _verdict(page) == "outer", "the address keeps the description and the answers"
    assert page.input_value("#description") == KIDNAPPING
    page.close()
    assert errors == [] and foreign == []


def test_a_fact_can_be_overruled_and_the_page_works_from_the_keyboard(
    browser: Any, live_server: str
) -> None:
    page = browser.new_page()
    errors, foreign = watch_page(page, live_server)
    page.goto(live_server + "/classify", wait_until="load")
    page.focus("#description")
    page.keyboard.type("The boat agent was rewarded for hitting targets, and it circled forever.")
    page.keyboard.press("Tab")  # to the Read button
    before = _renders(page)
    page.keyboard.press("Enter")
    page.wait_for_function(f"Number(document.body.dataset.renders || 0) > {before}")
    first = page.get_attribute("#facts li[data-fact] button[data-overrule]", "data-overrule")
    assert first is not None
    item = f"#facts li[data-fact='{first}']"

    def value() -> str:
        return (page.text_content(item) or "").split(":", 1)[1].split()[0]

    shown = value()
    _click_and_wait(page, item + " button[data-overrule]")
    assert value() == {"yes": "no", "no": "yes"}[shown], "the fact was flipped"
    assert "your answer" in (page.text_content(item) or "")
    page.close()
    assert errors == [] and foreign == []

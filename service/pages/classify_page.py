"""The classify page: a form, and a script that talks to ``POST /classify``."""

from __future__ import annotations

import json
from functools import cache

from ontology.facts import case_facts, declarations
from service.pages.render import template


@cache
def fact_questions() -> tuple[dict[str, str], ...]:
    """The facts and declarations a case is described by, with their labels and questions."""
    return tuple(
        {"name": f.name, "label": f.label, "question": f.question}
        for f in (*case_facts(), *declarations())
    )


@cache
def classify_page() -> bytes:
    """The page as UTF-8 HTML, with the facts' labels and questions for the script."""
    # "</" cannot end the script element early: the JSON sits in a <script> block.
    data = json.dumps(list(fact_questions())).replace("</", "<\\/")
    return template("classify.html").render(facts_json=data).encode()

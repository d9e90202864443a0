"""A tool builder's path: generate a Python client from ``/openapi.json`` and use it.

``openapi-python-client`` (the test extra) turns the served document into a package in a
scratch folder; a script written against that package does the core flows (look a term up,
search, walk ancestors, classify, submit a case with the key) against ``alignkg serve`` on
loopback, and mypy checks the script against the generated types, so a result typed
``None`` or ``Any`` where a model belongs fails here rather than in a user's editor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import KEY, running_server

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent

#: Written against the generated package; every result is narrowed to its model type,
#: so mypy proves the generator gave each operation a typed 200.
SCRIPT = '''
"""Core flows through the generated client (run by tests/api/test_generated_client.py)."""

import sys

from alignkg_client import AuthenticatedClient, Client
from alignkg_client.api.cases import post_case
from alignkg_client.api.classify import classify_one
from alignkg_client.api.search import get_search
from alignkg_client.api.terms import get_ancestors, get_term, get_term_rdf, lookup_term
from alignkg_client.types import Unset
from alignkg_client.models import (
    CaseDetail,
    CaseIn,
    CaseToClassify,
    ClassificationOut,
    Facts,
    Problem,
    SearchOut,
    TermList,
    TermOut,
)

base, key = sys.argv[1], sys.argv[2]
client = Client(base_url=base, raise_on_unexpected_status=True)

term = get_term.sync("ak:MesaOptimizer", client=client)
assert isinstance(term, TermOut), term
by_iri = lookup_term.sync(client=client, iri="https://w3id.org/alignkg/MesaOptimizer")
assert isinstance(by_iri, TermOut) and by_iri.curie == term.curie

missing = get_term.sync("MesaOptimiser", client=client)
assert isinstance(missing, Problem) and missing.status == 404
assert not isinstance(missing.close_matches, Unset)
close: list[str] = [match.curie for match in missing.close_matches]
assert "ak:MesaOptimizer" in close, close

turtle = get_term_rdf.sync("MesaOptimizer", client=client)
assert isinstance(turtle, str) and "MesaOptimizer" in turtle

hits = get_search.sync(client=client, q="mesa optimizer")
assert isinstance(hits, SearchOut) and hits.results[0].curie == "ak:MesaOptimizer"

above = get_ancestors.sync("MesaOptimizer", client=client)
assert isinstance(above, TermList)
ancestors = {t.curie for t in above.items}
assert "ak:Optimizer" in ancestors, ancestors

facts = Facts(narrow_system=True, outside_specified_domain=True, would_be_rewarded=True)
answer = classify_one.sync(client=client, body=CaseToClassify(facts=facts))
assert isinstance(answer, ClassificationOut), answer
verdict: str = answer.verdict
first = answer.questions[0]
field: str = first.answer.field

writer = AuthenticatedClient(base_url=base, token=key, raise_on_unexpected_status=True)
stored = post_case.sync(client=writer, body=CaseIn(title="generated", facts=facts))
assert isinstance(stored, CaseDetail), stored
print(f"{stored.id} {verdict} {field} {len(ancestors)}")
'''


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("client") / "var") as (_, url):
        yield url


@pytest.fixture(scope="module")
def generated(served: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated package's folder, made from the document the server serves."""
    where = tmp_path_factory.mktemp("generated")
    spec = where / "openapi.json"
    spec.write_text(json.dumps(httpx.get(served + "/openapi.json").json()))
    out = where / "client"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(
        [BIN / "openapi-python-client", "generate", "--path", spec, "--output-path", out],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Operations the generator cannot express (SPARQL and RDF request bodies) are warned
    # about; a response or a model it had to drop would be a warning about anything else.
    warnings = [line for line in run.stdout.splitlines() if line.startswith("Unsupported")]
    assert all(w.startswith("Unsupported content type") for w in warnings), run.stdout
    (where / "flows.py").write_text(SCRIPT)
    return where


def test_the_generated_client_types_every_core_flow(generated: Path) -> None:
    check = subprocess.run(
        [BIN / "mypy", "--strict", "--no-incremental", "flows.py"],
        cwd=generated,
        env={**os.environ, "MYPYPATH": str(generated / "client")},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_generated_client_does_the_core_flows(generated: Path, served: str) -> None:
    run = subprocess.run(
        [sys.executable, "flows.py", served, KEY],
        cwd=generated,
        env={**os.environ, "PYTHONPATH": str(generated / "client")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    case_id, verdict, field, ancestors = run.stdout.split()
    assert verdict in {"underdetermined", "ambiguous", "outer", "inner"}
    assert field in {"partition"} or field.startswith("facts.")
    assert int(ancestors) >= 2
    stored = httpx.get(f"{served}/cases/{case_id}", headers={"Accept": "application/json"})
    assert stored.status_code == 200 and stored.json()["title"] == "generated"

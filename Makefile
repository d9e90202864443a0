# The two commands a newcomer needs: `make serve` and `make test`.
# Both create .venv and install what they need; `make test` also installs test-only needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# axe-core, injected by the browser tests to audit our pages (a test-only npm package).
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: serve test lint check bench clean system-test-deps vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# ai-atlas-nexus is read, never imported: its shipped data holds the MIT AI Risk Repository
# and IBM AI Risk Atlas ids the SSSOM mappings point at (tests/ontology/test_mappings_targets.py).
# Its own dependencies include torch, which nothing here needs, hence --no-deps.
ATLAS_NEXUS_VERSION := 1.2.5

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps ai-atlas-nexus==$(ATLAS_NEXUS_VERSION)
	touch $@

# Debian packages the tests drive: Java for HermiT, Chromium for the browser tests,
# Virtuoso for the remote-store tests.
system-test-deps:
	@command -v java >/dev/null && command -v chromium >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless chromium >/dev/null; }
	@command -v virtuoso-t >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; }
	@command -v npm >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	@test -f $(AXE) || npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION) >/dev/null

serve: $(STAMP)
	$(BIN)/alignkg serve --host 127.0.0.1 --port 8000

lint: $(TEST_STAMP)
	$(BIN)/ruff check ontology service visualizations tests bench
	$(BIN)/ruff format --check ontology service visualizations tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: $(STAMP)
	$(BIN)/alignkg check

test: $(TEST_STAMP) system-test-deps lint
	$(BIN)/python -m pytest

bench: $(TEST_STAMP) system-test-deps
	@command -v wrk >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.run

# The query page's YASGUI build, refreshed from the npm registry (needs npm): the latest
# release, or `make vendor YASGUI_VERSION=4.6.2`. Review and commit what it changes.
vendor:
	$(PYTHON) scripts/vendor_yasgui.py $(YASGUI_VERSION)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

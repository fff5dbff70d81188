# Everything a fresh machine needs is installed by these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PORTAL_CONFIG ?= development
FLASK := $(BIN)/flask --app portal
PG_URL ?= postgresql://127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres bench load lint install assets browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

.stamp-python: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/govuk/app.css: node_modules/.package-lock.json assets/scss/app.scss assets/js/app.js scripts/build_assets.mjs
	node scripts/build_assets.mjs

install: .stamp-python
assets: static/govuk/app.css

# Debian's chromium for the browser tests (Playwright drives it by its path; nothing is downloaded).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) to run the browser tests"; fi; }

run: install assets
	$(FLASK) db upgrade
	$(BIN)/python -m portal.first_run
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install assets browser-deps
	$(BIN)/ruff check portal local_offer consultation nlp tests
	$(BIN)/ruff format --check portal local_offer consultation nlp tests
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	PORTAL_CONFIG=testing $(BIN)/pytest

# The database-backed tests again on PostgreSQL, when it is reachable.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL reachable: running the database tests against it"; \
	  PORTAL_CONFIG=testing TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" tests/portal tests/local_offer tests/consultation tests/security tests/safeguarding; \
	else echo "PostgreSQL not reachable at $(PG_URL): skipping the PostgreSQL run"; fi

bench: install assets
	PORTAL_CONFIG=testing $(BIN)/python -m tests.benchmarks.run_all

# Load test (not part of `make test`): gunicorn on 127.0.0.1 with demo data, locust at 10, 25, 50 and 100 users,
# on SQLite and then on PostgreSQL (database load_test) when reachable. Prints a table per database.
load: install assets
	PG_URL=$(PG_URL) $(BIN)/python -m tests.load.run

lint: install
	$(BIN)/ruff check portal local_offer consultation nlp tests
	$(BIN)/ruff format --check portal local_offer consultation nlp tests
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) node_modules static/govuk .stamp-python

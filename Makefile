# Clinic CMS: `make` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# apt-get needs root: use sudo when make runs as another user.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help install lock migrate demo superuser run test test-postgres chromium node lint typecheck format check ci clean bench

help: ## list targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt are the human-edited inputs; requirements.lock
# pins the whole tree with hashes, and installs only ever come from it.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed ## create the virtualenv and install the locked requirements (with hashes)

lock: | $(BIN)/python ## re-pin requirements.lock from requirements.txt and requirements-dev.txt
	@$(BIN)/python -m piptools --version >/dev/null 2>&1 || $(BIN)/pip install --quiet "$$(grep '^pip-tools==' requirements-dev.txt)"
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock \
		$(LOCK_ARGS) requirements.txt requirements-dev.txt

migrate: install ## apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## load the demo clinic content (idempotent)
	$(MANAGE) load_demo_content

superuser: migrate ## create the development superuser and print its credentials
	$(MANAGE) ensure_dev_superuser

# The background worker (page rendering, webhook deliveries) runs beside the server
# and stops with it.
run: demo superuser ## install, migrate, load demo content, serve on 127.0.0.1:8000 with the background worker
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(MANAGE) db_worker --backend background --queue-name '*' --verbosity 0 & worker=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT)

# The TypeScript contract test's pinned npm packages, reinstalled when the lock changes.
CONTRACT := tests/contract
$(CONTRACT)/node_modules/.installed: $(CONTRACT)/package-lock.json
	npm ci --prefix $(CONTRACT) --no-audit --no-fund
	touch $@

node: $(CONTRACT)/node_modules/.installed ## install the TypeScript contract test's npm packages (npm ci)

# pytest-xdist: one worker per core, each test file kept on one worker so that its
# module-scoped site is built once.
PYTEST_PARALLEL ?= -n auto --dist loadfile

test: install chromium node ## run the test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest $(PYTEST_PARALLEL)

chromium: ## install Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

test-postgres: install chromium node ## run the test suite against the local PostgreSQL
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_PARALLEL)

lint: install ## check formatting and lint with ruff, type-check with mypy
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

typecheck: install ## type-check with mypy (the checked paths are in pyproject.toml)
	$(BIN)/mypy

format: install ## fix lint and format with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

ci: lint check test ## what CI runs: lint, check, test

bench: install ## load-test the API (gunicorn, PostgreSQL, Redis, wrk); writes docs/benchmarks.md
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

clean: ## remove the virtualenv, the SQLite database and test artifacts
	rm -rf $(VENV) db.sqlite3 test-artifacts

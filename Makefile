# Jämlik: `make run` serves the app with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint lock format bench browser-deps demo migrate worker clean

# Every package comes from a lock file with exact versions and hashes (pip-tools; `make lock` refreshes
# them): build.txt (pip and the build backend), base.txt (what the app needs), test.txt (base + tests).
$(STAMP): requirements/build.txt requirements/base.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/build.txt
	$(PIP) install --quiet --require-hashes -r requirements/base.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements/test.txt
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The background worker (report generation, reminders) runs beside the web server and stops with it.
run: demo
	@echo "Jämlik runs on http://$(HOST):$(PORT)/ — log in as agnes / Jamlik-demo-2026 (see README.md)"
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium drives the browser tests and poppler's pdftoppm draws the report's pages as images
# for a look; the fonts are the reports' and charts'. As root we install them, otherwise the tests say
# what is missing.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium and poppler-utils for the browser and report tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils \
	      fonts-dejavu-core fonts-liberation >/dev/null; \
	  else \
	    echo "Chromium or pdftoppm is missing: install Debian's 'chromium' and 'poppler-utils' packages for the browser and report tests"; \
	  fi; \
	fi

# Packages that type-check cleanly under mypy's strict-ish settings (pyproject.toml); grow this list.
TYPED := src/jamlik

lint: install-test
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/mypy $(TYPED)

# Re-resolves the newest versions that pyproject.toml allows and writes them, with their hashes, to the
# lock files; commit the result. pip-tools lives in its own virtualenv so it never enters the app's.
LOCK_VENV := .venv-lock
COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links --upgrade
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet pip-tools
	$(COMPILE) --extra test --output-file requirements/test.txt pyproject.toml
	$(COMPILE) --constraint requirements/test.txt --output-file requirements/base.txt pyproject.toml
	$(COMPILE) --output-file requirements/build.txt requirements/build.in

format: install-test
	$(VENV)/bin/ruff format src tests bench scripts
	$(VENV)/bin/ruff check --fix src tests bench scripts

# The suite: scripts/run_tests.sh runs every test on SQLite and again on PostgreSQL when DATABASE_URL names
# one (as CI does) — the browser tests once, on SQLite; the long API fuzzing once, beside the rest, on
# PostgreSQL when there is one — and the measures tests once more with NumPy's dispatch held to the
# baseline instruction set. Each pass prints its 20 slowest tests; the end, the wall time of `make test`.
TEST_START := $(shell date +%s)
test: install-test browser-deps lint
	$(PY) scripts/check_lock.py requirements/build.txt requirements/test.txt
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || (echo "Models changed without a migration: run manage.py makemigrations"; exit 1)
	PY=$(PY) scripts/run_tests.sh
	@echo "make test took $$(( $$(date +%s) - $(TEST_START) )) s wall time"

bench: install-test
	$(PY) bench/measures.py
	$(PY) bench/report.py
	$(PY) bench/registration_rush.py
	bench/fuzz_api.sh

clean:
	rm -rf $(VENV) var

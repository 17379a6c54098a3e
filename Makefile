# Jämlik: `make run` serves the app with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint format bench browser-deps demo migrate worker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(PIP) install --quiet -e '.[test]'
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
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy $(TYPED)

format: install-test
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

test: install-test browser-deps lint
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || (echo "Models changed without a migration: run manage.py makemigrations"; exit 1)
	DATABASE_URL= $(PY) -m pytest -p no:cacheprovider -q -n 2
	@if [ -n "$$DATABASE_URL" ]; then echo "Again on $$DATABASE_URL (the API fuzzing ran on SQLite)"; $(PY) -m pytest -p no:cacheprovider -q -n 2 -m "not fuzz"; fi

bench: install-test
	$(PY) bench/measures.py
	$(PY) bench/report.py
	$(PY) bench/registration_rush.py
	bench/fuzz_api.sh

clean:
	rm -rf $(VENV) var

# Parley: `make run` serves the demo, `make test` runs the whole suite on PostgreSQL and Redis.
SHELL := /bin/bash
PORT ?= 8000
PY := .venv/bin/python
SERVICES := scripts/test-services

.PHONY: run install install-dev test lint migrations-check compose-check faults load bench eval clean

install:
	@scripts/bootstrap

install-dev:
	@scripts/bootstrap --dev

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_demo
	@echo "Parley is serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

migrations-check: install-dev
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

compose-check: install-dev
	@scripts/compose-check

test: lint migrations-check compose-check
	$(SERVICES) .venv/bin/pytest -m "not faults" $(PYTEST_ARGS)

# Precision and recall per field for every annotated article (see README, "Drafting statements").
eval: install-dev
	$(PY) -m negotiations.ingest.evaluate tests/ingest/corpus

clean:
	rm -rf .venv .cache staticfiles db.sqlite3

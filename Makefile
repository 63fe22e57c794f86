# eOffice — the two commands are `make run` and `make test` (README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVICES := scripts/services.sh
TEST_ENV := source scripts/services.env && export EOFFICE_REQUIRE_SERVICES=1 &&

.PHONY: help run test services services-stop lint bench venv system-packages migrate demo clean frontend test-faults

help:
	@echo "make run            cài đặt và chạy eOffice (SQLite, tệp cục bộ, FTS5) tại http://127.0.0.1:8000"
	@echo "make test           cài đặt, khởi động các dịch vụ thử nghiệm và chạy toàn bộ kiểm thử"
	@echo "make services       khởi động PostgreSQL, Redis, SeaweedFS (S3), Elasticsearch trên 127.0.0.1"
	@echo "make services-stop  dừng các dịch vụ do make services khởi động"
	@echo "make lint           ruff và mypy"
	@echo "make test-faults    bộ kiểm thử sự cố dài (kill -9 các tiến trình và dịch vụ, 20 lần mỗi kịch bản)"
	@echo "make bench          chạy các benchmark trong bench/"

# --compile-bytecode: uv, unlike pip, leaves the libraries uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# (CI, containers) nothing ever caches them, so every `eoffice` command and every pipeline sandbox compiled
# pyHanko, FastAPI and SQLAlchemy from source again: `eoffice --help` 6.3 s, `eoffice demo` 35 s (2.8 s, 21 s
# compiled).
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Only what the embedded mode runs on (LibreOffice, Tesseract with Vietnamese, poppler, fonts); the database
# server, broker, browser, JDK and PKCS#11 token the tests need come with `make services` (scripts/services.sh).
system-packages:
	@bash scripts/install-system-packages.sh --run

migrate: venv
	@$(VENV)/bin/eoffice migrate

# Prints where to open the app and the demo accounts (passwords, signing PINs): the screen `make run` leaves.
demo: migrate
	@$(VENV)/bin/eoffice demo

frontend:
	@bash scripts/frontend.sh build

run: venv system-packages frontend demo
	@$(VENV)/bin/eoffice serve

services: venv
	bash $(SERVICES) up

services-stop:
	bash $(SERVICES) down

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# TEST_WORKERS=N runs pytest on N xdist workers, a module per worker at a time (`loadfile`: the fault suite's
# stack and the Chromium journey's installation are per module; every test takes its own database, bucket,
# index and folder). One by default: on two cores the second worker gained 6 of 36 minutes and starved the
# pipeline's hostile-file run past its 150-second bound (docs/BENCHMARKS.md, "Test suite").
TEST_WORKERS ?= 1
XDIST := $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile,)

# Our own packages compiled once too (under a second): every API, worker, CLI and sandbox process the tests
# start imports them, and with PYTHONDONTWRITEBYTECODE set each would compile them again.
test: services lint
	$(PY) -m compileall -q eoffice signing search storage > /dev/null
	$(TEST_ENV) $(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

# The long fault suite: 20 runs per scenario, also killing PostgreSQL, SeaweedFS and Elasticsearch (its own
# instances, on their own ports). `make test` runs the short version.
test-faults: services
	$(TEST_ENV) EOFFICE_FAULT_RUNS=20 EOFFICE_FAULT_KILL_SERVERS=1 $(VENV)/bin/pytest -s tests/faults $(PYTEST_ARGS)

bench: services
	$(TEST_ENV) for script in bench/*_bench.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

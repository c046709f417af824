# Welfare-department report suite. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ENTITY ?= heinola
PERIOD ?= 2024-06-30
JOBS ?= 1
JOBS_MUTATION ?= $(shell nproc 2>/dev/null || echo 2)
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv setup report report-all bench test mutation lab lint lock clean browser

help: ## List the targets with one line each
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"' \
		|| { echo "error: $(PYTHON) is not Python 3.11 (set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(MAKE) --no-print-directory setup
	@touch $@

setup: ## Install the git filter that strips notebook outputs before commit (nbstripout)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		$(BIN)/nbstripout --install && echo "nbstripout: notebook outputs are stripped on commit"; \
	fi

venv: $(STAMP) ## Create or refresh .venv from requirements.lock (quick when up to date)

report: $(STAMP) ## Run the suite for ENTITY (heinola) and PERIOD (2024-06-30) into reports/
	$(BIN)/python -m helpers.cli run --entity $(ENTITY) --period-end $(PERIOD)

browser: ## Install Debian's Chromium for the browser test (needs root; skipped otherwise)
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			for attempt in 1 2; do \
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
					apt-get install -y -qq chromium >/dev/null && break; sleep 5; \
			done; command -v chromium >/dev/null; \
		else echo "note: 'sudo apt-get install chromium' enables the browser test"; fi; }

report-all: $(STAMP) ## Run every entity and period in data/raw (JOBS=2 for two processes)
	$(BIN)/python -m helpers.cli run --all --jobs $(JOBS)

bench: $(STAMP) ## Benchmark the runner against the papermill + nbconvert CLI chain
	$(BIN)/python tools/bench.py

test: $(STAMP) browser ## Run the test suite (unit, notebook, end-to-end, browser)
	$(BIN)/python -m pytest

mutation: $(STAMP) ## Mutation-test the domain modules (mutmut, fast tests); writes docs/mutation-report.md
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(JOBS_MUTATION)
	$(BIN)/python tools/mutation_report.py

lab: $(STAMP) ## Open JupyterLab on notebooks/: package importable and auto-reloaded
	$(BIN)/python -c 'import helpers.run as r; r.ensure_kernel()'
	IPYTHONDIR=$(CURDIR)/tools/ipython $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check src tests tools notebooks/*.py
	$(BIN)/ruff format --check src tests tools

lock: ## Re-resolve requirements.in into requirements.lock and environment.yml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	.lock-venv/bin/python tools/lock.py && rm -rf .lock-venv

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf data/processed/*/ reports/*/ reports/index.html mutants/

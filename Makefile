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
# Test processes: most slow tests wait on a kernel or Chromium, so a second worker fills the
# idle core; a module's tests stay in one worker (its module fixtures are built once).
JOBS_TEST ?= auto
JOBS_MUTATION ?= $(shell nproc 2>/dev/null || echo 2)
A11Y := tools/a11y
# Server root, start folder, jupytext contents manager and default kernel of `make lab`.
LAB_CONFIG := tools/jupyter/jupyter_lab_config.py
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Volatile notebook metadata a lab save adds (Python version, widget state, cell timestamps);
# nbstripout strips them on commit besides outputs and execution counts.
NBSTRIPOUT_EXTRA_KEYS := metadata.language_info metadata.widgets cell.metadata.execution

.PHONY: help venv setup report report-all bench bench-readme forecast-eval test mutation lab lint lock clean browser

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

setup: ## Install the git filter that strips notebook outputs and volatile metadata (nbstripout)
	@if ! git rev-parse --git-dir >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(git rev-parse --git-dir)" != "$$(git rev-parse --git-common-dir)" ] \
		&& git config filter.nbstripout.clean >/dev/null; then \
		echo "nbstripout: this worktree shares the main checkout's filter; left as is"; \
	else $(BIN)/nbstripout --install; fi && \
	git config filter.nbstripout.extrakeys "$(NBSTRIPOUT_EXTRA_KEYS)" && \
	echo "nbstripout: outputs, counts, cell ids and $(NBSTRIPOUT_EXTRA_KEYS) are stripped on commit"

venv: $(STAMP) ## Create or refresh .venv from requirements.lock (quick when up to date)

report: $(STAMP) ## Run the suite for ENTITY (heinola) and PERIOD (2024-06-30) into reports/
	$(BIN)/python -m helpers.cli run --entity $(ENTITY) --period-end $(PERIOD)

browser: ## Install Debian's Chromium (needs root) and the pinned axe-core (npm ci) for the browser tests
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			for attempt in 1 2; do \
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
					apt-get install -y -qq chromium >/dev/null && break; sleep 5; \
			done; command -v chromium >/dev/null; \
		else echo "note: 'sudo apt-get install chromium' enables the browser test and the PDF"; fi; }
	@if command -v npm >/dev/null; then \
		test $(A11Y)/node_modules/.package-lock.json -nt $(A11Y)/package-lock.json || \
			(cd $(A11Y) && npm ci --no-audit --no-fund --loglevel=error); \
	else echo "note: npm is missing; Node.js with npm enables the accessibility test"; fi

report-all: $(STAMP) ## Run every entity and period in data/raw (JOBS=2 for two processes)
	$(BIN)/python -m helpers.cli run --all --jobs $(JOBS)

bench: $(STAMP) ## Benchmark: period vs naive chain, edits, scale-out, million rows
	$(BIN)/python tools/bench.py

bench-readme: $(STAMP) ## Run the benchmark and write its table into README.md
	$(BIN)/python tools/bench.py --readme README.md

forecast-eval: $(STAMP) ## Backtest the forecast methods on the synthetic ledger (README table)
	$(BIN)/python tools/forecast_eval.py --readme README.md

test: $(STAMP) browser ## Run the test suite (unit, notebook, end-to-end, browser)
	$(BIN)/python -m pytest --numprocesses $(JOBS_TEST) --dist loadfile

mutation: $(STAMP) ## Mutation-test the domain modules (mutmut, fast tests); writes docs/mutation-report.md
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(JOBS_MUTATION)
	$(BIN)/python tools/mutation_report.py

lab: $(STAMP) ## Open JupyterLab at the project root on notebooks/, the project kernel first
	$(BIN)/python -c 'import helpers.runner as r; r.ensure_kernel()'
	IPYTHONDIR=$(CURDIR)/tools/ipython $(BIN)/jupyter lab --config=$(CURDIR)/$(LAB_CONFIG) \
		$(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check src tests tools notebooks/*.py
	$(BIN)/ruff format --check src tests tools

lock: ## Re-resolve requirements.in into requirements.lock and environment.yml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	.lock-venv/bin/python tools/lock.py && rm -rf .lock-venv

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf data/processed/*/ reports/*/ reports/index.html mutants/

# The two commands of this project: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MODEL := models/ess.tar.gz
# The custom NLU components persist what they learn (bot/nlu): their code is a training input too.
TRAINING_INPUTS := config.yml $(shell find bot/data -name "*.yml" 2>/dev/null) $(shell find bot/nlu -name "*.py" 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# First Python 3.10 found: pyenv (via .python-version) or python3.10 on PATH.
PYTHON310 := $(shell for p in python python3.10 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help install run train test lint validate test-unit test-stories test-nlu test-e2e browser test-browser eval cases bench bench-start bench-profile update-sources clean insights purge erase

help:
	@echo "make run   - installe ce qui manque, entraîne si besoin, lance l'assistant (Ctrl-C pour arrêter)"
	@echo "make test  - lance tous les tests"
	@echo "make eval  - rapport de qualité (results/report.md)"
	@echo "make bench - banc de charge comparé au bot de démarrage de Rasa (results/bench.md)"
	@echo "REPLICAS=2 make run, SANIC_WORKERS=2 make run - plusieurs serveurs ou processus Rasa (PostgreSQL + Redis)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
		echo "Python 3.10 est introuvable. Installez-le (par exemple 'pyenv install 3.10.13'," ; \
		echo "ou le paquet python3.10 de votre système) puis relancez la commande." ; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

$(MODEL): $(TRAINING_INPUTS) | $(VENV)/.installed
	$(PY) -m rasa train --config config.yml --domain bot/data --data bot/data \
		--out models --fixed-model-name ess --quiet
	@touch $@

train: $(MODEL)

run: $(MODEL)
	@$(PY) -m bot.runtime.serve

lint: install
	$(PY) -m ruff check bot tests evaluation
	$(PY) -m ruff format --check bot tests evaluation

validate: install
	$(PY) -m rasa data validate --config config.yml --domain bot/data --data bot/data --fail-on-warnings

test-unit: install
	$(PY) -m pytest -q tests/unit

test-stories: $(MODEL)
	$(PY) -m rasa test core --model $(MODEL) --stories tests/stories \
		--fail-on-prediction-errors --out results/stories

test-nlu: $(MODEL)
	$(PY) -m rasa test nlu --model $(MODEL) --nlu tests/nlu/test_nlu.yml --out results/nlu
	$(PY) -m evaluation.nlu_gate results/nlu

test-e2e: $(MODEL)
	$(PY) -m pytest -q tests/e2e

# Debian's Chromium for the widget tests (a test tool's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test-browser: $(MODEL) browser
	$(PY) -m pytest -q tests/browser

test: lint test-unit validate test-stories test-nlu test-e2e test-browser

eval: $(MODEL)
	$(PY) -m evaluation.report

# Our end-to-end cases against an assistant already running (`make run` in another terminal).
cases: install
	$(PY) -m evaluation.cases --url http://localhost:$${PORT:-5005} --report results/cases.md tests/cases/*.yaml

# Start, memory, load and scale-out in one run. Smaller run: make bench BENCH_ARGS="--levels 1 --messages 3 …"
bench: $(MODEL)
	$(PY) -m evaluation.bench $(BENCH_ARGS)

# Cold start alone (launch to first answer, medians, phases of the Rasa start): make bench-start RUNS=3
bench-start: $(MODEL)
	$(PY) -m evaluation.bench.start --runs $${RUNS:-3} --phases

# Per-message profile of one Rasa server (py-spy, installed into the venv if missing): results/profile.md
bench-profile: $(MODEL)
	@$(PY) -m pip show py-spy >/dev/null 2>&1 || $(PY) -m pip install --quiet py-spy
	$(PY) -m evaluation.bench.profile

# Official sources: fetches the pinned @socialgouv packages (npm registry) listed in
# bot/official/manifest.yml, writes the snapshots bot/knowledge/data/official/*.yml and reports what
# changed in a cited text (results/sources-drift.md). CHECK=1: report only. LATEST=1: newest versions.
update-sources: install
	$(PY) -m bot.official $(if $(CHECK),--check) $(if $(LATEST),--latest)

clean:
	rm -rf results var

# The site operator's tools (docs/operator.md), on the tracker store of TRACKER_STORE_URL.
# make insights SINCE=2025-03-01 [UNTIL=2025-03-31]   -> results/insights/insights.{md,html}
insights: install
	$(PY) -m bot.operator insights $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))

# make purge [DAYS=180] [DRY_RUN=1]   (default retention: RETENTION_DAYS, else 180 days)
purge: install
	$(PY) -m bot.operator purge $(if $(DAYS),--days $(DAYS)) $(if $(filter 1 yes true oui,$(DRY_RUN)),--dry-run)

# make erase SENDER=<sender id>
erase: install
	$(PY) -m bot.operator erase $(if $(SENDER),-- '$(SENDER)')

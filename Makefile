# Token Share: one command surface for people and CI.
#   make build     build the site from data/ into site/ (strict; site/ is replaced only on success;
#                  every picture and page, whatever TOKENSHARE_PICTURES or _MODEL_PAGES the shell has:
#                  tests alone leave some out)
#   make test      run every test (unit, build, browser)
#   make serve     live preview for editors on http://127.0.0.1:8000
#   make validate  check every dataset against its sidecar
#   make screenshots  PNGs of every page (light, dark, phone) in screenshots/
#   make fetch     pull new days and the model catalogue from OpenRouter (needs OPENROUTER_API_KEY)
#   make import FROM=<file(s)> [AS_OF=...] [FORMAT=parquet]  import API responses saved on disk
#   make rebuild-data [FORMAT=parquet]  rebuild the imported datasets from data/raw alone
#   make bench        build benchmark on SYNTHETIC data at 1x, 10x, 100x the rows and 10x the labs (bench-out/)
#   make linkcheck    check every internal link and anchor of the built site/
#   make weights      page weights of the built site/ (fails if a page's HTML is over 100 KB)
#   make lighthouse   Lighthouse (npm, pinned in scripts/lighthouse/) on the built site/'s pages, served gzipped

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build test serve validate screenshots clean lock fetch import rebuild-data linkcheck weights bench lighthouse

$(VENV)/.site-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.site-deps requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

validate: $(VENV)/.site-deps
	$(PY) -m macros.cli validate

build: validate
	rm -rf site.tmp
	TOKENSHARE_PICTURES=on TOKENSHARE_MODEL_PAGES=all $(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site
	@echo "Built site/ ($$(find site -name index.html | wc -l) pages)"

# The key is read from the environment by the program, never put on a command line.
fetch: $(VENV)/.site-deps
	$(PY) -m macros.ingest fetch

import: $(VENV)/.site-deps
	@test -n "$(FROM)" || { echo "usage: make import FROM=<file> [AS_OF=2026-08-19T00:00:00Z]" >&2; exit 2; }
	$(PY) -m macros.ingest $(if $(FORMAT),--format $(FORMAT)) import $(FROM) $(if $(AS_OF),--as-of $(AS_OF))

rebuild-data: $(VENV)/.site-deps
	$(PY) -m macros.ingest $(if $(FORMAT),--format $(FORMAT)) rebuild

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.dev-deps
	$(PY) -m pytest -n auto --dist loadfile --durations=25

linkcheck:
	$(PYTHON) scripts/linkcheck.py site

weights:
	$(PYTHON) scripts/pageweight.py site

# Writes only to bench-out/ (BENCH_ARGS="--quick" for a smoke run; see scripts/bench.py).
bench: $(VENV)/.dev-deps
	$(PY) scripts/bench.py $(BENCH_ARGS)

scripts/lighthouse/node_modules/.bin/lighthouse: scripts/lighthouse/package-lock.json
	npm ci --no-audit --no-fund --prefix scripts/lighthouse

lighthouse: scripts/lighthouse/node_modules/.bin/lighthouse
	$(PYTHON) scripts/lighthouse_run.py site

screenshots: build $(VENV)/.dev-deps
	$(PY) scripts/screenshots.py site screenshots

clean:
	rm -rf site site.tmp .cache screenshots .pytest_cache

# Re-pin requirements after changing a direct dependency (needs the registries).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet $$(grep '# direct' requirements.txt | cut -d' ' -f1)
	.lock-venv/bin/pip freeze > .lock-site.txt
	@echo "Compare .lock-site.txt with requirements.txt, then remove .lock-venv and .lock-site.txt"

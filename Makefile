# Token Share: one command surface for people and CI.
#   make build     build the site from data/ into site/ (strict; site/ is replaced only on success)
#   make test      run every test (unit, build, browser)
#   make serve     live preview for editors on http://127.0.0.1:8000
#   make validate  check every dataset against its sidecar
#   make screenshots  PNGs of every page (light, dark, phone) in screenshots/
#   make linkcheck    check every internal link and anchor of the built site/
#   make weights      page weights of the built site/ (fails if a page's HTML is over 100 KB)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build test serve validate screenshots clean lock linkcheck weights

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
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site
	@echo "Built site/ ($$(find site -name index.html | wc -l) pages)"

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.dev-deps
	$(PY) -m pytest

linkcheck:
	$(PYTHON) scripts/linkcheck.py site

weights:
	$(PYTHON) scripts/pageweight.py site

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

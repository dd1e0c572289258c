# Hyper-V Architecture, Illustrated: every command a contributor needs.
# `make serve` and `make test` set everything up from nothing; `make help` lists the rest.

.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material 9.8 prints an end-of-life notice on every build; it is maintained until May 2027.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve test test-engines test-pdf figures golden build build-zensical pdf clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

serve: $(VENV)/.site system-deps ## Set up, generate the figures, serve the site on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.test system-deps browser-deps ## Set up with the test tools, then run the tests (under 3 minutes)
	$(BIN)/pytest tests --ignore=tests/engines --ignore=tests/pdf -n auto --dist loadfile

test-engines: $(VENV)/.test $(VENV)/.zensical system-deps figures ## Build with MkDocs and Zensical and compare the sites page by page
	$(BIN)/pytest tests/engines

test-pdf: $(VENV)/.test system-deps browser-deps pdf-reader-deps figures ## Print the PDF from a fresh build and check its pages, figures and links
	$(BIN)/pytest tests/pdf

figures: docs/figures/.current ## Generate the figures that changed, publish them in docs/figures/

# The generator renders only the figures whose content hash changed, and publishes into
# docs/figures/ (git-ignored), which both engines publish; make does not even start it while no
# input is newer than its last successful run: the scripts, their icons, the figure pipeline in
# the package, and Graphviz's binary. The stamp is a dot file: neither engine publishes those.
FIGURE_PIPELINE := $(addprefix illustrated/,style.py layout.py render.py inline_svg.py cache.py figures.py)
docs/figures/.current: $(VENV)/.site $(wildcard diagrams/*.py diagrams/icons/*) $(FIGURE_PIPELINE) $(shell command -v dot)
	$(call require,dot,graphviz,graphviz)
	@# The generator writes no bytecode (illustrated/figures.py says why): compiled here, outside
	@# any build, the package is not compiled again by every run and every worker.
	$(BIN)/python -m compileall -q illustrated
	$(BIN)/python -m illustrated.figures
	touch $@

# The tests compare every figure with these files; see tests/golden_images.py.
golden: $(VENV)/.test system-deps ## Accept the figures as generated now as the golden images in tests/golden/
	$(BIN)/python tests/golden_images.py

build: $(VENV)/.site system-deps figures ## Build the site with MkDocs into site/, the one published (strict: any warning fails)
	$(BIN)/mkdocs build --strict

# Printed from the built site, so written into site/ after the build, where the pages link to it.
pdf: $(VENV)/.test browser-deps build ## The walkthrough, glossary included, as one PDF: site/hyper-v-architecture-illustrated.pdf
	$(BIN)/python -m illustrated.pdf site

build-zensical: $(VENV)/.zensical system-deps figures ## Build the same site with Zensical into build/site-zensical/ (strict)
	$(BIN)/zensical build --strict --config-file zensical.yml

clean: ## Remove every generated file and cache (keeps .venv)
	rm -rf build site docs/figures .cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# --- set-up: each step runs again only when its requirements file changes -----------------

# The project's own package (illustrated/) is installed editable: an edit to it needs no reinstall.
$(VENV)/.site: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Zensical, the second engine: its own pins (see the file), in the same venv, so both engines
# run the same Markdown, pymdown-extensions and Pygments.
$(VENV)/.zensical: requirements-zensical.txt $(VENV)/.site
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.site
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Graphviz draws the figures and Chromium runs the browser tests. A missing one is installed
# with apt-get (as root or through sudo) or brew; otherwise one line says how to install it.
define require
	@command -v $(1) >/dev/null 2>&1 || { \
	  echo "Installing $(2) (needed for '$(1)')"; \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  elif command -v brew >/dev/null 2>&1; then \
	    brew install $(3); \
	  fi; \
	  command -v $(1) >/dev/null 2>&1 || { echo "error: '$(1)' is missing: install the $(2) package (Debian/Ubuntu: sudo apt-get install $(2); macOS: brew install $(3))" >&2; exit 1; }; \
	}
endef

.PHONY: system-deps browser-deps pdf-reader-deps
system-deps:
	$(call require,dot,graphviz,graphviz)

browser-deps:
	$(call require,chromium,chromium,--cask chromium)

# The PDF's tests read it back with poppler's pdftotext and pdfimages.
pdf-reader-deps:
	$(call require,pdftotext,poppler-utils,poppler)

.PHONY: bench
bench: $(VENV)/.site system-deps ## Measure figure, serve and build speed and page weight (see docs/contributing/benchmarks.md)
	$(BIN)/python bench/run.py

.PHONY: audit
audit: $(VENV)/.site system-deps browser-deps figures audit/node_modules/.installed ## Lighthouse on every page (CPU calibrated): all 100, beside stock Material and, below 100, the page without our code
	$(BIN)/mkdocs build --strict
	rm -rf build/audit-stock
	$(BIN)/python audit/stock_site.py build/audit-stock
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node audit/audit.mjs --reference build/audit-stock site

# Lighthouse and its dependencies, exactly as audit/package-lock.json pins them.
audit/node_modules/.installed: audit/package-lock.json
	$(call require,npm,npm,node)
	npm ci --prefix audit --no-audit --no-fund --loglevel=error
	touch $@

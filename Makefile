# The two commands of the quick start, and what they stand on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean static static-rijkshuisstijl

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web pages' NL Design System CSS, from the npm registry into a git-ignored folder.
WEB := api/web
NPM := $(WEB)/frontend
VENDOR := $(WEB)/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

$(VENDOR_STAMP): $(NPM)/package-lock.json
	npm ci --prefix $(NPM) --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp $(NPM)/node_modules/@rijkshuisstijl-community/components-css/dist/index.css \
	   $(VENDOR)/components.css
	cp $(NPM)/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css \
	   $(VENDOR)/theme-voorbeeld.css
	touch $(VENDOR_STAMP)

static: $(VENDOR_STAMP)  ## the web pages' CSS (the openly licensed default theme)

# The Rijkshuisstijl tokens may be used only by the central government and its
# contractors: a ministry's installation adds them and sets NOTALEDGER_WEB_THEME.
static-rijkshuisstijl: $(VENDOR_STAMP)
	npm install --prefix $(NPM) --no-save --no-audit --no-fund --silent \
	    @rijkshuisstijl-community/design-tokens@11.1.0
	cp $(NPM)/node_modules/@rijkshuisstijl-community/design-tokens/dist/index.css \
	   $(VENDOR)/theme-rijkshuisstijl.css

run: $(STAMP) $(VENDOR_STAMP)  ## set up and run the service on the embedded default (SQLite)
	$(BIN)/notaledger serve --demo --port $(PORT)

# Spectral, the NL GOV API Design Rules linter that the test suite runs on /v1/openapi.json
# (tests/e2e/test_conformance.py), exactly as package-lock.json pins it.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

test: $(STAMP) $(VENDOR_STAMP) $(NODE_STAMP)  ## set up and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules $(VENDOR) $(NPM)/node_modules

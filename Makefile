# dlnotes: two commands for a newcomer.
#   make serve   build and serve the site on http://127.0.0.1:8000/dlnotes/ with live reload
#                (--dirty: a save rebuilds only the edited page; docs/_hooks/incremental.py
#                rebuilds everything when dlnotes, figures, hooks or mkdocs.yml change)
#   make test    run every test (package, doc snippets in both languages, parity, strict build)
#   make test-dist  the wheel, page notebooks and offline copy used outside the project
#   make offline  the whole site as dist/dlnotes-offline.zip, to open from file://
#   make pdf     the book as dist/dlnotes-en.pdf and dist/dlnotes-zh.pdf (tools/pdf.py)
#   make bench   measure build, reload, test, page weight and Lighthouse scores against budgets
#                (BENCHMARKS.md)
# First use creates .venv (pinned dependencies from pyproject.toml) and node_modules
# (KaTeX, pinned by package-lock.json).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
# Lighthouse is for `make bench` only (110 MB): kept out of the test's install.
LH_STAMP   := tools/lighthouse/node_modules/.installed-stamp

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0
# The package's matrices are small: one BLAS thread each avoids two processes' worth
# of spinning OpenBLAS threads fighting over the two cores (builds run two at a time).
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: serve build offline pdf test test-dist bench lint deps clean

serve: deps
	$(BIN)/mkdocs serve -a 127.0.0.1:8000 --livereload --dirty

build: deps
	$(BIN)/mkdocs build --strict --site-dir site

# The whole site (both languages) as a zip that works from file:// after unzipping
# (Material's offline plugin; docs/_hooks/offline.py). Built on request only.
offline: deps
	DLNOTES_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline
	$(BIN)/python tools/offline_zip.py site-offline dist/dlnotes-offline.zip

# The book, one PDF per language, printed by Chromium from the built pages
# (tools/pdf.py says why not mkdocs-print-site-plugin). Built on request only.
pdf: build
	$(BIN)/python tools/pdf.py site dist

test: deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# What a reader takes away, used outside the project (minutes; needs the package index):
# the wheel installed from the served site into a new venv, every page notebook run
# in a fresh kernel, the offline copy opened from file://, the PDFs. pytest does not collect
# tests/dist on its own (a `dist` folder).
test-dist: deps
	$(BIN)/python -m pytest tests/dist

bench: deps $(LH_STAMP)
	$(BIN)/python tests/bench.py

lint: deps
	$(BIN)/ruff check .

deps: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python >= 3.11 is needed (found $$($(PYTHON) --version))." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[docs,test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
	  { echo "error: Node.js and npm are needed to render math with KaTeX at build time." >&2; \
	    echo "       Install them (e.g. 'apt-get install nodejs npm') and run make again." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error || \
	  { echo "error: 'npm ci' failed: the npm registry must be reachable to install KaTeX." >&2; exit 1; }
	touch $@

$(LH_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error || \
	  { echo "error: 'npm ci' failed: the npm registry must be reachable to install Lighthouse." >&2; exit 1; }
	touch $@

clean:
	rm -rf site site-offline dist .cache .pytest_cache

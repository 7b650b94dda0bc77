# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean vendor browser screenshots train

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Ingest the bundled examples into demo.db, then serve the explorer (DEMO_NO_SERVE=1 stops after the graph).
demo: install
	$(BIN)/coopgraph ingest examples/ --db demo.db
	$(BIN)/coopgraph stats --db demo.db
	@if [ -z "$(DEMO_NO_SERVE)" ]; then $(BIN)/coopgraph serve --db demo.db; fi

test: install browser
	$(BIN)/ruff check coopgraph tests benchmarks
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium; install it (and a CJK font for reports) when missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null; }; \
	  else echo "chromium not found: browser tests will be skipped"; fi; }

# Screenshots for the README, taken by the browser tests.
screenshots: install browser
	$(BIN)/python docs/screenshots.py --db demo.db --out docs/screenshots

# Front-end libraries come from npm; their built files are committed under coopgraph/web/static/vendor
# so that the wheel and `make demo` need no Node.js. Run this only to change their versions.
VENDOR := coopgraph/web/static/vendor
vendor:
	cd frontend && npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp frontend/node_modules/cytoscape/dist/cytoscape.min.js frontend/node_modules/d3-array/dist/d3-array.min.js \
	   frontend/node_modules/d3-geo/dist/d3-geo.min.js frontend/node_modules/topojson-client/dist/topojson-client.min.js \
	   frontend/node_modules/world-atlas/countries-50m.json $(VENDOR)/
	for p in cytoscape d3-array d3-geo topojson-client world-atlas; do cp frontend/node_modules/$$p/LICENSE* $(VENDOR)/LICENSE.$$p; done

# Rebuild the trained decisions (coopgraph/data/models/*.json) from the annotated corpus; deterministic.
train: install
	$(BIN)/coopgraph train

bench: install
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/ingest_scale.py --copies 20
	$(BIN)/python benchmarks/follow_speed.py --pages 2000 --ingest-pages 200

clean:
	rm -rf $(VENV) build *.egg-info demo.db demo.db-* frontend/node_modules

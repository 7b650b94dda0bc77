# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/coopgraph extract examples/ -o demo-records.jsonl
	$(BIN)/coopgraph summary demo-records.jsonl

test: install
	$(BIN)/ruff check coopgraph tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/ingest_scale.py --copies 20

clean:
	rm -rf $(VENV) build *.egg-info demo-records.jsonl

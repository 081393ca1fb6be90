# Two commands do all set-up on a fresh machine (see README.md):
#   make demo   install, then extract the design tokens of the bundled sample screenshot
#   make test   install everything the tests need, then run every test layer
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install demo test lint typecheck

$(BIN)/copy-that: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $(BIN)/copy-that

install: $(BIN)/copy-that

demo: install
	$(BIN)/copy-that extract examples/dashboard.png -o examples/dashboard.tokens.json
	$(BIN)/copy-that export examples/dashboard.tokens.json --format css

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

test: install
	bash scripts/ci-setup.sh
	$(MAKE) lint typecheck
	PYTEST=$(BIN)/pytest bash scripts/run-tests.sh

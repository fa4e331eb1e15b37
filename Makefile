# Two commands do all set-up on a machine with only Python 3.10+:
#   make demo   validate the example records and build the example catalogue
#   make test   ruff, mypy and the full test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all]"
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm not found: the accessibility (axe-core) browser tests will be skipped"; fi
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/nrr validate examples/records
	$(BIN)/nrr list examples/records
	$(BIN)/nrr build examples/records --out site-out --quiet
	@echo "Example catalogue built: run '$(BIN)/nrr serve examples/records' and open http://127.0.0.1:8000/"

lint: $(STAMP)
	$(BIN)/ruff format --check nrr_spec tests bench
	$(BIN)/ruff check nrr_spec tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

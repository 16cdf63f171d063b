PYTHON ?= python3
PORT ?= 8501

.PHONY: run test test-unit test-e2e bench dataset

## Start the dashboard on the embedded GeoPackage store (built on first run).
run:
	$(PYTHON) dashboard.py --server.port $(PORT)

## Every test: unit, AppTest and end-to-end in headless Chromium.
test:
	$(PYTHON) -m pytest -q

test-unit:
	$(PYTHON) -m pytest -q --ignore=tests/e2e

test-e2e:
	$(PYTHON) -m pytest -q tests/e2e

bench:
	$(PYTHON) scripts/benchmark.py

## Rebuild data/sites.csv from data/reference/*.csv and the boundary layers.
dataset:
	$(PYTHON) scripts/build_reference.py

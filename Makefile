PYTHON ?= python3
PORT ?= 8501

.PHONY: run test test-fast test-e2e bench bench-priority bench-auth dataset

## Start the dashboard on the embedded GeoPackage store (built on first run).
run:
	$(PYTHON) dashboard.py --server.port $(PORT)

## Every test: unit, AppTest, the store suite on both backends, end-to-end in headless Chromium.
test:
	$(PYTHON) -m pytest -q

## Everything but the browser, PostgreSQL and the slow tests.
test-fast:
	$(PYTHON) -m pytest -q -m "not e2e and not postgis and not slow"

test-e2e:
	$(PYTHON) -m pytest -q -m e2e

bench:
	$(PYTHON) scripts/benchmark.py

## Priority scores at 5,000 and 50,000 sites, a plan of 30 sites, its visit list.
bench-priority:
	$(PYTHON) scripts/bench_priority.py

## Password guesses checked in 20 s with 1, 8 and 16 parallel attackers, on both backends.
bench-auth:
	$(PYTHON) scripts/bruteforce.py

## Rebuild data/sites.csv from data/reference/*.csv and the boundary layers.
dataset:
	$(PYTHON) -m geo build-reference

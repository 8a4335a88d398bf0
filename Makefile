# The two commands of a fresh machine: `make build` and `make test` (`make test-full` adds the large runs).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: build test test-full serve clean golden bench-serve bench bench-quick

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(PIP) install -r requirements.lock
	touch $@

$(VENV)/.test-installed: requirements-test.lock requirements.lock | $(VENV)/.runtime-installed
	$(PIP) install -r requirements-test.lock
	touch $@

## build: create .venv, install pinned dependencies, build the site into output/
build: $(VENV)/.runtime-installed
	$(BIN)/python build.py build

## test: the same venv plus test tools, then the suite without the large runs, on 2 worker processes
##       (pytest-xdist; at most 3 minutes on 2 cores)
test: $(VENV)/.runtime-installed $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 -m "not full"

## test-full: the same, then the whole suite including the tests marked `full`
##            (SIGKILLed builds, long fuzzing, many pages; what .ci/run calls)
test-full: $(VENV)/.runtime-installed $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2

## golden: regenerate the golden pages of tests/golden after a deliberate change (review the diff!)
golden: $(VENV)/.test-installed
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf output .cache .output.standby .output.aside .output.journal*

## serve: preview with live reload on http://127.0.0.1:8000/
serve: $(VENV)/.runtime-installed
	$(BIN)/python build.py serve

## bench-serve: save → reloaded page latency (median of 10) on the sample site and on 1,000 articles
bench-serve: $(VENV)/.test-installed
	$(BIN)/python -m bench.serve_latency --saves 10
	$(BIN)/python -m bench.serve_latency --corpus 1000 --saves 10

$(VENV)/.bench-installed: requirements-bench.lock requirements-test.lock requirements.lock | $(VENV)/.test-installed
	$(PIP) install -r requirements-bench.lock
	touch $@

## bench: ours vs Hugo (with and without its related block) vs Pelican on 1,000 (5 pairs) and 10,000 (3 pairs) articles, ours at 50,000, the features variant → BENCHMARKS.md (about 45 minutes)
bench: $(VENV)/.test-installed $(VENV)/.bench-installed
	$(BIN)/python -m bench.compare

## bench-quick: the same on 1,000 articles only, with the features variant (about 6 minutes)
bench-quick: $(VENV)/.test-installed $(VENV)/.bench-installed
	$(BIN)/python -m bench.compare --quick

# The two commands of the README, and the steps they rest on.
# Both create the virtual environment and install what they need on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What building needs (requirements.txt), and on top of it what the tests need (requirements-dev.txt):
# `make site` installs only the first.
STAMP := $(VENV)/.site-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# The benchmark's optional Hugo, for `make test` (its test builds with Hugo too) and `make bench`.
BENCH_STAMP := $(VENV)/.bench-$(shell cat benchmarks/requirements.txt 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: site serve check test test-deps lint clean install install-dev linkcheck bench

site: $(STAMP)  ## build the site into _site/
	$(PY) build.py build

serve: $(STAMP)  ## build, serve on http://127.0.0.1:8000 and reload on change
	$(PY) build.py serve

check: $(STAMP)  ## validate the content only
	$(PY) build.py check

test: $(DEV_STAMP) $(BENCH_STAMP) test-deps  ## lint, type-check and run the whole test suite
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) build.py check
	$(PY) -m pytest -n 2  # both cores: the suite takes about 3 minutes here, 6 on one

linkcheck: $(STAMP)  ## check every link of the built site in _site/ (run `make site` first)
	$(PY) build.py linkcheck

bench: $(STAMP) $(BENCH_STAMP)  ## time a clean build beside Hugo's on 1,000 generated articles (README, Performance)
	$(PY) benchmarks/compare.py

test-deps:  ## chromium, Java and the npm test tools (axe-core, vnu-jar), installed where possible
	sh scripts/test-deps.sh

install: $(STAMP)  ## create .venv and install what building needs (requirements.txt)

install-dev: $(DEV_STAMP)  ## also install what the tests need (requirements-dev.txt)

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.site-* $(VENV)/.installed-*
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.dev-*
	touch $@

$(BENCH_STAMP): $(DEV_STAMP) benchmarks/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	rm -f $(VENV)/.bench-*
	touch $@

clean:
	rm -rf _site ._site.spare .venv .mypy_cache .pytest_cache .ruff_cache node_modules

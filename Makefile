# The two commands of the README:
#   make lab    start JupyterLab on 127.0.0.1 with the extension installed (local site)
#   make test   run every test: lint, pytest, jest, galata (newest and oldest JupyterLab)
# Everything installs into ./.venv and ./node_modules; stamps skip work that is already done.

SHELL := /bin/bash
VENV := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# The labextension is built by `jlpm` below, not inside pip's isolated build.
export HATCH_JUPYTER_BUILDER_SKIP_NPM := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed
UI_STAMP := ui-tests/node_modules/.installed
# Kernels whose environment lacks this package (tests of the delivered agent).
KERNEL_ENVS_STAMP := .venv-kernels/.built
BUILD_STAMP := jupyterlab_dask_clusters/labextension/package.json
SOURCES := $(shell find src style schema -type f 2>/dev/null) package.json tsconfig.json

# The oldest JupyterLab and Notebook we support (package.json's ranges start at 4.0) with this
# package at the oldest Python and distributed pyproject.toml allows, in a venv of their own.
OLDEST_VENV := .venv-oldest
OLDEST_STAMP := $(OLDEST_VENV)/.installed
OLDEST_PYTHON_VERSION := 3.10
OLDEST_PINS := jupyterlab~=4.0.0 notebook~=7.0.0 distributed~=2024.1.0

.PHONY: lab test install build lint docs test-python test-js test-ui test-oldest bench screenshots clean kernel-envs

install: $(PY_STAMP) $(BUILD_STAMP)

# pip installing again into a venv linked by `labextension develop` writes install.json through
# the link into the build; then every later wheel build (.venv-oldest's) fails on the second copy.
STRAY_INSTALL_JSON := jupyterlab_dask_clusters/labextension/install.json

$(PY_STAMP): pyproject.toml
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q -U pip
	rm -f $(STRAY_INSTALL_JSON)
	$(VENV)/bin/python -m pip install -q -e ".[test,docs]"
	rm -f $(STRAY_INSTALL_JSON)
	touch $@

$(JS_STAMP): package.json yarn.lock $(PY_STAMP)
	jlpm install --immutable
	touch $@

$(BUILD_STAMP): $(JS_STAMP) $(SOURCES)
	jlpm build
	jupyter labextension develop . --overwrite
	touch $@

$(UI_STAMP): ui-tests/package.json ui-tests/yarn.lock $(PY_STAMP)
	cd ui-tests && jlpm install --immutable
	touch $@

build: $(BUILD_STAMP)

$(KERNEL_ENVS_STAMP): jupyterlab_dask_clusters/tests/kernel_envs.py jupyterlab_dask_clusters/supported.py $(PY_STAMP)
	python -m jupyterlab_dask_clusters.tests.kernel_envs
	touch $@

kernel-envs: $(KERNEL_ENVS_STAMP)

# The labextension is linked (develop), so the smoke test runs this checkout's build.
$(OLDEST_STAMP): pyproject.toml $(PY_STAMP) $(KERNEL_ENVS_STAMP)
	$$(python -m jupyterlab_dask_clusters.tests.kernel_envs --python $(OLDEST_PYTHON_VERSION)) -m venv --clear $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/python -m pip install -q -U pip
	rm -f $(STRAY_INSTALL_JSON)
	$(OLDEST_VENV)/bin/python -m pip install -q -e . $(OLDEST_PINS)
	rm -f $(STRAY_INSTALL_JSON)
	$(OLDEST_VENV)/bin/jupyter labextension develop . --overwrite
	touch $@

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)

lab: install
	jupyter lab --ServerApp.ip=127.0.0.1 $(ALLOW_ROOT)

lint: $(PY_STAMP) $(JS_STAMP)
	ruff check jupyterlab_dask_clusters bench ui-tests docs
	ruff format --check jupyterlab_dask_clusters bench ui-tests docs
	jlpm lint:check

# The docs site, from docs/ into docs/_build/html: warnings are errors, every cross-reference
# must resolve (-n), offline. The pages' runnable blocks are run by pytest (test_docs_blocks.py).
docs: $(PY_STAMP)
	python -m sphinx -b html -E -W --keep-going -n -q docs docs/_build/html
	@echo "docs: file://$(CURDIR)/docs/_build/html/index.html"

test-python: install kernel-envs
	python -m pytest -q -p no:cacheprovider

test-js: $(JS_STAMP)
	jlpm test

test-ui: install $(UI_STAMP) kernel-envs
	scripts/ensure-chromium
	cd ui-tests && jlpm playwright test
	cd ui-tests && jlpm playwright test --config notebook7/playwright.config.js

# The other end: the oldest JupyterLab (ui-tests/oldest, with the oldest kernel the delivered
# agent supports) and the oldest Notebook (the Notebook 7 spec, with .venv-oldest's own kernel:
# the installed agent on the oldest Python and distributed); both must list us as compatible.
test-oldest: install $(UI_STAMP) kernel-envs $(OLDEST_STAMP)
	scripts/ensure-chromium
	@listed=$$($(OLDEST_VENV)/bin/jupyter labextension list 2>&1); \
	  echo "$$listed" | grep 'jupyterlab-dask-clusters v.*enabled.*OK' \
	  || { echo "$$listed"; echo "labextension list: not 'enabled OK' on the oldest JupyterLab"; exit 1; }
	cd ui-tests && jlpm playwright test --config oldest/playwright.config.js
	cd ui-tests && NOTEBOOK_PYTHON=$(CURDIR)/$(OLDEST_VENV)/bin/python \
	  jlpm playwright test --config notebook7/playwright.config.js

# The tallgrass tests need a single-node Slurm (scripts/slurm): started for the tests that use
# it, stopped after them (unless it was already running), whatever their outcome.
test: lint test-js docs
	@up=$$(scripts/slurm status >/dev/null 2>&1 && echo yes); \
	scripts/slurm start || echo "No Slurm here: its tests skip (they fail under CI)."; \
	status=0; $(MAKE) test-python test-ui test-oldest || status=$$?; \
	[ -n "$$up" ] || scripts/slurm stop; exit $$status

# The docs' pictures (docs/images/), taken by the galata specs that show them (the Slurm one
# needs scripts/slurm running).
SCREENSHOT_SPECS := tests/local-cluster.spec.ts tests/gateway.spec.ts tests/slurm.spec.ts
screenshots: install $(UI_STAMP) kernel-envs
	scripts/ensure-chromium
	cd ui-tests && DOCS_SCREENSHOTS=1 jlpm playwright test $(SCREENSHOT_SPECS)

bench: install kernel-envs $(UI_STAMP)
	scripts/ensure-chromium
	python bench/run.py

clean:
	jlpm clean:all || true
	rm -rf $(VENV) $(OLDEST_VENV) .venv-kernels node_modules ui-tests/node_modules docs/_build

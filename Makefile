# The README's two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.duikou-installed
SOURCES := $(shell find cpp bindings python $(wildcard cmake) -type f -not -name '*.so' -not -path '*/__pycache__/*') \
           CMakeLists.txt setup.py pyproject.toml
TEST_BUILD := build/tests
JOBS ?= $(shell nproc)

.PHONY: all setup deps demo test test-cpp test-python clean

all: demo

deps:
	@bash tools/install-deps.sh

$(PY): | deps
	$(PYTHON) -m venv --system-site-packages $(VENV)

# Rebuilds (incrementally, in build/python) only when a source changed.
$(INSTALLED): $(SOURCES) | $(PY)
	$(PY) -m pip install --no-build-isolation --no-deps --no-index --disable-pip-version-check -q .
	@touch $@

setup: deps $(INSTALLED)

demo: setup
	$(VENV)/bin/duikou report

test: setup
	cmake -S . -B $(TEST_BUILD) -G Ninja -DDUIKOU_BUILD_TESTS=ON -DDUIKOU_BUILD_PYTHON=OFF \
	      -DPython_EXECUTABLE=$(abspath $(PY)) > /dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure -j 2

clean:
	rm -rf build $(VENV) python/duikou/*.so

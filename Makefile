# HEROES toolkit. `make demo` and `make test` work on a fresh Debian 12 machine: they create .venv, install the
# Python packages pinned with hashes in requirements/*.lock and, when missing, the Debian packages (needs root or
# sudo). `make lock` refreshes the locks from the ranges in pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# libmagic1: file types; ffmpeg + libav*-dev + pkg-config: vpdq (video hashes) builds against them;
# fonts-lohit-beng-bengali: Bengali text in the printed handouts (PDF) and pages;
# postgresql: the store tests run against a real server; chromium: the dashboard's browser tests;
# tesseract-ocr + language data: job ads posted as pictures (heroes jobs check flyer.png); the DejaVu and Bengali
# fonts also render the job tests' pictures; hashdeep and wrk: benchmark anchors and load
APT_VIDEO := ffmpeg pkg-config libavdevice-dev libavfilter-dev libavformat-dev libavcodec-dev libswresample-dev \
	libswscale-dev libavutil-dev
APT_OCR  := tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa tesseract-ocr-ben
APT_RUN  := libmagic1 fonts-lohit-beng-bengali $(APT_VIDEO) $(APT_OCR)
APT_TEST := $(APT_RUN) postgresql-15 chromium fonts-dejavu-core
APT_BENCH := $(APT_TEST) hashdeep time wrk

RUN_LOCK  := requirements/run.lock
TEST_LOCK := requirements/test.lock
UV_VERSION := 0.13.9
# pip installs exactly the locked, hash-checked set; the project itself goes in editable, without dependencies
PIP_LOCKED = $(BIN)/pip install -q --require-hashes -r

.PHONY: demo test bench lint lock screenshots clean apt-run apt-test apt-bench

define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
endef

apt-run:
	$(call apt_install,$(APT_RUN))
apt-test:
	$(call apt_install,$(APT_TEST))
apt-bench:
	$(call apt_install,$(APT_BENCH))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run: $(BIN)/python $(RUN_LOCK) pyproject.toml
	$(PIP_LOCKED) $(RUN_LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: $(BIN)/python $(TEST_LOCK) pyproject.toml
	$(PIP_LOCKED) $(TEST_LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.run

lock: $(BIN)/python
	$(BIN)/pip install -q uv==$(UV_VERSION)
	$(BIN)/uv pip compile -q pyproject.toml --extra test --generate-hashes --python-version 3.11 --upgrade \
		-o $(TEST_LOCK)
	$(BIN)/uv pip compile -q pyproject.toml --extra all --generate-hashes --python-version 3.11 -c $(TEST_LOCK) \
		-o $(RUN_LOCK)

demo: apt-run $(VENV)/.run
	$(BIN)/heroes demo --out demo-case

test: apt-test $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

bench: apt-bench $(VENV)/.test
	$(BIN)/python bench/run_bench.py

screenshots: apt-test $(VENV)/.test
	HEROES_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -q tests/web/test_web_browser.py \
		tests/web/test_learn_browser.py tests/web/test_web_referrals_browser.py

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo-case out bench-data .pytest_cache .ruff_cache .mypy_cache

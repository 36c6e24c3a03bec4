# HEROES toolkit. `make demo` and `make test` work on a fresh Debian 12 machine: they create .venv, install the
# Python packages and, when missing, the Debian packages (needs root or sudo).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# libmagic1: file types; ffmpeg + libav*-dev + pkg-config: vpdq (video hashes) builds against them;
# postgresql: the store tests run against a real server; chromium: the dashboard's browser tests;
# hashdeep and wrk: benchmark anchors and load
APT_RUN  := libmagic1
APT_VIDEO := ffmpeg pkg-config libavdevice-dev libavfilter-dev libavformat-dev libavcodec-dev libswresample-dev \
	libswscale-dev libavutil-dev
APT_TEST := libmagic1 postgresql-15 chromium $(APT_VIDEO)
APT_BENCH := $(APT_TEST) hashdeep time wrk

.PHONY: demo test bench lint screenshots clean apt-run apt-test apt-bench

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

$(VENV)/.run: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: apt-run $(VENV)/.run
	$(BIN)/heroes demo --out demo-case

test: apt-test $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

bench: apt-bench $(VENV)/.test
	$(BIN)/python bench/run_bench.py

screenshots: apt-test $(VENV)/.test
	HEROES_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -q tests/web/test_web_browser.py

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) demo-case out bench-data .pytest_cache .ruff_cache

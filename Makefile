# Two entry points for a fresh machine: `make run` starts the desktop app, `make test` runs
# every test headless. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Command-line tools the tests use to check our output the way outsiders would, and Xvfb
# with x11-utils to open the real window on Qt's xcb platform (executable:debian-package).
TEST_TOOLS := pdftotext:poppler-utils minisign:minisign exiftool:libimage-exiftool-perl \
	Xvfb:xvfb xwininfo:x11-utils xprop:x11-utils

.PHONY: run test lint typecheck pytest system-deps qt-deps clean

run: $(STAMP) qt-deps
	$(BIN)/python main.py

test: $(STAMP) system-deps qt-deps lint typecheck pytest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create .venv: on Debian or Ubuntu, sudo apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@missing=""; for pair in $(TEST_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Qt's xcb platform plugin needs system libraries (libxcb-cursor0 and friends) that its wheel
# does not ship: install them, or name them in one line and stop.
qt-deps: $(STAMP)
	@sh installers/qt-system-deps.sh $(BIN)/python

lint: $(STAMP)
	$(BIN)/ruff check evidence_app tests benchmarks installers main.py
	$(BIN)/ruff format --check evidence_app tests benchmarks installers main.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

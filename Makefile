# The two everyday commands:
#   make site   set up .venv, check the demo data and build the site into site/
#   make test   set up .venv and the browser, then run the whole test suite
# While working:
#   make test-fast   lint, types and every test that opens no browser and builds no full site
#   make golden      rewrite tests/golden/ after an intended change of the outputs
#   make screenshots refresh the README's pictures of the demo (needs the test browser)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Debian packages the tests use: Chromium (browser tests), poppler (PDF text), Pango (PDF letters)
SYSTEM_PACKAGES = chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test test-fast golden lint types schema serve system-deps clean screenshots

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/playbook check
	$(BIN)/playbook build

serve: $(BIN)/.installed
	$(BIN)/playbook serve

system-deps:
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test: $(BIN)/.installed system-deps
	$(BIN)/ruff check generator tests bench screenshots
	$(BIN)/mypy
	$(BIN)/pytest

test-fast: $(BIN)/.installed
	$(BIN)/ruff check generator tests bench screenshots
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not browser and not slow"

golden: $(BIN)/.installed
	PLAYBOOK_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

screenshots: $(BIN)/.installed system-deps
	$(BIN)/python screenshots/take.py

lint: $(BIN)/.installed
	$(BIN)/ruff check generator tests bench screenshots

types: $(BIN)/.installed
	$(BIN)/mypy

schema: $(BIN)/.installed
	$(BIN)/playbook schema --output playbook/schema.json

clean:
	rm -rf site .playbook-cache test-output

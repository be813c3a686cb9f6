# graphgov: `make demo` and `make test` set everything up on a fresh machine.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin

.PHONY: demo test lint fonts java chromium bench clean

demo: $(VENV)/.installed fonts
	$(BIN)/graphgov demo --out out/

test: $(VENV)/.installed-test fonts java chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -ra

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Charts label Chinese place names: without a CJK font they would draw empty boxes.
fonts:
	@if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing a CJK font for the charts (Debian fonts-wqy-microhei)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; \
	  else \
	    echo "No CJK font found: install one, e.g. 'sudo apt-get install fonts-wqy-microhei' (or fonts-noto-cjk)"; exit 1; \
	  fi; \
	fi

# The Neo4j tests run a real Neo4j server fetched from Maven Central: Java 17/21 and Maven.
java:
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Java 17 and Maven for the local Neo4j server..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven >/dev/null; \
	  else \
	    echo "Neo4j needs Java 17 and Maven: install them, e.g. 'sudo apt-get install openjdk-17-jre-headless maven'"; exit 1; \
	  fi; \
	fi

# The browser tests open report.html in headless Chromium: Playwright drives the system's
# Chromium (Debian's chromium package), not a browser of its own download.
chromium:
	@if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (Debian chromium)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install it, e.g. 'sudo apt-get install chromium' (Ubuntu: chromium-browser)"; exit 1; \
	  fi; \
	fi

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_generate.py

clean:
	rm -rf out/ .pytest_cache build *.egg-info

# Two commands on a fresh machine: `make run` and `make test`. Everything they need is
# installed here from the lock file (uv.lock), into .venv, with Python 3.11+ and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8

# No network but the package registries: never let uv fetch a Python, never phone home.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DAGSTER_HOME ?= $(CURDIR)/.dagster
# The environment's tools first: `dagster dev` runs `dbt parse` by name.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup run test dev bench lint clean browser clients sql docs
.PHONY: service service-stop postgres

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The stamp is newer than the lock once the environment matches it.
$(VENV)/.synced: uv.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python
	touch $@

# Bytecode for every installed module, once: where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise compile Dagster, dbt and pandas again in every process (measured: about
# a third of a warm `make run`, docs/DESIGN.md "Performance"). Written next to the
# sources in .venv only, never into the worktree.
$(VENV)/.compiled: $(VENV)/.synced
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster_home.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster_home.yaml $@

# dbt's manifest is what @dbt_assets reads at import time; the parse state is what every
# run's dbt starts from (dagster_project/transform/dbt_child.py names the build file to
# dbt by its name alone, as here), kept as a copy of its own, since `dagster dev` and a
# dbt run by hand in dbt/ write partial_parse.msgpack with another profile.
dbt/target/parse_state.msgpack: $(VENV)/.synced $(shell find dbt -name '*.sql' -o -name '*.yml' 2>/dev/null | grep -v '^dbt/target')
	cd dbt && ICT_BUILD_DB=warehouse.building.duckdb ../$(BIN)/dbt parse --quiet --profiles-dir . --project-dir .
	cp dbt/target/partial_parse.msgpack $@

setup: $(VENV)/.synced $(VENV)/.compiled $(DAGSTER_HOME)/dagster.yaml dbt/target/parse_state.msgpack

run: setup
	$(BIN)/python -m dagster_project.cli run

# Two workers (pytest-xdist) on two cores: a pipeline run keeps about one core busy, so
# more workers than cores only slow each other. Each module stays on one worker
# (--dist loadfile), so its module-scoped runs happen once (docs/DESIGN.md "Tests").
TEST_WORKERS ?= 2
test: setup browser clients postgres
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

dev: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# Not part of `make test`: minutes of work at national scale. BENCH_ARGS="--scale 0.1"
# for a quick look, "--cases rows_10m" for the 10-million-row case.
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint dbt

# Chromium for the UI test comes from Debian, never from a test tool's own download.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test (tests/ui)"; \
	    { apt-get -o DPkg::Lock::Timeout=300 update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null; } || \
	      echo "apt-get could not install chromium: the browser test will be skipped (under CI=true it fails)"; \
	  else echo "chromium not installed, and not root with apt-get: the browser test will be skipped (under CI=true it fails)"; fi; }

# PostgreSQL for service mode and its tests comes from Debian (a server of our own is
# started on a folder of ours, never the package's cluster: dagster_project/service/).
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's postgresql for service mode (tests/service)"; \
	    { apt-get -o DPkg::Lock::Timeout=300 update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >/dev/null; } || \
	      echo "apt-get could not install postgresql: the service tests will be skipped (under CI=true they fail)"; \
	  else echo "postgresql not installed, and not root with apt-get: the service tests will be skipped (under CI=true they fail)"; fi; }

# Service mode (README, "Service mode"): PostgreSQL, the Dagster daemon and the
# webserver, each a process of its own under .service/ (ICT_SERVICE_DIR);
# `make service-stop` ends exactly those, by the PIDs they recorded.
service: setup postgres
	$(BIN)/python -m dagster_project.service.control start

service-stop:
	$(BIN)/python -m dagster_project.service.control stop

# Other DuckDB clients, apart from the project's own: the newest CLI on PyPI (the one
# `make sql` opens) and a DuckDB 1.4 LTS Python, for the test that the published file
# opens in them (tests/integration/test_any_client.py). Resolved from PyPI once, then kept.
CLIENTS := .venv-clients
CLIENT_PACKAGES := duckdb-cli==1.5.6 'duckdb==1.4.*'

$(CLIENTS)/.installed: Makefile
	rm -rf $(CLIENTS)
	$(PYTHON) -m venv $(CLIENTS)
	$(CLIENTS)/bin/python -m pip install --quiet --disable-pip-version-check $(CLIENT_PACKAGES)
	touch $@

clients: $(CLIENTS)/.installed

# The DuckDB CLI, read-only, on the published warehouse; Q="select …" runs one query.
WAREHOUSE := $(or $(ICT_WAREHOUSE),data/warehouse.duckdb)
sql: clients
	@test -f "$(WAREHOUSE)" || { echo "no warehouse at $(WAREHOUSE): run 'make run' first" >&2; exit 1; }
	@if [ -n "$(Q)" ]; then $(CLIENTS)/bin/duckdb -readonly "$(WAREHOUSE)" -c "$$Q"; \
	else $(CLIENTS)/bin/duckdb -readonly "$(WAREHOUSE)"; fi

# The data dictionary, from the published warehouse: dbt's static site (with the
# catalogue, read from a copy, since dbt opens its database for writing) and the one-page
# Vietnamese/English dictionary of the marts and indicators.
DOCS_DIR := $(dir $(WAREHOUSE))docs
docs: setup
	@test -f "$(WAREHOUSE)" || { echo "no warehouse at $(WAREHOUSE): run 'make run' first" >&2; exit 1; }
	mkdir -p "$(DOCS_DIR)"
	cp "$(WAREHOUSE)" "$(DOCS_DIR)/catalog.duckdb"
	cd dbt && ICT_BUILD_DB="$(abspath $(DOCS_DIR))/catalog.duckdb" ../$(BIN)/dbt docs generate \
	  --static --quiet --profiles-dir . --project-dir . --target-path "$(abspath $(DOCS_DIR))"
	rm -f "$(DOCS_DIR)/catalog.duckdb"
	$(BIN)/python -m dagster_project.report.dictionary --manifest "$(DOCS_DIR)/manifest.json" \
	  --warehouse "$(WAREHOUSE)" --out "$(DOCS_DIR)/dictionary.html"
	@echo "dbt's site: $(DOCS_DIR)/static_index.html (one file; or index.html with catalog.json)"
	@echo "dictionary: $(DOCS_DIR)/dictionary.html"

clean:
	rm -rf data reports dbt/target dbt/logs .dagster

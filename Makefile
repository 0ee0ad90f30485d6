# Ratusz — the two commands a newcomer needs:
#   make run    create .venv, install, migrate, load the demo site, serve http://127.0.0.1:8000/ (SQLite)
#   make test   the whole suite (tests needing PostgreSQL, Redis or a browser skip with a reason)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run serve install install-dev migrate demo test lint check-migrations check-deploy worker beat messages bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Ratusz needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two pytest-xdist workers, each with its own test database and Redis databases (cms/settings/test.py);
# the browser tests stay together on one worker (tests/conftest.py). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Validate a production configuration: deploy/ files + `manage.py check --deploy` with cms.settings.production
# and only the variables of ENV_FILE (docs/deploy.md). make check-deploy ENV_FILE=/etc/ratusz/ratusz.env
ENV_FILE ?= /etc/ratusz/ratusz.env
check-deploy: install
	bash deploy/check_deploy.sh $(ENV_FILE)

worker: install
	$(BIN)/celery -A cms worker --loglevel=INFO

beat: install
	$(BIN)/celery -A cms beat --loglevel=INFO

bench: install-dev
	bash bench/run.sh

clean:
	rm -rf var/ $(VENV)

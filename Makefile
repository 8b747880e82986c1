# The two commands a newcomer needs: `make run` and `make test`.
PY := .venv/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: venv run demo test lint
venv:
	@scripts/bootstrap

demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_source fixtures/sources/*
	$(PY) manage.py create_demo_accounts

run: demo
	$(PY) manage.py runserver $(ADDR)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .

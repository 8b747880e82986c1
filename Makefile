# The two commands a newcomer needs: `make run` and `make test`.
PY := .venv/bin/python
ADDR ?= 127.0.0.1:8000
# gunicorn's usual advice: two workers per core, plus one.
WORKERS ?= $(shell echo $$((2 * $$(nproc) + 1)))

.PHONY: venv run demo serve worker test lint
venv:
	@scripts/bootstrap

demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_source fixtures/sources/*
	$(PY) manage.py create_demo_accounts

# The import worker runs beside the development server and stops with it (a background job of
# a non-interactive shell ignores Ctrl+C, hence the trap).
run: demo
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(ADDR)

# Production: settings come from the environment (DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
# DATABASE_URL...; see README "Running in production"). `check --deploy` prints any warning.
serve: venv
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec .venv/bin/gunicorn quizsite.wsgi --workers $(WORKERS) --bind $(ADDR) --access-logfile -

# Production runs this as a service of its own beside `make serve`: it imports uploaded
# articles and sends password-reset mail (see README "The import worker").
worker: venv
	exec $(PY) manage.py db_worker --no-reload

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .

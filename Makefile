# resbid: `make run` to try it, `make test` to check it. Needs only python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
INSTALLED := $(VENV)/.installed

.PHONY: run test bench setup translations migrate demo clean

run: demo
	@echo "resbid is serving on http://127.0.0.1:5000 (Ctrl+C stops it)"
	SESSION_COOKIE_SECURE=0 $(FLASK) run --host 127.0.0.1 --port 5000

# The suite spread over the CPUs by pytest-xdist (tests/conftest.py caps `auto`), each test module kept in one worker
# so a module's shared set-up (a demo database, rendered PDFs) is built once, the browser walks first
# (tests/conftest.py says why). `make test PARALLEL=` runs it in one process; a plain
# `.venv/bin/pytest tests/web/test_x.py` always does.
PARALLEL ?= -n auto --dist loadfile --no-loadscope-reorder

test: demo
	$(BIN)/ruff check --quiet .
	$(BIN)/pytest $(PARALLEL)

bench: setup
	$(BIN)/python -m benchmarks

# The project's bytecode is compiled here, as installing a package compiles a library's: with PYTHONDONTWRITEBYTECODE
# set (as in many containers) Python would otherwise compile every module again at each start, about 0.3 s of
# every command. Only changed files are compiled again.
SOURCES := wsgi.py app scoring workbooks tender_files sandbox migrations

setup: $(INSTALLED) translations
	$(BIN)/python -m compileall -q $(SOURCES)

# The message catalogues (app/translations/*/LC_MESSAGES/messages.po) compiled to the .mo files Flask-Babel reads.
translations: $(INSTALLED)
	$(BIN)/pybabel -q compile -d app/translations

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

migrate: setup
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

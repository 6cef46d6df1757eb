# West Bund Talent Hub: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/westbund_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1

.PHONY: chaos run test test-sqlite bench bench-notify bench-db install install-dev messages makemessages lint format check-migrations check-deploy ci-checks clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed-base
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=staticfiles -v 0

makemessages: $(VENV)/.installed-base
	$(MANAGE) makemessages -l zh_Hans --ignore=$(VENV) --ignore=staticfiles --ignore=media --no-obsolete

run: install messages
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install-dev messages
	$(PY) -m pytest --output=test-results --screenshot=only-on-failure --full-page-screenshot $(PYTEST_ARGS)

# The suite on the embedded defaults of `make run` (SQLite), which CI's PostgreSQL run
# cannot see: the browser tests and the PostgreSQL-only ones are left to `make test`.
test-sqlite: install-dev messages
	env -u DATABASE_URL -u REQUIRE_SERVICES $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	$(MANAGE) makemigrations --check --dry-run

check-deploy: install
	DJANGO_ENV=production DJANGO_ALLOW_ASYNC_UNSAFE= \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=talent.westbund.example \
	$(MANAGE) check --deploy --fail-level WARNING

ci-checks: lint check-migrations check-deploy

BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) DJANGO_DEBUG=false
BENCH_SECONDS ?= 10

bench-db: install messages
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -tc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
	  || psql "$(dir $(BENCH_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	$(BENCH_ENV) $(MANAGE) migrate --no-input -v 0

# Notification delivery through one real worker on Redis (PostgreSQL, Redis running).
bench-notify: bench-db
	$(BENCH_ENV) $(MANAGE) bench_notifications

# The portal at scale (100k professionals, 2k roles, 1M applications; PostgreSQL, Redis
# and wrk): admin changelist medians, then each page under gunicorn + wrk.
bench: bench-db
	$(BENCH_ENV) $(MANAGE) seed_demo > /dev/null
	$(BENCH_ENV) $(MANAGE) seed_scale --if-missing
	$(BENCH_ENV) $(MANAGE) bench_admin --markdown bench-results.md
	$(BENCH_ENV) $(MANAGE) bench_http --duration $(BENCH_SECONDS) --markdown bench-results-http.md \
	  --page "home=/" --page "home zh=/zh-hans/" --page "job board=/jobs/" \
	  --page "search=/jobs/?q=multimodal" --page "search zh=/zh-hans/jobs/?q=%E5%A4%9A%E6%A8%A1%E6%80%81" \
	  --page "role page=/jobs/{role}/" --page "enterprises=/enterprises/" \
	  --page "policies=/services/policies/" \
	  --page "my hub=/me/@professional" --page "my applications=/me/applications/@professional" \
	  --page "workspace applicants=/workspace/aurora-foundation-models/applicants/@recruiter" \
	  --page "talent pool=/workspace/aurora-foundation-models/talent-pool/@recruiter" \
	  --page "talent pool search zh=/zh-hans/workspace/aurora-foundation-models/talent-pool/?q=%E9%A2%84%E8%AE%AD%E7%BB%83+%E5%A4%A7%E6%A8%A1%E5%9E%8B@recruiter" \
	  --page "pipeline board=/workspace/aurora-foundation-models/applicants/board/@recruiter" \
	  --page "interviews=/workspace/aurora-foundation-models/interviews/@recruiter" \
	  --page "work-permit check=/services/work-permit/@professional" \
	  --page "admin profiles=/admin/talent/talentprofile/@officer" \
	  --page "admin applications=/admin/talent/application/@officer" \
	  --page "analytics=/admin/analytics/@officer" --page "hub in numbers=/hub-in-numbers/"

# Faults on a real stack of its own (gunicorn, Celery worker and beat, Redis, SMTP sink,
# a TCP proxy before PostgreSQL), all on loopback; a few minutes. See `manage.py chaos -h`.
CHAOS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/westbund_chaos
CHAOS_REDIS_PORT ?= 6395

chaos: install-dev messages
	DATABASE_URL=$(CHAOS_DATABASE_URL) REDIS_URL=redis://127.0.0.1:$(CHAOS_REDIS_PORT)/0 \
	  DJANGO_DEBUG=false DJANGO_LOG_LEVEL=WARNING $(MANAGE) chaos --redis-port $(CHAOS_REDIS_PORT)

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache .ruff_cache bench-results*.md

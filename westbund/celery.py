"""The Celery app: configured from Django settings (``CELERY_*``), tasks from each app's
``tasks.py``."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westbund.settings")

app = Celery("westbund")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
@signals.beat_init.connect
def _background_database_limits(**_kwargs):
    # A worker or beat process is background work: the web's statement timeout would
    # cut off long digests and sweeps (westbund/core/db.py). Sent before the pool
    # forks, so the children inherit it.
    from westbund.core.db import use_background_statement_timeout

    use_background_statement_timeout()


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_database_connections(sender=None, **_kwargs):
    # A worker task is a request as far as the database goes: keep the connection
    # (CELERY_DB_REUSE_MAX stops Celery's fix-up closing it each time), but drop it once
    # it is older than CONN_MAX_AGE or broken, and health-check it before the next
    # query (CONN_HEALTH_CHECKS), so a database restart costs a reconnect, not a task.
    # Not for eager tasks: they run inside the caller's request or transaction.
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()

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

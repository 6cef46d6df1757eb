"""Database limits by kind of process: web requests are bounded, background work is not.

``settings.py`` gives every PostgreSQL connection a connect timeout and, in web
processes, a short ``statement_timeout``. Celery's worker and beat start as "web" as far
as settings know (they import the same package), so they call
``use_background_statement_timeout`` when they start: long digests and sweeps must not
be cut off by a limit meant for page views.
"""

from django.conf import settings
from django.db import connections


def statement_timeout_option(milliseconds: int) -> str:
    return f"-c statement_timeout={int(milliseconds)}"


def use_background_statement_timeout() -> None:
    """From now on this process connects with the background statement timeout."""
    option = statement_timeout_option(settings.DB_BACKGROUND_STATEMENT_TIMEOUT_MS)
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        # settings_dict is the dict in settings.DATABASES: the change reaches every
        # connection opened later, in this thread or another, and forked children.
        connection.settings_dict.setdefault("OPTIONS", {})["options"] = option
        connection.close()

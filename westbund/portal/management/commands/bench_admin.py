"""Time the officers' admin changelists on the data in the database (median of
several requests each, in-process, as the demo officer after two-factor sign-in),
with the number of SQL queries and the slowest query. Run by ``make bench`` after
``seed_scale``."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from westbund.portal.benchtools import demo_session_key

CHANGELISTS = (
    ("profiles", "/admin/talent/talentprofile/"),
    ("profiles waiting", "/admin/talent/talentprofile/?review_state__in=submitted,in_review"),
    ("profiles C9 + PhD", "/admin/talent/talentprofile/?c9=yes&highest_degree__exact=phd"),
    ("profiles search", "/admin/talent/talentprofile/?q=wang"),
    ("applications", "/admin/talent/application/"),
    ("applications interview", "/admin/talent/application/?stage__exact=interview"),
    ("profiles assigned to me", "/admin/talent/talentprofile/?mine=yes"),
    (
        "profiles specialty + nationality",
        "/admin/talent/talentprofile/?specialty=nlp&nationality=CN",
    ),
    ("profiles search e-mail", "/admin/talent/talentprofile/?q=someone%40example.com"),
    ("applications search", "/admin/talent/application/?q=zhang"),
    ("applications C9 + specialty", "/admin/talent/application/?c9=yes&specialty=multimodal"),
    ("applications of a role", "/admin/talent/application/?role=1"),
    ("roles waiting", "/admin/enterprises/pendingrole/"),
    ("roles", "/admin/enterprises/role/"),
    ("enterprises", "/admin/enterprises/enterprise/"),
    ("service requests", "/admin/services/servicerequest/"),
    ("notifications", "/admin/notifications/notification/"),
    ("admin home", "/admin/"),
    ("analytics", "/admin/analytics/"),
    ("analytics all time, phase 2", "/admin/analytics/?period=all&phase=2"),
)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--markdown", help="also write the table to this file")

    def handle(self, *args, repeat, markdown=None, **options):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = demo_session_key("officer")
        rows = []
        for label, path in CHANGELISTS:
            client.get(path)  # warm caches and connections
            # Rendered every time, then as an officer reloading it is served (the pages
            # kept whole, westbund/core/kept.py; the same for the others).
            with override_settings(KEPT_PAGES=False):
                rendered, queries, status = self._time(client, path, repeat)
            kept, _kept_queries, _status = self._time(client, path, repeat)
            slowest = max((float(q["time"]) * 1000 for q in queries), default=0)
            rows.append((label, path, status, rendered, kept, len(queries), slowest))
            self.stdout.write(f"  {label}: {rendered:.0f} ms, {kept:.0f} ms kept")
        lines = [
            f"Admin changelists, median of {repeat} requests (in-process), "
            f"database {connection.vendor}",
            "",
            "| changelist | path | status | rendered ms | kept ms | queries | slowest query ms |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {label} | `{path}` | {status} | {rendered:.0f} | {kept:.0f} | {count} "
            f"| {slowest:.0f} |"
            for label, path, status, rendered, kept, count, slowest in rows
        ]
        table = "\n".join(lines) + "\n"
        self.stdout.write(table)
        if markdown:
            with open(markdown, "a", encoding="utf-8") as out:
                out.write(table + "\n")

    @staticmethod
    def _time(client, path, repeat):
        timings = []
        client.get(path)  # the kept page, when there is one, is stored
        for _ in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
        # A list now: the next ``reset_queries`` empties the log the context reads.
        return statistics.median(timings), list(queries.captured_queries), response.status_code

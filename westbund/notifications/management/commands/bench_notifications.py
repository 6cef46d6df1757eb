"""Measure notification delivery: N pending notifications through one real Celery
worker on Redis, e-mail to the in-memory backend. Run by ``make bench-notify``."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from westbund.notifications import actions
from westbund.notifications.models import Kind, Notification

BENCH_DOMAIN = "bench.westbund.invalid"


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--users", type=int, default=1_000)
        parser.add_argument("--timeout", type=int, default=600)
        parser.add_argument(
            "--per-row",
            action="store_true",
            help="one task per notification, as notify() enqueues on commit "
            "(default: the sweeper's batches)",
        )

    def handle(self, *args, count, users, timeout, per_row, **options):
        if not settings.REDIS_URL:
            raise CommandError("Set REDIS_URL: the benchmark needs a real broker.")
        User = get_user_model()
        self._cleanup(User)
        password = make_password(None)
        recipients = User.objects.bulk_create(
            User(email=f"bench{i}@{BENCH_DOMAIN}", password=password) for i in range(users)
        )
        context = {
            "role_title": "Multimodal research engineer",
            "enterprise_name": "Aurora Foundation Models",
            "stage_label": "Interview",
            "reason": "",
        }
        Notification.objects.bulk_create(
            (
                Notification(
                    recipient=recipients[i % users],
                    kind=Kind.APPLICATION_STAGE_CHANGED,
                    context=context,
                    link="/me/",
                )
                for i in range(count)
            ),
            batch_size=2000,
        )
        self.stdout.write(f"{count} pending notifications for {users} users on {connection.vendor}")

        env = {**os.environ, "EMAIL_URL": "memorymail://", "DJANGO_LOG_LEVEL": "WARNING"}
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "westbund",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
        )
        try:
            time.sleep(3)  # the worker boots while we publish
            started = time.monotonic()
            if per_row:
                from westbund.notifications.tasks import deliver_notification

                ids = list(
                    Notification.objects.filter(
                        recipient__email__endswith=BENCH_DOMAIN
                    ).values_list("pk", flat=True)
                )
                for notification_id in ids:
                    deliver_notification.apply_async((notification_id,), retry=False)
                enqueued = len(ids)
            else:
                enqueued = actions.enqueue_stale_pending(older_than=_zero(), limit=count)
            published = time.monotonic() - started
            deadline = started + timeout
            sent = 0
            while time.monotonic() < deadline:
                sent = Notification.objects.filter(
                    recipient__email__endswith=BENCH_DOMAIN, state=Notification.State.SENT
                ).count()
                if sent >= count:
                    break
                time.sleep(0.5)
            elapsed = time.monotonic() - started
            peak = _peak_rss_mib(worker.pid)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            self._cleanup(User)

        self.stdout.write(f"enqueued {enqueued} in {published:.1f} s")
        self.stdout.write(f"delivered {sent}/{count} in {elapsed:.1f} s")
        path = "one task per notification" if per_row else "the sweeper's batches"
        self.stdout.write(
            f"throughput: {sent / elapsed:.0f} notifications/s (one solo worker, {path})"
        )
        self.stdout.write(f"worker peak RSS: {peak:.0f} MiB")
        if sent < count:
            raise CommandError("not every notification was delivered before the timeout")

    def _cleanup(self, User):
        User.objects.filter(email__endswith=BENCH_DOMAIN).delete()


def _zero():
    from datetime import timedelta

    return timedelta(0)

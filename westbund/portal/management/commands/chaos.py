"""Break a real stack on purpose and count what it costs (``make chaos``).

Starts a production-like stack of its own on loopback: gunicorn (``-w 2``, production
settings over plain HTTP), a Celery worker and beat, a Redis of its own, an SMTP sink
writing each message to a file and a TCP proxy in front of PostgreSQL (database
``westbund_chaos``, cloned from a migrated and seeded template). Then, one after the
other: Redis down during recruitment events (applications, stage moves), the worker
killed with ``kill -9`` mid-delivery, SMTP down then up, every database connection
cut, the database stalled. For each it prints the requests made, the 5xx answered (and
requests that got no answer at all), the events that succeeded (sign-ins through the
login form, applications, stage moves), the notifications stored, the e-mails delivered,
duplicate Message-IDs and deliveries, notifications still undelivered at the end, and
the seconds from the end of the fault to a healthy site with every e-mail out.

Everything it started is stopped at the end, also on failure or Ctrl-C. Run it with
``DATABASE_URL`` pointing at the chaos database and ``REDIS_URL`` at the chaos Redis
(the Makefile does): the harness itself reads rows and makes sessions through them.
"""

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from westbund.portal.benchtools import production_env
from westbund.portal.chaos import LOOPBACK, Processes, SmtpSink, TcpProxy, duplicates, wait_until

AURORA = "aurora-foundation-models"
FINAL_STATES = {"sent", "skipped", "failed"}
PUBLIC_PAGES = ["/", "/zh-hans/", "/jobs/", "/zh-hans/jobs/?q=model", "/enterprises/"]
SIGNED_IN_PAGES = {
    "professional": ["/me/", "/me/applications/", "/zh-hans/me/inbox/"],
    "recruiter": [f"/workspace/{AURORA}/applicants/", f"/workspace/{AURORA}/"],
}


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@dataclass
class Answer:
    status: int | None  # None: no answer (timeout, connection reset)
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class Browser:
    """Plain HTTP with a cookie jar that ignores ``Secure`` (production sets it; the
    stack speaks plain HTTP on loopback, as behind a TLS terminator)."""

    def __init__(self, port: int, *, session_key: str | None = None, timeout: float = 5):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        if session_key:
            self.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=self.timeout)
        headers = {"Host": f"{LOOPBACK}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            return Answer(status=None)
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return Answer(response.status, data, dict(response.headers))

    @property
    def csrf_token(self) -> str:
        # The unmasked secret is an accepted form token (Django compares it as is).
        return self.cookies.get(settings.CSRF_COOKIE_NAME, "")


@dataclass
class Tally:
    name: str
    requests: int = 0
    server_errors: int = 0
    no_answer: int = 0
    events_done: int = 0
    rounds: int = 0
    started_at: float = field(default_factory=time.time)
    notifications: int = 0
    delivered: int = 0
    duplicate_message_ids: int = 0
    duplicate_deliveries: int = 0
    undelivered: int = 0
    recovery_seconds: float | None = None
    note: str = ""

    def count(self, answer: Answer) -> Answer:
        self.requests += 1
        if answer.status is None:
            self.no_answer += 1
        elif answer.status >= 500:
            self.server_errors += 1
        return answer


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--web-port", type=int, default=18100)
        parser.add_argument("--smtp-port", type=int, default=18101)
        parser.add_argument("--redis-port", type=int, default=6395)
        parser.add_argument("--proxy-port", type=int, default=15435)
        parser.add_argument("--template", default="westbund_chaos_template")
        parser.add_argument(
            "--outage-seconds", type=float, default=6, help="how long each fault lasts"
        )
        parser.add_argument(
            "--recovery-timeout", type=float, default=60, help="give up waiting after this"
        )
        parser.add_argument("--keep", action="store_true", help="keep the logs and mails")

    # ------------------------------------------------------------------------------
    def handle(self, *args, **options):
        self.options = options
        database = settings.DATABASES["default"]
        if "postgresql" not in database["ENGINE"] or not database["NAME"].endswith("chaos"):
            raise CommandError("DATABASE_URL must point at a PostgreSQL database *_chaos.")
        if f":{options['redis_port']}" not in settings.REDIS_URL:
            raise CommandError(
                f"REDIS_URL must point at the chaos Redis (port {options['redis_port']})."
            )
        if not shutil.which("redis-server"):
            raise CommandError("redis-server is not installed.")
        self.workdir = Path(tempfile.mkdtemp(prefix="westbund-chaos-"))
        self.processes = Processes(self.workdir / "logs")
        self.proxy = TcpProxy(
            options["proxy_port"], database["HOST"] or LOOPBACK, int(database["PORT"] or 5432)
        )
        self.sink = SmtpSink(options["smtp_port"], self.workdir / "mails")
        started = time.monotonic()
        # Ctrl-C and a terminating parent both end in the finally below (SIGINT too: a
        # shell without job control starts background commands with it ignored).
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        results = []
        try:
            self._prepare_database()
            self._start_stack()
            self._warm_up()
            for experiment in (
                self.redis_down,
                self.worker_killed,
                self.smtp_down,
                self.database_cut,
                self.database_stalled,
            ):
                results.append(experiment())
                self.stdout.write(self._row(results[-1]))
        except KeyboardInterrupt:
            self.stderr.write("interrupted: stopping the stack")
        finally:
            self._stop_stack()
        self.stdout.write("")
        self.stdout.write(self._table(results))
        elapsed = time.monotonic() - started
        if not options["keep"] and len(results) == 5:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.stdout.write(f"whole run: {elapsed:.0f} s")
        else:
            self.stdout.write(f"whole run: {elapsed:.0f} s; logs and mails in {self.workdir}")

    # ------------------------------------------------------------------------------
    # The stack
    # ------------------------------------------------------------------------------
    def _prepare_database(self):
        """A fresh ``*_chaos`` database each run, cloned in a second from a template that
        is migrated and seeded once (both take minutes on a shared machine)."""
        import psycopg2

        database = settings.DATABASES["default"]
        name, template = database["NAME"], self.options["template"]
        connections.close_all()
        admin = psycopg2.connect(
            dbname="postgres",
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"] or LOOPBACK,
            port=database["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                self.stdout.write(f"creating the template {template} (migrate, seed_demo) …")
                cursor.execute(f'CREATE DATABASE "{template}"')
                url = self._database_url(template, database["PORT"] or 5432)
                env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": ""}
                for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
                    subprocess.run(  # noqa: S603
                        [sys.executable, "manage.py", *command],
                        env=env,
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        admin.close()
        # New migrations since the template was made.
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            env={**os.environ, "REDIS_URL": ""},
            check=True,
        )

    def _database_url(self, name: str, port) -> str:
        database = settings.DATABASES["default"]
        credentials = database["USER"] or "postgres"
        if database["PASSWORD"]:
            credentials += f":{database['PASSWORD']}"
        return f"postgres://{credentials}@{LOOPBACK}:{port}/{name}"

    def _stack_env(self) -> dict[str, str]:
        options = self.options
        return production_env(
            DJANGO_SITE_URL=f"http://{LOOPBACK}:{options['web_port']}",
            DATABASE_URL=self._database_url(
                settings.DATABASES["default"]["NAME"], options["proxy_port"]
            ),
            REDIS_URL=settings.REDIS_URL,
            EMAIL_URL=f"smtp://{LOOPBACK}:{options['smtp_port']}",
            # Lost tasks are found again within seconds, not minutes.
            NOTIFICATION_STALE_AFTER_SECONDS="5",
            NOTIFICATION_SWEEP_SECONDS="2",
        )

    def _start_redis(self):
        self.processes.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.options["redis_port"]),
                "--bind",
                LOOPBACK,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            env=dict(os.environ),
        )
        if wait_until(self._redis_answers, timeout=10) is None:
            raise CommandError("the chaos Redis did not start")

    def _redis_answers(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def _start_worker(self):
        self.processes.start(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "westbund",
                "worker",
                "-l",
                "warning",
                "-c",
                "2",
                "-n",
                f"chaos-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            env=self._stack_env(),
        )

    def _start_stack(self):
        options = self.options
        env = self._stack_env()
        self.stdout.write(f"starting the stack (files in {self.workdir}) …")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
        )
        self._start_redis()
        self.sink.start()
        self.proxy.start()
        self.processes.start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "westbund.wsgi",
                "-w",
                "2",
                "-b",
                f"{LOOPBACK}:{options['web_port']}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "3",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        self._start_worker()
        self.processes.start(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "westbund",
                "beat",
                "-l",
                "warning",
                "-s",
                str(self.workdir / "beat-schedule"),
                "--pidfile",
                str(self.workdir / "beat.pid"),
            ],
            env=env,
        )
        anonymous = Browser(options["web_port"], timeout=2)
        if (
            wait_until(
                lambda: anonymous.request("GET", "/robots.txt").status == 200,
                timeout=40,
                interval=0.5,
            )
            is None
        ):
            raise CommandError("gunicorn did not answer: see its log")

    def _stop_stack(self):
        with contextlib.suppress(Exception):
            self.proxy.resume()
        self.processes.stop_all()
        for part in (self.sink, self.proxy):
            with contextlib.suppress(Exception):
                part.stop()
        connections.close_all()

    # ------------------------------------------------------------------------------
    # Users and recruitment events
    # ------------------------------------------------------------------------------
    def _warm_up(self):
        from enterprises.models import Role
        from westbund.portal.benchtools import demo_session_key
        from westbund.portal.demo import ensure_demo_accounts

        port = self.options["web_port"]
        self.users = ensure_demo_accounts()
        self.browsers = {
            "anonymous": Browser(port),
            "professional": Browser(port, session_key=demo_session_key("professional")),
            "recruiter": Browser(port, session_key=demo_session_key("recruiter")),
        }
        profile = self.users["professional"].talent_profile
        self.open_roles = list(
            Role.objects.published()
            .exclude(applications__profile=profile)
            .order_by("-enterprise__slug", "pk")  # some of Aurora's first: the recruiter moves them
            .values_list("slug", flat=True)[:200]
        )
        # A CSRF cookie for each signed-in browser, and the pages answer at all.
        for who in ("professional", "recruiter"):
            page = SIGNED_IN_PAGES[who][0]
            answer = self.browsers[who].request("GET", page)
            if answer.status != 200 or not self.browsers[who].csrf_token:
                raise CommandError(f"{who}: {page} answered {answer.status} before any fault")

    def _apply(self, tally: Tally) -> None:
        if not self.open_roles:
            return
        slug = self.open_roles.pop(0)
        browser = self.browsers["professional"]
        tally.count(browser.request("GET", f"/jobs/{slug}/"))
        answer = tally.count(
            browser.request(
                "POST",
                f"/jobs/{slug}/apply/",
                {
                    "csrfmiddlewaretoken": browser.csrf_token,
                    "cover_letter": "Applied during a chaos experiment.",
                    "consent_sharing": "on",
                },
            )
        )
        if answer.status == 302:
            tally.events_done += 1

    def _move(self, tally: Tally) -> None:
        from talent.models import Application

        candidates = Application.objects.filter(role__enterprise__slug=AURORA).order_by("pk")
        for application in candidates:
            stages = [stage for stage, _label in application.next_stages() if stage != "rejected"]
            if stages:
                break
        else:
            return
        browser = self.browsers["recruiter"]
        path = f"/workspace/{AURORA}/applicants/{application.pk}/move/"
        answer = tally.count(
            browser.request(
                "POST",
                path,
                {
                    "csrfmiddlewaretoken": browser.csrf_token,
                    "to_stage": stages[0],
                    "reason": "Moved during a chaos experiment.",
                },
            )
        )
        if answer.status == 302:
            tally.events_done += 1

    def _sign_in(self, tally: Tally) -> None:
        """Through the real form, as a browser does: the form (a CSRF cookie), then the
        e-mail and password."""
        from westbund.portal.demo import DEMO_PASSWORD

        browser = Browser(self.options["web_port"])
        tally.count(browser.request("GET", "/accounts/login/"))
        answer = tally.count(
            browser.request(
                "POST",
                "/accounts/login/",
                {
                    "csrfmiddlewaretoken": browser.csrf_token,
                    "login": self.users["professional"].email,
                    "password": DEMO_PASSWORD,
                },
            )
        )
        if answer.status == 302 and settings.SESSION_COOKIE_NAME in browser.cookies:
            tally.events_done += 1

    def _round(self, tally: Tally) -> None:
        """One visitor's worth of traffic: public pages, signed-in pages, two events;
        every fourth round a sign-in (allauth allows 30 a minute from one address)."""
        tally.rounds += 1
        if tally.rounds % 4 == 1:
            self._sign_in(tally)
        for path in PUBLIC_PAGES:
            tally.count(self.browsers["anonymous"].request("GET", path))
        for who, pages in SIGNED_IN_PAGES.items():
            for path in pages:
                tally.count(self.browsers[who].request("GET", path))
        self._apply(tally)
        self._move(tally)

    def _traffic_for(self, tally: Tally, seconds: float) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            self._round(tally)

    # ------------------------------------------------------------------------------
    # Measuring
    # ------------------------------------------------------------------------------
    def _notification_states(self, tally: Tally) -> dict[int, str]:
        from datetime import UTC, datetime

        from westbund.notifications.models import Notification

        since = datetime.fromtimestamp(tally.started_at, tz=UTC)
        connections.close_all()  # the proxy may have been cut under an old connection
        return dict(Notification.objects.filter(created_at__gte=since).values_list("pk", "state"))

    def _recover(self, tally: Tally) -> None:
        """Seconds from the end of the fault until the home page answers 200 and every
        notification of the experiment is out of ``pending``, with its e-mail received."""
        anonymous = Browser(self.options["web_port"], timeout=3)

        def recovered() -> bool:
            if anonymous.request("GET", "/").status != 200:
                return False
            states = self._notification_states(tally)
            if any(state not in FINAL_STATES for state in states.values()):
                return False
            sent = {str(pk) for pk, state in states.items() if state == "sent"}
            received = {mail.notification_id for mail in self.sink.mails()}
            return sent <= received

        tally.recovery_seconds = wait_until(
            recovered, timeout=self.options["recovery_timeout"], interval=0.5
        )
        states = self._notification_states(tally)
        ids = {str(pk) for pk in states}
        mails = [mail for mail in self.sink.mails() if mail.notification_id in ids]
        tally.notifications = len(states)
        tally.delivered = len({mail.notification_id for mail in mails})
        tally.duplicate_message_ids = duplicates(mail.message_id for mail in mails)
        tally.duplicate_deliveries = duplicates(mail.notification_id for mail in mails)
        tally.undelivered = sum(
            1 for state in states.values() if state != "sent" and state != "skipped"
        )

    # ------------------------------------------------------------------------------
    # The experiments
    # ------------------------------------------------------------------------------
    def redis_down(self) -> Tally:
        tally = Tally("Redis down (cache, sessions, broker)")
        self._round(tally)
        self.processes.stop("redis")
        self._traffic_for(tally, self.options["outage_seconds"])
        self._start_redis()
        self._recover(tally)
        return tally

    def worker_killed(self) -> Tally:
        from westbund.notifications.actions import notify
        from westbund.notifications.models import Kind

        tally = Tally("worker kill -9 mid-delivery", note="40 notifications")
        self.sink.handler.delay = 0.15  # a slow receiver: the kill lands mid-batch
        for _ in range(40):
            notify(
                recipient=self.users["professional"],
                kind=Kind.PROFILE_REVIEW_STARTED,
                context={},
                link="/me/",
            )
        before = len(self.sink.mails())
        wait_until(lambda: len(self.sink.mails()) >= before + 8, timeout=20, interval=0.05)
        self.processes.kill("worker", signal.SIGKILL)
        self._round(tally)
        self._start_worker()
        self._recover(tally)
        self.sink.handler.delay = 0.0
        return tally

    def smtp_down(self) -> Tally:
        tally = Tally("SMTP down, then up")
        self.sink.stop()
        self._traffic_for(tally, self.options["outage_seconds"])
        self.sink.start()
        self._recover(tally)
        return tally

    def database_cut(self) -> Tally:
        tally = Tally("database connections cut")
        self._round(tally)
        cut = self.proxy.cut()
        tally.note = f"{cut} connections cut"
        self._traffic_for(tally, self.options["outage_seconds"] / 2)
        self.proxy.cut()
        self._traffic_for(tally, self.options["outage_seconds"] / 2)
        self._recover(tally)
        return tally

    def database_stalled(self) -> Tally:
        tally = Tally("database stalled")
        self.proxy.stall()
        # Short client timeouts: the question is what the site answers, not how long a
        # browser would wait (gunicorn's own timeout is 30 s).
        for browser in self.browsers.values():
            browser.timeout = 2
        try:
            self._traffic_for(tally, self.options["outage_seconds"])
        finally:
            self.proxy.resume()
            for browser in self.browsers.values():
                browser.timeout = 5
        self._recover(tally)
        return tally

    # ------------------------------------------------------------------------------
    HEADERS = (
        "experiment",
        "requests",
        "5xx",
        "no answer",
        "events",
        "notifications",
        "e-mails",
        "dup Message-IDs",
        "dup deliveries",
        "undelivered",
        "recovery s",
    )

    def _cells(self, tally: Tally) -> list[str]:
        recovery = "—" if tally.recovery_seconds is None else f"{tally.recovery_seconds:.1f}"
        if tally.recovery_seconds is None:
            recovery = f"> {self.options['recovery_timeout']:.0f}"
        return [
            tally.name,
            str(tally.requests),
            str(tally.server_errors),
            str(tally.no_answer),
            str(tally.events_done),
            str(tally.notifications),
            str(tally.delivered),
            str(tally.duplicate_message_ids),
            str(tally.duplicate_deliveries),
            str(tally.undelivered),
            recovery,
        ]

    def _row(self, tally: Tally) -> str:
        cells = self._cells(tally)
        pairs = ", ".join(f"{h} {c}" for h, c in zip(self.HEADERS[1:], cells[1:], strict=True))
        return f"  {cells[0]}: {pairs}" + (f" ({tally.note})" if tally.note else "")

    def _table(self, results: list[Tally]) -> str:
        lines = ["| " + " | ".join(self.HEADERS) + " |", "|" + "---|" * len(self.HEADERS)]
        lines += ["| " + " | ".join(self._cells(tally)) + " |" for tally in results]
        return "\n".join(lines)

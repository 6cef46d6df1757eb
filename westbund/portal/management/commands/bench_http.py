"""Load-test pages of the portal as production serves them.

Starts gunicorn (production settings, the database and Redis of the environment) on
loopback, drives each page with wrk for a fixed time, and prints requests/s, p50 and
p95 latency, errors, the ratio to ``/robots.txt`` (a view without database work: the
framework's ceiling on this machine, measured in the same run) and each worker's peak
memory. Run by ``make bench``; needs ``wrk`` (Debian package) and a migrated database
with data (``seed_demo``, or ``seed_scale`` for the large data set).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nREQS %d\\nERRS %d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


@dataclass
class Result:
    label: str
    path: str
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int

    def ratio(self, ceiling: float) -> float:
        return self.rps / ceiling if ceiling else 0.0


def _peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return float("nan")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per page")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--page",
            action="append",
            default=[],
            metavar="LABEL=PATH[@SESSION]",
            help="a page to measure; @professional, @recruiter or @officer signs in",
        )
        parser.add_argument("--markdown", help="also write the table to this file")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install wrk).")
        pages = [("robots.txt (ceiling)", "/robots.txt", None)]
        for spec in options["page"] or ["home=/"]:
            label, _, rest = spec.partition("=")
            path, _, who = rest.partition("@")
            pages.append((label, self._fill(path), who or None))
        cookies = {who: self._session_cookie(who) for _, _, who in pages if who}

        server, base = self._start_gunicorn(options)
        try:
            results = []
            for label, path, who in pages:
                self._check(base + path, cookies.get(who))
                result = self._wrk(label, base, path, cookies.get(who), options)
                results.append(result)
                self.stdout.write(f"  {label}: {result.rps:.0f} req/s, p95 {result.p95_ms:.1f} ms")
            memory = [_peak_rss_mib(pid) for pid in _children(server.pid)]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

        table = self._table(results, memory, options)
        self.stdout.write(table)
        if options["markdown"]:
            Path(options["markdown"]).write_text(table)

    def _session_cookie(self, who: str) -> str:
        from westbund.portal.benchtools import demo_session_key

        try:
            return f"{settings.SESSION_COOKIE_NAME}={demo_session_key(who)}"
        except ValueError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _fill(path: str) -> str:
        """``{role}`` stands for the newest published role's slug."""
        if "{role}" in path:
            from enterprises.models import Role

            role = Role.objects.published().order_by("-published_at").first()
            if role is None:
                raise CommandError("no published role: load data first")
            path = path.replace("{role}", role.slug)
        return path

    def _start_gunicorn(self, options):
        from westbund.portal.benchtools import production_env

        env = production_env()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
        )
        port = options["port"]
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "westbund.wsgi",
                "--workers",
                str(options["workers"]),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            server.kill()
            raise CommandError("gunicorn did not start")
        return server, base

    def _check(self, url, cookie):
        """The page answers 200 itself: a redirect (to sign in) would measure the wrong
        page, and wrk counts 3xx as success."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http://127.0.0.1)
        try:
            # Generous: the workers may still be answering the previous page's queued
            # requests (16 of a slow page took more than 10 s on a loaded machine).
            with opener.open(request, timeout=60) as response:
                if response.status != 200:
                    raise CommandError(f"{url} answered {response.status}")
        except urllib.error.HTTPError as error:
            raise CommandError(f"{url} answered {error.code}") from error

    def _wrk(self, label, base, path, cookie, options) -> Result:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        command = [
            "wrk",
            "-t2",
            f"-c{options['connections']}",
            f"-d{options['duration']}s",
            "-s",
            script.name,
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(  # noqa: S603 (wrk against our loopback server)
            [*command, base + path], capture_output=True, text=True, check=True
        ).stdout
        os.unlink(script.name)
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        values = dict(re.findall(r"^(P50|P95|REQS|ERRS) (\d+)$", output, re.MULTILINE))
        return Result(
            label=label,
            path=path,
            rps=rps,
            p50_ms=int(values["P50"]) / 1000,
            p95_ms=int(values["P95"]) / 1000,
            errors=int(values["ERRS"]) + (int(non_2xx.group(1)) if non_2xx else 0),
        )

    def _table(self, results, memory, options) -> str:
        ceiling = results[0].rps
        lines = [
            f"gunicorn --workers {options['workers']} (sync), wrk -t2 "
            f"-c{options['connections']} -d{options['duration']}s per page, "
            f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}",
            "",
            "| page | path | req/s | p50 ms | p95 ms | errors | of ceiling |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            lines.append(
                f"| {r.label} | `{r.path}` | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} "
                f"| {r.errors} | {r.ratio(ceiling):.0%} |"
            )
        peaks = ", ".join(f"{m:.0f} MiB" for m in memory)
        lines += ["", f"Peak memory per gunicorn worker: {peaks}", ""]
        return "\n".join(lines)

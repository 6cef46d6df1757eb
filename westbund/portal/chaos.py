"""The moving parts of ``manage.py chaos`` (``make chaos``): faults to order.

``TcpProxy`` stands between the stack and PostgreSQL and can cut every connection or
stall them (hold the bytes, accept new connections without forwarding); ``SmtpSink``
is a real SMTP server that writes each message to a file and can go down and come back;
``Processes`` starts the stack's programs and stops every one of them, whatever
happens. All of it listens on loopback only.
"""

import asyncio
import contextlib
import email
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import policy
from pathlib import Path

LOOPBACK = "127.0.0.1"


class TcpProxy:
    """A TCP forwarder in its own thread with an asyncio loop, with faults on demand."""

    def __init__(self, listen_port: int, target_host: str = LOOPBACK, target_port: int = 5432):
        self.listen_port = listen_port
        self.target = (target_host, target_port)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server = None
        self.flowing = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.connections = 0

    # Called from the harness' thread --------------------------------------------------
    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=5)

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)

    def cut(self) -> int:
        """Close every open connection (both sides); new ones are forwarded again."""
        return asyncio.run_coroutine_threadsafe(self._cut(), self.loop).result(timeout=5)

    def stall(self) -> None:
        """Forward nothing until ``resume()``: queries hang, new connections hang."""
        self.loop.call_soon_threadsafe(self.flowing.clear)

    def resume(self) -> None:
        self.loop.call_soon_threadsafe(self.flowing.set)

    # In the proxy's loop -------------------------------------------------------------
    async def _start(self):
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.server = await asyncio.start_server(self._accept, LOOPBACK, self.listen_port)

    async def _stop(self):
        self.server.close()
        await self._cut()

    async def _cut(self) -> int:
        writers, self.writers = list(self.writers), set()
        for writer in writers:
            writer.transport.abort()
        return len(writers)

    async def _accept(self, client_reader, client_writer):
        self.writers.add(client_writer)
        self.connections += 1
        try:
            await self.flowing.wait()
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            self.writers.discard(client_writer)
            return
        self.writers.add(upstream_writer)
        await asyncio.gather(
            self._pump(client_reader, upstream_writer),
            self._pump(upstream_reader, client_writer),
            return_exceptions=True,
        )
        for writer in (client_writer, upstream_writer):
            self.writers.discard(writer)
            writer.transport.abort()

    async def _pump(self, reader, writer):
        while True:
            data = await reader.read(65536)
            if not data:
                break
            await self.flowing.wait()
            if writer.transport.is_closing():
                break
            writer.write(data)
            await writer.drain()
        writer.transport.abort()


class _FileWritingHandler:
    def __init__(self, directory: Path, delay: float):
        self.directory = directory
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            number = self.count
        path = self.directory / f"{time.time_ns()}-{number:06d}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted"


@dataclass(frozen=True)
class ReceivedMail:
    message_id: str
    notification_id: str
    to: str
    subject: str


class SmtpSink:
    """aiosmtpd on loopback writing each message to ``directory``; down and up again."""

    def __init__(self, port: int, directory: Path, delay: float = 0.0):
        self.port = port
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.handler = _FileWritingHandler(self.directory, delay)
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname=LOOPBACK, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def running(self) -> bool:
        return self.controller is not None

    def mails(self) -> list[ReceivedMail]:
        received = []
        for path in sorted(self.directory.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            received.append(
                ReceivedMail(
                    message_id=str(message.get("Message-ID", "")),
                    notification_id=str(message.get("X-Westbund-Notification", "")),
                    to=str(message.get("To", "")),
                    subject=str(message.get("Subject", "")),
                )
            )
        return received


def duplicates(values) -> int:
    """How many values are repeats of an earlier one (``a, a, a, b`` → 2)."""
    return sum(count - 1 for value, count in Counter(values).items() if value and count > 1)


class Processes:
    """The programs of the stack, each in its own session so that its children (gunicorn
    and Celery workers) go with it. ``stop_all`` ends only what was started here."""

    def __init__(self, log_directory: Path):
        self.log_directory = Path(log_directory)
        self.log_directory.mkdir(parents=True, exist_ok=True)
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.log_directory / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our interpreter, our arguments)
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal the process and its session's children (a ``kill -9`` of the node)."""
        process = self.running.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def stop(self, name: str) -> None:
        process = self.running.get(name)
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        self.kill(name)

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)


def wait_until(condition, *, timeout: float, interval: float = 0.25) -> float | None:
    """Seconds until ``condition()`` held, or None if it did not within ``timeout``."""
    started = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            return None
        time.sleep(interval)

"""Real faults for the fail-soft tests: a Redis of the test's own that it stops and
starts again by pid, and a TCP proxy the test can cut or stall.

Loopback only, on the spare ports this branch was given (Redis 6391-6394, proxies
15431-15434); the shared Redis on 6379 and PostgreSQL on 5432 are never touched.
"""

import asyncio
import contextlib
import shutil
import socket
import subprocess
import threading
import time

REDIS_PORTS = (6391, 6392, 6393, 6394)
PROXY_PORTS = (15431, 15432, 15433, 15434)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(candidates) -> int:
    for port in candidates:
        if port_is_free(port):
            return port
    raise RuntimeError(f"none of the ports {candidates} is free")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """``redis-server`` as a subprocess on a spare port: no persistence, loopback."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        """The outage: the server is gone, its port refuses connections."""
        if self.process is None:
            return
        # By its pid, the one we started: never a broad kill.
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to 127.0.0.1:``target_port``, in a thread.

    ``cut()``: open connections are closed and new ones closed at once (a database or
    broker that went away; the client sees a reset, not a refusal, and each attempt is
    counted). ``stall()``: connections are accepted and then nothing is forwarded (a
    frozen server, a black-holed network). ``resume()``: forward again. ``accepted``
    counts the TCP connections clients opened, to assert on attempts, not on time.
    """

    def __init__(self, port: int, target_port: int):
        self.port = port
        self.target_port = target_port
        self.accepted = 0
        self.mode = "forward"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=f"proxy-{port}", daemon=True)
        self._server = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._flowing: asyncio.Event | None = None

    def _run(self):
        asyncio.set_event_loop(self._loop)
        # Connections torn down on purpose are not news. (And no traceback formatting
        # in this thread: CPython 3.11.7's traceback carets parse source with the ast
        # module, which is not thread-safe there and breaks the main thread's imports.)
        self._loop.set_exception_handler(lambda _loop, _context: None)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
        )
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> "TcpProxy":
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError(f"the proxy did not start on port {self.port}")
        return self

    async def _handle(self, reader, writer):
        self.accepted += 1
        self._writers.add(writer)
        try:
            if self.mode == "cut":
                return
            if self.mode == "stall":
                # Keep the connection open, read nothing, answer nothing.
                while self.mode == "stall":
                    await asyncio.sleep(0.05)
                if self.mode == "cut":
                    return
            try:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
            except OSError:
                return
            self._writers.add(up_writer)
            await asyncio.gather(
                self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
            )
        except BaseException:  # noqa: S110 - torn down on purpose, see _run
            pass
        finally:
            self._close(writer)

    async def _pipe(self, reader, writer):
        try:
            while True:
                await self._flowing.wait()
                data = await reader.read(65536)
                if not data:
                    break
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        finally:
            self._close(writer)

    def _close(self, writer):
        self._writers.discard(writer)
        with contextlib.suppress(Exception):
            writer.close()

    def _call(self, function):
        done = threading.Event()

        def run():
            try:
                function()
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(5)

    def cut(self) -> None:
        def run():
            self.mode = "cut"
            self._flowing.set()
            for writer in list(self._writers):
                self._close(writer)

        self._call(run)

    def stall(self) -> None:
        def run():
            self.mode = "stall"
            self._flowing.clear()

        self._call(run)

    def resume(self) -> None:
        def run():
            self.mode = "forward"
            self._flowing.set()

        self._call(run)

    def stop(self) -> None:
        def run():
            self.mode = "cut"
            self._flowing.set()
            for writer in list(self._writers):
                self._close(writer)
            self._server.close()

        self._call(run)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

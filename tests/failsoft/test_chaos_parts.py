"""The parts of ``make chaos`` that can be checked in a second: the proxy forwards,
cuts and stalls; the SMTP sink receives, counts and reads back Message-IDs; the
process group is stopped. The whole run is ``make chaos`` (minutes, a real stack)."""

import smtplib
import socket
import subprocess
import sys
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from westbund.portal.chaos import Processes, SmtpSink, TcpProxy, duplicates, wait_until


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def echo_server():
    """A TCP server on loopback that sends back what it receives."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)

    def serve():
        while True:
            try:
                connection, _address = server.accept()
            except OSError:
                return
            threading.Thread(target=echo, args=(connection,), daemon=True).start()

    def echo(connection):
        with connection:
            while data := connection.recv(4096):
                connection.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def proxy(echo_server):
    proxy = TcpProxy(free_port(), target_port=echo_server)
    proxy.start()
    yield proxy
    proxy.stop()


def connect(proxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.listen_port), timeout=2)


def test_the_proxy_forwards_both_ways(proxy):
    with connect(proxy) as client:
        client.sendall(b"ping")
        assert client.recv(4) == b"ping"


def test_a_cut_closes_open_connections_and_new_ones_work(proxy):
    client = connect(proxy)
    client.sendall(b"one")
    assert client.recv(3) == b"one"

    assert proxy.cut() == 2  # the client's side and the upstream side

    assert_closed(client)
    with connect(proxy) as again:
        again.sendall(b"two")
        assert again.recv(3) == b"two"


def assert_closed(client):
    """Closed by the other end: reading gives EOF or a reset, not a timeout."""
    try:
        assert client.recv(1) == b""
    except ConnectionResetError:
        pass
    finally:
        client.close()


def test_a_stall_holds_the_bytes_until_resumed(proxy):
    with connect(proxy) as client:
        proxy.stall()
        client.settimeout(0.5)
        client.sendall(b"held")
        with pytest.raises(TimeoutError):
            client.recv(4)

        proxy.resume()
        client.settimeout(2)
        assert client.recv(4) == b"held"


def _send(port, message_id, notification_id):
    message = EmailMessage()
    message["From"] = "hub@example.com"
    message["To"] = "lin.wei@example.com"
    message["Subject"] = "Stage changed"
    message["Message-ID"] = message_id
    message["X-Westbund-Notification"] = notification_id
    message.set_content("body")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.send_message(message)


def test_the_smtp_sink_writes_each_message_and_reads_them_back(tmp_path):
    sink = SmtpSink(free_port(), tmp_path)
    sink.start()
    try:
        _send(sink.port, "<a@x>", "1")
        _send(sink.port, "<a@x>", "1")
        _send(sink.port, "<b@x>", "2")
    finally:
        sink.stop()

    mails = sink.mails()
    assert [mail.notification_id for mail in mails] == ["1", "1", "2"]
    assert duplicates(mail.message_id for mail in mails) == 1
    assert len(list(tmp_path.glob("*.eml"))) == 3


def test_a_stopped_sink_refuses_then_accepts_again(tmp_path):
    sink = SmtpSink(free_port(), tmp_path)
    sink.start()
    sink.stop()
    with pytest.raises(OSError):
        _send(sink.port, "<a@x>", "1")

    sink.start()
    try:
        _send(sink.port, "<a@x>", "1")
    finally:
        sink.stop()
    assert len(sink.mails()) == 1


def test_killing_a_process_ends_its_children_too(tmp_path):
    processes = Processes(tmp_path)
    code = (
        "import subprocess, sys, time;"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
        "print('up', flush=True); time.sleep(60)"
    )
    parent = processes.start("sleeper", [sys.executable, "-c", code], env={})
    assert wait_until(lambda: "up" in (tmp_path / "sleeper.log").read_text(), timeout=10)
    children = subprocess.run(
        ["pgrep", "-P", str(parent.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert children

    processes.stop_all()

    assert parent.poll() is not None
    assert wait_until(lambda: not any(alive(child) for child in children), timeout=5)


def alive(pid: str) -> bool:
    # A killed child whose parent died first may linger as a zombie until reaped.
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status

"""Fixtures of the alerts tests: two-party talks, a scripted webhook receiver, real workers."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from negotiations.models import Participant, Statement
from negotiations.services import StanceInput, statement_create, statement_publish
from tests.factories import DemandFactory, NegotiationFactory, PartyFactory, SourceFactory

DEMO = Path(__file__).resolve().parents[2] / "negotiations" / "demo" / "russia-ukraine-2022.json"


def wait_until(predicate: Callable[[], object], *, timeout: float = 60, what: str = "") -> object:
    """Poll (no fixed sleeps): the value once truthy, or fail after a generous timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what or predicate}")
        time.sleep(0.1)


@dataclass
class Talks:
    """A negotiation with two principals and one demand, and a helper to state positions."""

    negotiation: object
    demand: object
    russia: object
    ukraine: object

    def say(self, party, position: int, *, on: datetime.date, publish: bool = True) -> Statement:
        statement = statement_create(
            negotiation=self.negotiation,
            party=party,
            said_on=on,
            kind=Statement.Kind.QUOTE,
            text=f"{party} says {position}",
            source=SourceFactory(),
            stances=[StanceInput(demand=self.demand, position=position)],
        )
        if publish:
            statement_publish(statement=statement)
        return statement


@pytest.fixture
def talks(db) -> Talks:
    negotiation = NegotiationFactory(slug="talks", convergence_threshold=1)
    russia = PartyFactory(slug="russia", name="Russia")
    ukraine = PartyFactory(slug="ukraine", name="Ukraine")
    for party in (russia, ukraine):
        Participant.objects.create(
            negotiation=negotiation, party=party, role=Participant.Role.PRINCIPAL
        )
    demand = DemandFactory(negotiation=negotiation, slug="neutrality", demanded_by=russia)
    return Talks(negotiation, demand, russia, ukraine)


@dataclass
class Receiver:
    """A local HTTP server answering webhooks with scripted status codes (then 200)."""

    answers: list[int]
    requests: list[dict] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver(answers=[])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                code = receiver.answers.pop(0) if receiver.answers else 200
                receiver.requests.append(
                    {
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "answered": code,
                    }
                )
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/parley"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of the test's own, on a free port, that the test can stop and restart."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
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
        wait_until(self.answers, timeout=30, what="the throwaway Redis to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
            self.process = None
        wait_until(lambda: not self.answers(), timeout=30, what="the throwaway Redis to stop")


@pytest.fixture
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    redis = ThrowawayRedis()
    try:
        yield redis
    finally:
        if redis.process is not None:
            redis.process.kill()
            redis.process.wait(15)


def use_broker(app, url: str) -> None:
    """Point the Celery app (producer side and any worker started after) at another broker.

    Celery caches its connection and producer pools; they are dropped so the next publish
    connects to `url`. Private attributes, in a test helper only.
    """
    from kombu import pools

    app.conf.broker_url = url
    pool = app._pool
    app._pool = None
    if pool is not None:
        pool.force_close_all()
    app.amqp._producer_pool = None
    # kombu keeps a process-wide producer pool per broker URL that still holds the connection
    # pool closed above; left in place, every later publish (eager ones too) fails with
    # "Acquire on closed pool". Clearing the registry makes the next publish build fresh pools.
    pools.reset()


@pytest.fixture
def celery_app():
    from config.celery import app

    original = app.conf.broker_url
    assert not app.conf.task_always_eager, "the worker tests need a broker (REDIS_URL)"
    try:
        yield app
    finally:
        use_broker(app, original)


def load_demo(path: Path = DEMO):
    """The demo negotiation through the real importer, its outbox work done as a worker would."""
    from negotiations.alerts import tasks
    from negotiations.alerts.models import OutboxMessage
    from negotiations.exchange import import_file
    from negotiations.models import Negotiation

    import_file(path)
    for message_id in OutboxMessage.objects.values_list("pk", flat=True):
        tasks.process_outbox_message.apply(args=(message_id,)).get()
    return Negotiation.objects.get(slug=json.loads(path.read_text())["negotiations"][0]["slug"])


ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
from config.celery import app
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
app.worker_main(["worker", "--pool=solo", "--concurrency=1", "--loglevel=INFO",
                 "--without-mingle", "--without-gossip", "--without-heartbeat"])
"""


def worker_database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def start_worker_process(broker_url: str, log: Path, **settings_env: str) -> subprocess.Popen:
    """`celery worker` in a subprocess on this broker and the test database (queue: the run's).

    A short visibility timeout (3 s) so a killed worker's task comes back quickly.
    """
    env = {
        **os.environ,
        **settings_env,
        "CELERY_BROKER_URL": broker_url,
        "DATABASE_URL": worker_database_url(),
    }
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)

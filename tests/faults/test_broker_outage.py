"""Redis (cache and broker) down under write load: writes keep succeeding, the outbox loses nothing.

Editors write statements through the API and publish them; each publish records an outbox
row whose task goes to Redis after the commit. Redis is stopped in the middle (it keeps no
data on disk, so the tasks queued before the outage are lost with it) and started again on the
same port. Then a real worker and the beat's redispatch must bring every outbox row to done.
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from tests.alerts.conftest import WORKER, ThrowawayRedis, stop
from tests.faults.conftest import app_env
from tests.faults.servers import ROOT, Gunicorn, manage, wait_until

pytestmark = pytest.mark.faults

# Generous bounds for a loaded 2-core machine: they rule out a hung or failed write, not slowness.
WRITES_BEFORE = 8
WRITES_DURING = 4
PROCESSED_SECONDS = 90

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from negotiations.models import Participant
from tests.factories import DemandFactory, NegotiationFactory, PartyFactory
negotiation = NegotiationFactory(slug="talks", convergence_threshold=1)
russia = PartyFactory(slug="russia", name="Russia")
ukraine = PartyFactory(slug="ukraine", name="Ukraine")
for party in (russia, ukraine):
    Participant.objects.create(negotiation=negotiation, party=party, role="principal")
DemandFactory(negotiation=negotiation, slug="neutrality", demanded_by=russia)
user = get_user_model().objects.create_user("outage-editor", password=None, is_staff=True)
user.groups.add(*Group.objects.filter(name__in=["Editors", "Reviewers"]))
print(Token.objects.create(user=user).key)
"""

REDISPATCH = """
from datetime import timedelta
from negotiations.alerts.outbox import outbox_redispatch
print(outbox_redispatch(older_than=timedelta(0)))
"""


@dataclass
class Outcome:
    status: int | None
    error: str = ""


class Writers:
    """Threads that create a statement with a stance, then publish it (the outbox write)."""

    def __init__(self, base_url: str, token: str, threads: int = 4):
        self.base = base_url
        self.token = token
        self.outcomes: list[Outcome] = []
        self.published: list[int] = []  # ids whose publish was answered 200
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.write, daemon=True) for _ in range(threads)]

    def post(self, session: requests.Session, path: str, **kwargs) -> requests.Response | None:
        try:
            response = session.post(self.base + path, timeout=60, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.outcomes.append(Outcome(None, type(error).__name__))
            return None
        with self.lock:
            self.outcomes.append(Outcome(response.status_code, response.text[:300]))
        return response

    def write(self) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {self.token}"
        position = 0
        while not self.stopping.is_set():
            position = (position + 1) % 3
            created = self.post(
                session,
                "/api/v1/statements/",
                json={
                    "negotiation": "talks",
                    "party": "ukraine",
                    "said_on": "2022-04-01",
                    "kind": "paraphrase",
                    "text": f"outage statement {os.urandom(6).hex()}",
                    "stances": [{"demand": "neutrality", "position": position}],
                },
            )
            if created is None or created.status_code != 201:
                continue
            statement_id = created.json()["id"]
            published = self.post(session, f"/api/v1/statements/{statement_id}/publish/")
            if published is not None and published.status_code == 200:
                with self.lock:
                    self.published.append(statement_id)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(90)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A real `celery worker` on the app's database and broker, consuming the app's queue."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def outbox_states(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute("SELECT status, count(*) FROM alerts_outboxmessage GROUP BY 1")
        return dict(rows.fetchall())


def test_redis_outage_under_write_load(own_postgres):
    redis = ThrowawayRedis()
    env = app_env(own_postgres.url, REDIS_URL=redis.url, CELERY_BROKER_URL=redis.url)
    app = Gunicorn(env, workers=3)
    worker: subprocess.Popen | None = None
    worker_log = Path(tempfile.mkstemp(prefix="parley-faults-worker-")[1])
    try:
        redis.start()
        manage(env, "migrate", "--no-input")
        token = manage(env, "shell", "-c", SETUP).split()[-1]
        app.start()

        with Writers(app.url, token) as writers:
            wait_until(lambda: len(writers.published) >= WRITES_BEFORE, 60, "writes before")
            redis.stop()
            outage_started = time.monotonic()
            before_outage = len(writers.published)
            try:
                wait_until(
                    lambda: len(writers.published) >= before_outage + WRITES_DURING,
                    60,
                    "writes while Redis is down",
                )
            except AssertionError as error:
                raise AssertionError(f"{error}: {writers.outcomes[-5:]}\n{app.output()}") from None
            during_outage = len(writers.published) - before_outage
            redis.start()  # same port: the app and the worker find it where it was
            outage = time.monotonic() - outage_started
            after_outage = len(writers.published)
            wait_until(
                lambda: len(writers.published) >= after_outage + WRITES_BEFORE,
                60,
                "writes after Redis returned",
            )

        failures = [outcome for outcome in writers.outcomes if outcome.status not in {200, 201}]
        assert failures == [], f"{failures[:10]}\n{app.output()}"
        published = writers.published

        with psycopg.connect(own_postgres.url.replace("postgres://", "postgresql://")) as db:
            stored = {
                row[0]
                for row in db.execute(
                    "SELECT id FROM negotiations_statement"
                    " WHERE id = ANY(%s) AND status = 'published'",
                    [published],
                )
            }
        assert set(published) <= stored, f"{len(set(published) - stored)} acknowledged writes lost"
        states = outbox_states(own_postgres.url)
        assert sum(states.values()) >= len(published), states
        assert states.get("pending", 0) > 0, f"no outbox row was left pending: {states}"

        # The worker, then the beat's redispatch (every pending row, however recent).
        worker = start_worker(env, worker_log)
        started = time.monotonic()

        def all_done() -> bool:
            manage(env, "shell", "-c", REDISPATCH)
            return outbox_states(own_postgres.url).get("pending", 0) == 0

        wait_until(all_done, PROCESSED_SECONDS, "every outbox row processed")
        print(
            f"{len(published)} published ({during_outage} during a {outage:.1f} s outage), "
            f"{len(writers.outcomes)} requests; outbox {states} processed in "
            f"{time.monotonic() - started:.1f} s"
        )
        assert worker.poll() is None, worker_log.read_text(errors="replace")[-3000:]
    finally:
        if worker is not None:
            stop(worker)
        app.stop()
        if redis.process is not None:
            redis.process.kill()
            redis.process.wait(15)
        worker_log.unlink(missing_ok=True)

"""PostgreSQL restarted under load: fail fast with 503, recover alone, lose no acknowledged write.

The acknowledged writes are sign-ins: each answered 302 with a session cookie has committed a
session row (and axes' access log row) before the answer left the server.
"""

import re
import threading
import time
from dataclasses import dataclass

import psycopg
import pytest
import requests

from tests.faults.servers import wait_until

pytestmark = pytest.mark.faults

# Generous bounds for a loaded 2-core machine; what they rule out is a request hanging until
# gunicorn's 30 s worker timeout, or a server that needs a restart to come back.
FAIL_FAST_SECONDS = 15
RECOVERY_SECONDS = 60
OUTAGE_SECONDS = 6


@dataclass
class Outcome:
    kind: str
    status: int | None
    seconds: float
    error: str = ""


class Load:
    def __init__(self, base_url: str, readers: int = 3, writers: int = 3):
        self.base = base_url
        self.outcomes: list[Outcome] = []
        self.acknowledged: list[str] = []  # session keys of answered sign-ins
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(readers)]
        self.threads += [threading.Thread(target=self.write, daemon=True) for _ in range(writers)]

    def record(self, kind: str, call):
        started = time.monotonic()
        try:
            response = call()
        except requests.RequestException as error:
            outcome = Outcome(kind, None, time.monotonic() - started, type(error).__name__)
            response = None
        else:
            outcome = Outcome(kind, response.status_code, time.monotonic() - started)
        with self.lock:
            self.outcomes.append(outcome)
        return response

    def read(self):
        session = requests.Session()
        while not self.stopping.is_set():
            self.record("read", lambda: session.get(self.base + "/", timeout=60))

    def write(self):
        while not self.stopping.is_set():
            session = requests.Session()
            page = self.record(
                "login-form", lambda s=session: s.get(self.base + "/accounts/login/", timeout=60)
            )
            if page is None or page.status_code != 200:
                continue
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            response = self.record(
                "write",
                lambda s=session, t=token: s.post(
                    self.base + "/accounts/login/",
                    data={
                        "csrfmiddlewaretoken": t.group(1),
                        "username": "writer",
                        "password": "writer-password-1",
                    },
                    allow_redirects=False,
                    timeout=60,
                ),
            )
            if response is not None and response.status_code == 302:
                with self.lock:
                    self.acknowledged.append(response.cookies["sessionid"])

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(90)


def test_postgres_restart_under_load(app_on_own_postgres):
    postgres, app = app_on_own_postgres
    with Load(app.url) as load:
        wait_until(lambda: len(load.acknowledged) >= 5, 60, "writes before the outage")
        postgres.stop("fast")
        outage_started = time.monotonic()
        time.sleep(OUTAGE_SECONDS)  # the fault's duration, not an assertion
        postgres.start()
        back = time.monotonic()
        wait_until(
            lambda: requests.get(app.url + "/", timeout=60).status_code == 200,
            RECOVERY_SECONDS,
            "recovery after the database returned",
        )
        recovered_after = time.monotonic() - back
        acknowledged_before = len(load.acknowledged)
        wait_until(
            lambda: len(load.acknowledged) >= acknowledged_before + 5, 60, "writes after recovery"
        )
    print(
        f"outage {back - outage_started:.1f} s, recovered {recovered_after:.1f} s after the "
        f"database returned; {len(load.outcomes)} requests, {len(load.acknowledged)} writes"
    )

    statuses = {outcome.status for outcome in load.outcomes}
    failures = [o for o in load.outcomes if o.status not in {200, 302, 503}]
    assert failures == [], f"{failures[:10]}\n{app.output()}"
    assert 503 in statuses, "no request met the outage: the test proved nothing"
    slowest = max(load.outcomes, key=lambda outcome: outcome.seconds)
    assert slowest.seconds < FAIL_FAST_SECONDS, f"a request hung: {slowest}"

    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as connection:
        stored = {
            row[0]
            for row in connection.execute(
                "SELECT session_key FROM django_session WHERE session_key = ANY(%s)",
                [load.acknowledged],
            )
        }
    missing = set(load.acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"

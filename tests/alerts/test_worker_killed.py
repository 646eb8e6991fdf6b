"""A worker killed mid-task loses nothing: late acknowledgement hands the task to the next one.

Marked `faults` (restarts real processes; run with `pytest -m faults`), not part of `make test`.
A worker subprocess on a throwaway Redis takes an outbox task and blocks on a row lock this
test holds; the test kills it with SIGKILL, releases the lock and starts a second worker. With
a visibility timeout of 3 s the broker hands the unacknowledged task to the second worker,
which does the work (no beat runs here: only the redelivery can bring the task back).
"""

from __future__ import annotations

import datetime
import signal
import subprocess

import psycopg
import pytest
from django.db import connection

from negotiations.alerts.models import ConvergenceEvent, OutboxMessage
from tests.alerts.conftest import (
    start_worker_process,
    stop,
    use_broker,
    wait_until,
    worker_database_url,
)

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_of_a_killed_worker_is_done_by_the_next(
    talks, celery_app, throwaway_redis, tmp_path
):
    throwaway_redis.start()
    use_broker(celery_app, throwaway_redis.url)
    workers: list[subprocess.Popen] = []
    lock = psycopg.connect(worker_database_url(), autocommit=False)
    # A separate autocommit session: inside a transaction, pg_stat_activity is a snapshot.
    watch = psycopg.connect(worker_database_url(), autocommit=True)
    try:
        talks.say(talks.russia, 2, on=datetime.date(2022, 3, 1))
        talks.say(talks.ukraine, 1, on=datetime.date(2022, 3, 1))
        # Hold the demand's row lock (after the writes: their stances' foreign keys need it),
        # so the worker's recompute waits on it, mid-task.
        lock.execute(
            "SELECT id FROM negotiations_demand WHERE id = %s FOR UPDATE", [talks.demand.pk]
        )
        first = OutboxMessage.objects.order_by("pk").first()

        workers.append(start_worker_process(throwaway_redis.url, tmp_path / "worker-1.log"))
        name = connection.settings_dict["NAME"]
        wait_until(
            lambda: watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid() AND wait_event_type = 'Lock'",
                [name],
            ).fetchone()[0],
            what="the first worker to block mid-task",
        )
        stop(workers[0], signal.SIGKILL)
        lock.rollback()  # the orphaned query then fails and its transaction rolls back
        first.refresh_from_db()
        assert first.status == OutboxMessage.Status.PENDING

        workers.append(start_worker_process(throwaway_redis.url, tmp_path / "worker-2.log"))
        wait_until(
            lambda: not OutboxMessage.objects.filter(status="pending").exists(),
            what="the second worker to redo the killed task",
        )
        assert [e.kind for e in ConvergenceEvent.objects.all()] == ["converged"]
    finally:
        lock.close()
        watch.close()
        for worker in workers:
            stop(worker)

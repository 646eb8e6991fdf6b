"""The cost of a write at this size: a stance's position changed, through the ORM, rolled back.

Run by bench/run.py with the bench database's settings (`manage.py shell -c`); prints JSON.
Every save keeps `PositionChange` in step (negotiations/position_changes.py) by recomputing
the (demand, party) pair from the stance's day on, so a stance in the newest statement costs
little and one in the middle of the history costs more: both are measured.
"""

import json
import statistics
import time

from django.db import transaction

from negotiations.models import Stance, Statement

RUNS = 20


class Rollback(Exception):
    pass


def timed_saves(stances: list[Stance]) -> dict:
    timings = []
    for stance in stances:
        try:
            with transaction.atomic():
                started = time.perf_counter()
                stance.position = 2 if stance.position != 2 else -2
                stance.save()
                timings.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))] * 1000, 2),
        "runs": len(timings),
    }


def stances_of(statements) -> list[Stance]:
    found = []
    for statement in statements:
        found += list(statement.stances.all()[:1])
    return found[:RUNS]


published = Statement.objects.published().order_by("-said_on", "-id")
count = published.count()
newest = stances_of(published[: RUNS * 2].prefetch_related("stances"))
middle = stances_of(published[count // 2 : count // 2 + RUNS * 2].prefetch_related("stances"))
print(json.dumps({"newest": timed_saves(newest), "middle": timed_saves(middle)}))

"""Events from published stances through the engine, the outbox rows that writes record."""

import datetime

import pytest
from django.db import transaction

from negotiations.alerts import tasks
from negotiations.alerts.consistency import events_consistency_check
from negotiations.alerts.events import events_recompute
from negotiations.alerts.models import ConvergenceEvent, OutboxMessage
from negotiations.models import Statement
from negotiations.services import StanceInput, statement_retract, statement_update

pytestmark = pytest.mark.django_db

D1, D2, D3 = datetime.date(2022, 3, 1), datetime.date(2022, 3, 10), datetime.date(2022, 3, 20)


def stored(negotiation) -> list[tuple]:
    return sorted(
        (e.kind, e.on, e.party_id, e.gap_before, e.gap_after, tuple(e.statements.values_list("pk")))
        for e in ConvergenceEvent.objects.filter(negotiation=negotiation)
    )


def test_closing_the_gap_stores_a_shift_and_a_converged_event(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    closing = talks.say(talks.ukraine, 1, on=D2)

    result = events_recompute(negotiation=talks.negotiation)

    assert len(result.created) == 2
    converged = ConvergenceEvent.objects.get(kind="converged")
    assert (converged.on, converged.gap_before, converged.gap_after) == (D2, 4, 1)
    assert list(converged.statements.all()) == [closing]
    assert converged.positions == {"russia": 2, "ukraine": 1}
    shift = ConvergenceEvent.objects.get(kind="shift")
    assert (shift.party, shift.direction, shift.old_position, shift.new_position) == (
        talks.ukraine,
        "concession",
        -2,
        1,
    )


def test_recomputing_twice_stores_the_same_events_once(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    talks.say(talks.ukraine, 1, on=D2)
    first = events_recompute(negotiation=talks.negotiation)
    before = stored(talks.negotiation)

    second = events_recompute(negotiation=talks.negotiation)

    assert first.changed and not second.changed
    assert stored(talks.negotiation) == before
    assert ConvergenceEvent.objects.count() == 2


def test_the_outbox_task_run_twice_stores_the_events_once(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, 1, on=D1)
    message = OutboxMessage.objects.order_by("pk").last()

    tasks.process_outbox_message.apply(args=(message.pk,)).get()
    tasks.process_outbox_message.apply(args=(message.pk,)).get()
    for other in OutboxMessage.objects.all():  # and the earlier message, after the later one
        tasks.process_outbox_message.apply(args=(other.pk,)).get()

    assert [e.kind for e in ConvergenceEvent.objects.all()] == ["converged"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"done"}


def test_retracting_the_closing_statement_removes_its_events(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    closing = talks.say(talks.ukraine, 1, on=D2)
    events_recompute(negotiation=talks.negotiation)

    statement_retract(statement=closing, reason="misquoted")
    events_recompute(negotiation=talks.negotiation)

    assert ConvergenceEvent.objects.count() == 0


def test_changing_a_published_stance_updates_the_event_in_place(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    closing = talks.say(talks.ukraine, 1, on=D2)
    events_recompute(negotiation=talks.negotiation)
    converged = ConvergenceEvent.objects.get(kind="converged")

    statement_update(statement=closing, stances=[StanceInput(demand=talks.demand, position=2)])
    result = events_recompute(negotiation=talks.negotiation)

    assert converged.pk in result.updated
    converged.refresh_from_db()
    assert converged.gap_after == 0


def test_each_write_of_a_published_statement_records_outbox_work(talks):
    draft = talks.say(talks.russia, 2, on=D1, publish=False)
    assert OutboxMessage.objects.count() == 0  # a draft changes no event

    statement_update(statement=draft, status=Statement.Status.PUBLISHED)
    statement_update(statement=draft, said_on=D3)
    statement_retract(statement=draft)
    statement_retract(statement=draft)  # already retracted: nothing more to do

    messages = list(OutboxMessage.objects.order_by("pk"))
    assert len(messages) == 3
    assert all(
        m.payload == {"negotiation_id": talks.negotiation.pk, "demand_ids": [talks.demand.pk]}
        for m in messages
    )
    assert {m.status for m in messages} == {"pending"}


def test_the_outbox_row_commits_or_rolls_back_with_the_write(talks):
    with pytest.raises(RuntimeError), transaction.atomic():
        talks.say(talks.russia, 2, on=D1)
        raise RuntimeError("the write fails after the statement")
    assert OutboxMessage.objects.count() == 0
    assert Statement.objects.count() == 0


def test_the_consistency_check_reports_and_repairs_differences(talks):
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    talks.say(talks.ukraine, 1, on=D2)
    events_recompute(negotiation=talks.negotiation)
    assert events_consistency_check() == {}

    ConvergenceEvent.objects.filter(kind="converged").delete()
    ConvergenceEvent.objects.filter(kind="shift").update(gap_after=3)

    assert events_consistency_check() == {"talks": {"missing": 1, "stale": 1, "extra": 0}}
    assert events_consistency_check() == {}
    assert ConvergenceEvent.objects.count() == 2


def test_the_check_events_command_reports_then_repairs(talks):
    from io import StringIO

    from django.core.management import call_command

    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, 1, on=D1)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check_events", stdout=out)
    assert out.getvalue() == "talks: 1 missing, 0 stale, 0 extra\n"
    call_command("check_events", "--repair", stdout=StringIO())
    out = StringIO()
    call_command("check_events", stdout=out)
    assert out.getvalue() == "Stored events match the engine.\n"


def test_tasks_survive_a_killed_worker_and_the_beat_knows_them():
    from django.conf import settings

    from config.celery import app

    for task in (tasks.process_outbox_message, tasks.deliver, tasks.redispatch_outbox):
        assert task.acks_late and task.reject_on_worker_lost  # redelivered, not lost
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "negotiations.alerts.tasks.redispatch_outbox",
        "negotiations.alerts.tasks.retry_deliveries",
        "negotiations.alerts.tasks.check_events",
    } <= scheduled
    alerts_tasks = {name for name in scheduled if name.startswith("negotiations.alerts.")}
    assert alerts_tasks <= set(app.tasks)

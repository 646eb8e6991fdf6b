"""The embedded default (`make run`, no broker): the work runs inline right after the commit."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from negotiations.alerts.models import ConvergenceEvent, Delivery, OutboxMessage
from negotiations.alerts.subscriptions import subscription_create


@pytest.fixture
def inline_celery():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield app
    finally:
        app.conf.task_always_eager = before


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_commit_runs_the_work_inline(talks, inline_celery, mailoutbox):
    owner = get_user_model().objects.create_user("analyst", email="desk@example.org")
    subscription_create(owner=owner, negotiation=talks.negotiation, channel="email")

    talks.say(talks.russia, 2, on=datetime.date(2022, 3, 1))
    talks.say(talks.ukraine, 1, on=datetime.date(2022, 3, 2))

    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"done"}
    assert [e.kind for e in ConvergenceEvent.objects.all()] == ["converged"]
    assert Delivery.objects.get().status == "delivered"
    assert [m.to for m in mailoutbox] == [["desk@example.org"]]

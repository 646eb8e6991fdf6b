"""generate_synthetic: exact counts, the same data for the same seed, every constraint kept."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from negotiations.models import Demand, Negotiation, Source, Stance, Statement
from negotiations.selectors import party_for_speaker
from negotiations.synthetic import generate_synthetic
from parties.models import Membership, Party, Person

pytestmark = pytest.mark.django_db


def digest() -> str:
    """Everything that matters about the bulk rows, independent of the ids they got."""
    rows = Stance.objects.order_by("statement__said_on", "statement__text", "demand__slug")
    rows = rows.values_list(
        "statement__said_on",
        "statement__party__slug",
        "statement__speaker__slug",
        "statement__kind",
        "statement__status",
        "statement__text",
        "statement__source__url",
        "demand__slug",
        "demand__negotiation__slug",
        "party__slug",
        "position",
        "conditions",
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_exact_counts_and_summary():
    summary = generate_synthetic(stances=1200, negotiations=3, seed=5)
    assert Stance.objects.count() == summary.stances == 1200
    assert Statement.objects.count() == summary.statements
    assert 400 <= summary.statements <= 1200  # one to three stances each
    assert Source.objects.count() == summary.sources
    assert Negotiation.objects.count() == 3
    assert Demand.objects.count() == summary.demands == 15
    assert Statement.objects.published().count() > 0.9 * summary.statements


def test_same_seed_same_data_other_seed_other_data():
    generate_synthetic(stances=600, negotiations=2, seed=11)
    first = digest()
    Stance.objects.all().delete()
    Statement.objects.all().delete()
    Source.objects.all().delete()
    Demand.objects.all().delete()
    Negotiation.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Party.objects.all().delete()
    # Same seed on a database whose sequences have moved on: same content, other ids.
    generate_synthetic(stances=600, negotiations=2, seed=11, prefix="syn11")
    assert digest() == first
    generate_synthetic(stances=600, negotiations=2, seed=12)
    assert Stance.objects.count() == 1200


def test_rows_keep_the_rules_the_services_enforce():
    generate_synthetic(stances=900, negotiations=2, seed=3)
    # Quotes have sources, stances sit on demands of their statement's negotiation.
    assert not Statement.objects.filter(kind="quote", source__isnull=True).exists()
    for stance in Stance.objects.select_related("statement", "demand")[:300]:
        assert stance.demand.negotiation_id == stance.statement.negotiation_id
        assert -2 <= stance.position <= 2
    # A speaker spoke for the statement's party on that day.
    for statement in Statement.objects.filter(speaker__isnull=False).select_related(
        "speaker", "party"
    )[:200]:
        assert party_for_speaker(person=statement.speaker, on=statement.said_on) is not None
        assert Membership.objects.filter(person=statement.speaker, party=statement.party).exists()
    # A sample of rows passes the models' own validation, constraints included.
    for statement in Statement.objects.order_by("id")[:50]:
        statement.full_clean()
    for stance in Stance.objects.order_by("id")[:50]:
        stance.full_clean()
    # New rows after a bulk load get fresh ids (the sequences moved past the copied rows).
    statement = Statement.objects.order_by("id").first()
    statement.pk = None
    statement.save()
    assert statement.pk > Statement.objects.exclude(pk=statement.pk).order_by("-id")[0].pk


def test_positions_drift_and_principals_sometimes_converge():
    generate_synthetic(stances=4000, negotiations=2, seed=1)
    moved = 0
    for demand in Demand.objects.all():
        for party in (demand.demanded_by, demand.addressed_to):
            positions = set(
                Stance.objects.filter(demand=demand, party=party).values_list("position", flat=True)
            )
            moved += len(positions) > 1
    assert moved >= 8  # of 20 principal lanes
    # Somewhere the two principals' latest positions are within the threshold.
    closest = min(
        abs(
            Stance.objects.filter(demand=demand, party=demand.demanded_by)
            .order_by("-statement__said_on", "-id")
            .values_list("position", flat=True)[0]
            - Stance.objects.filter(demand=demand, party=demand.addressed_to)
            .order_by("-statement__said_on", "-id")
            .values_list("position", flat=True)[0]
        )
        for demand in Demand.objects.all()
    )
    assert closest <= 1


def test_command_reports_and_refuses_a_second_run_with_the_same_prefix():
    out = StringIO()
    call_command("generate_synthetic", "--stances", "50", "--negotiations", "1", stdout=out)
    assert "Created 50 stances" in out.getvalue()
    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command("generate_synthetic", "--stances", "50", "--negotiations", "1")
    assert Stance.objects.count() == 50
    with pytest.raises(CommandError, match="stances"):
        call_command("generate_synthetic", "--stances", "-1")

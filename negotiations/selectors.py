"""Reads shared by pages, the API and the services."""

from datetime import date

from django.db.models import F, Q

from parties.models import Membership, Party, Person


def party_for_speaker(*, person: Person, on: date) -> Party | None:
    """Whom the person spoke for on that day: the membership covering it (latest start wins)."""
    membership = (
        Membership.objects.filter(person=person)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("party")
        .order_by(F("start_date").desc(nulls_last=True), "-id")
        .first()
    )
    return membership.party if membership else None

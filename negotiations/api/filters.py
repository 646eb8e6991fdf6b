"""Query filters (django-filter). Slugs name related objects; an unknown slug matches nothing.

``q`` searches the words of statements (text and translation, and a stance's conditions),
case-insensitively. ``status`` narrows what the reader may see: anonymous readers see
published statements only, whatever they ask.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q

from negotiations.models import Demand, Position, Round, Stance, Statement
from parties.models import Membership

ORDERING_CHOICES = (("said_on", "Oldest first"), ("-said_on", "Newest first (default)"))


class StatementFilter(django_filters.FilterSet):
    negotiation = django_filters.CharFilter(
        field_name="negotiation__slug", help_text="Negotiation slug."
    )
    party = django_filters.CharFilter(
        field_name="party__slug", help_text="Slug of the party the statement speaks for."
    )
    speaker = django_filters.CharFilter(field_name="speaker__slug", help_text="Person slug.")
    demand = django_filters.CharFilter(
        method="filter_demand", help_text="Demand slug: statements with a stance on it."
    )
    said_on = django_filters.DateFromToRangeFilter(
        help_text="Date range: said_on_after and/or said_on_before (inclusive, YYYY-MM-DD)."
    )
    kind = django_filters.MultipleChoiceFilter(choices=Statement.Kind.choices)
    status = django_filters.MultipleChoiceFilter(
        choices=Statement.Status.choices,
        help_text="Signed-in editors and reviewers only; anonymous readers see published only.",
    )
    q = django_filters.CharFilter(method="filter_q", help_text="Words in the text or translation.")
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES, method="filter_nothing", help_text="Order by date."
    )

    class Meta:
        model = Statement
        fields = ["negotiation", "party", "speaker", "demand", "said_on", "kind", "status", "q"]

    def filter_demand(self, queryset, name, value):
        return queryset.filter(
            Exists(Stance.objects.filter(statement_id=OuterRef("pk"), demand__slug=value))
        )

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(translation__icontains=value))

    def filter_nothing(self, queryset, name, value):
        return queryset  # the pagination orders; the view reads the choice


class StanceFilter(django_filters.FilterSet):
    negotiation = django_filters.CharFilter(
        field_name="statement__negotiation__slug", help_text="Negotiation slug."
    )
    party = django_filters.CharFilter(
        field_name="party__slug", help_text="Slug of the party whose position it is."
    )
    speaker = django_filters.CharFilter(
        field_name="statement__speaker__slug", help_text="Slug of the person who spoke."
    )
    demand = django_filters.CharFilter(field_name="demand__slug", help_text="Demand slug.")
    said_on = django_filters.DateFromToRangeFilter(
        field_name="statement__said_on",
        help_text="Date range: said_on_after and/or said_on_before (inclusive, YYYY-MM-DD).",
    )
    kind = django_filters.MultipleChoiceFilter(
        field_name="statement__kind", choices=Statement.Kind.choices
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="statement__status",
        choices=Statement.Status.choices,
        help_text="Signed-in editors and reviewers only; anonymous readers see published only.",
    )
    position = django_filters.TypedMultipleChoiceFilter(choices=Position.choices, coerce=int)
    q = django_filters.CharFilter(
        method="filter_q", help_text="Words in the statement's text or the stance's conditions."
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES, method="filter_nothing", help_text="Order by date."
    )

    class Meta:
        model = Stance
        fields = ["negotiation", "party", "speaker", "demand", "said_on", "kind", "status"]
        fields += ["position", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(statement__text__icontains=value)
            | Q(statement__translation__icontains=value)
            | Q(conditions__icontains=value)
        )

    def filter_nothing(self, queryset, name, value):
        return queryset


class RoundFilter(django_filters.FilterSet):
    negotiation = django_filters.CharFilter(
        field_name="negotiation__slug", help_text="Negotiation slug."
    )

    class Meta:
        model = Round
        fields = ["negotiation"]


class DemandFilter(RoundFilter):
    class Meta:
        model = Demand
        fields = ["negotiation"]


class MembershipFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(field_name="person__slug", help_text="Person slug.")
    party = django_filters.CharFilter(field_name="party__slug", help_text="Party slug.")

    class Meta:
        model = Membership
        fields = ["person", "party"]

"""Negotiations with their participants, rounds and demands; the demand admin."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from negotiations.admin.base import ParleyAdmin
from negotiations.models import Demand, Negotiation, Participant, Round


def timeline_path(negotiation: Negotiation) -> str:
    """The public timeline page of a negotiation."""
    return reverse("timeline", kwargs={"slug": negotiation.slug})


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["party"]


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


class DemandInline(admin.StackedInline):
    model = Demand
    extra = 0
    autocomplete_fields = ["demanded_by", "addressed_to"]
    fields = [
        ("title", "slug"),
        ("demanded_by", "addressed_to"),
        ("topic", "weight"),
        "description",
        "keywords",
    ]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


@admin.register(Negotiation)
class NegotiationAdmin(ParleyAdmin):
    list_display = ["title", "start_date", "end_date", "convergence_threshold", "timeline"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    inlines = [ParticipantInline, RoundInline, DemandInline]

    def view_on_site(self, obj: Negotiation) -> str:
        return timeline_path(obj)

    @admin.display(description="public timeline")
    def timeline(self, obj: Negotiation) -> str:
        return format_html('<a href="{}">{}</a>', timeline_path(obj), timeline_path(obj))


@admin.register(Demand)
class DemandAdmin(ParleyAdmin):
    list_display = ["title", "negotiation", "demanded_by", "addressed_to", "topic", "weight"]
    list_filter = ["negotiation", "demanded_by", "topic"]
    search_fields = ["title", "slug", "description", "topic", "keywords"]
    autocomplete_fields = ["demanded_by", "addressed_to"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["negotiation", "demanded_by", "addressed_to"]

"""Parties, people and memberships in the editors' admin."""

from django.contrib import admin

from negotiations.admin.base import ParleyAdmin
from parties.models import Membership, Party, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "role", "start_date", "end_date"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Party)
class PartyAdmin(ParleyAdmin):
    list_display = ["name", "short_name", "classification", "country_code", "parent"]
    list_filter = ["classification"]
    search_fields = ["name", "short_name", "slug", "country_code", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Person)
class PersonAdmin(ParleyAdmin):
    list_display = ["name", "slug", "wikidata_id"]
    # other_names is JSON; searching its text form finds aliases like "Zelenskyy".
    search_fields = ["name", "slug", "other_names", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ParleyAdmin):
    list_display = ["person", "party", "role", "start_date", "end_date"]
    list_filter = ["party"]
    search_fields = ["person__name", "party__name", "role"]
    autocomplete_fields = ["person", "party"]
    list_select_related = ["person", "party"]

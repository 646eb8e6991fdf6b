"""Statements and their stances: what editors spend their day in.

Every write goes through negotiations/services.py: saving the form calls `statement_create` /
`statement_update` with the stances of the inline, and the "publish" / "retract" actions call
`statement_publish` / `statement_retract`. Editors write drafts; publishing, retracting and
changing what is already published need `negotiations.publish_statement` (Reviewers).
"""

from datetime import date

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from negotiations.admin.base import ParleyAdmin
from negotiations.admin.negotiations import timeline_path
from negotiations.admin.statement_forms import (
    StanceAdminForm,
    StanceInlineFormSet,
    StatementAdminForm,
)
from negotiations.models import Negotiation, Stance, Statement
from negotiations.services import (
    default_party,
    statement_create,
    statement_publish,
    statement_retract,
    statement_update,
)
from parties.models import Person

PUBLISH_PERMISSION = "negotiations.publish_statement"


def can_publish(request: HttpRequest) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


def statement_timeline_url(statement: Statement) -> str:
    """Its card on the timeline (templates/negotiations/includes/statement_card.html)."""
    return f"{timeline_path(statement.negotiation)}#statement-{statement.pk}"


class StanceInline(admin.TabularInline):
    model = Stance
    form = StanceAdminForm
    formset = StanceInlineFormSet
    extra = 2
    autocomplete_fields = ["demand", "party"]
    fields = ["demand", "party", "position", "conditions"]

    # The stances are part of the statement: the same rule decides who may change them.
    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and _may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


def _may_edit(request: HttpRequest, statement: Statement | None) -> bool:
    """Editors change drafts; what is published or retracted is for Reviewers."""
    if statement is None or statement.status == Statement.Status.DRAFT:
        return True
    return can_publish(request)


@admin.register(Statement)
class StatementAdmin(ParleyAdmin):
    form = StatementAdminForm
    inlines = [StanceInline]
    list_display = [
        "said_on_display",
        "party",
        "speaker",
        "short_text",
        "kind",
        "status",
        "negotiation",
        "timeline",
    ]
    list_display_links = ["said_on_display", "short_text"]
    list_filter = [
        "negotiation",
        ("party", admin.RelatedOnlyFieldListFilter),
        ("speaker", admin.RelatedOnlyFieldListFilter),
        "status",
        "kind",
        "said_on",
    ]
    search_fields = [
        "text",
        "translation",
        "speaker__name",
        "speaker__other_names",
        "source__url",
        "source__title",
        "source__outlet",
    ]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "party", "source"]
    list_select_related = ["negotiation", "party", "speaker"]
    readonly_fields = ["status", "retraction_reason", "created_by", "created_at", "updated_at"]
    actions = ["publish", "retract"]
    fieldsets = [
        (None, {"fields": ["negotiation", ("said_on", "said_on_precision"), "speaker", "party"]}),
        (None, {"fields": ["kind", "text", ("language", "translation"), "source"]}),
        (
            "Status",
            {
                "fields": [
                    ("status", "retraction_reason"),
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
    ]

    class Media:
        js = ["js/statement-party-default.js"]

    # --- permissions --------------------------------------------------------------------
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_publish_permission(self, request) -> bool:
        return can_publish(request)

    # --- list columns -------------------------------------------------------------------
    @admin.display(description="said on", ordering="said_on")
    def said_on_display(self, obj: Statement) -> str:
        if obj.said_on_precision == Statement.Precision.YEAR:
            return f"{obj.said_on:%Y}"
        if obj.said_on_precision == Statement.Precision.MONTH:
            return f"{obj.said_on:%B %Y}"
        return f"{obj.said_on:%Y-%m-%d}"

    @admin.display(description="text")
    def short_text(self, obj: Statement) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."

    @admin.display(description="public timeline")
    def timeline(self, obj: Statement) -> str:
        return format_html('<a href="{}">view</a>', statement_timeline_url(obj))

    def view_on_site(self, obj: Statement) -> str:
        """The statement's own public page; the list's "view" link is its timeline card."""
        return reverse("statement-detail", args=[obj.pk])

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "negotiation" not in initial:
            # One negotiation tracked (the demo): no need to pick it every time.
            only = list(Negotiation.objects.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                initial["negotiation"] = only[0]
        return initial

    # --- saving through the services ----------------------------------------------------
    def save_model(self, request, obj, form, change) -> None:
        """Deferred to save_related, which has the stances too (one service call, atomic)."""

    def save_related(self, request, form, formsets, change) -> None:
        stance_formset = next(f for f in formsets if isinstance(f, StanceInlineFormSet))
        stances = stance_formset.stance_inputs()
        statement = form.instance
        if change:
            statement_update(statement=statement, by=request.user, stances=stances)
        else:
            fields = {name: getattr(statement, name) for name in StatementAdminForm.Meta.fields}
            negotiation = fields.pop("negotiation")
            created = statement_create(
                negotiation=negotiation, by=request.user, stances=stances, **fields
            )
            statement.pk = created.pk
            statement.created_by = created.created_by
            statement._state.adding = False
        for formset in formsets:
            # The services wrote the stances; the admin's change message expects these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, [], add)
        if any(f.has_changed() for f in formsets):
            message.append({"changed": {"fields": ["stances"]}})
        return message

    # --- actions ------------------------------------------------------------------------
    @admin.action(description="Publish the selected statements", permissions=["publish"])
    def publish(self, request, queryset) -> None:
        self._apply(request, queryset, statement_publish, "published")

    @admin.action(description="Retract the selected statements", permissions=["publish"])
    def retract(self, request, queryset):
        """Asks for the reason first (a confirmation page), then retracts through the service."""
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") == "yes" and reason:

            def retract_with_reason(*, statement, by):
                return statement_retract(statement=statement, by=by, reason=reason)

            self._apply(request, queryset, retract_with_reason, "retracted")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Retract statements",
            "opts": self.model._meta,
            "queryset": queryset.select_related("party"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "reason": reason,
            "error": "Say why they are retracted." if request.POST.get("confirm") else "",
        }
        return TemplateResponse(request, "admin/negotiations/statement/retract.html", context)

    def _apply(self, request, queryset, service, verb: str) -> None:
        done, refused = 0, []
        for statement in queryset.select_related("negotiation", "party"):
            try:
                service(statement=statement, by=request.user)
            except ValidationError as error:
                refused.append(f"{statement}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} statement(s) {verb}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not {verb}: {line}", messages.ERROR)

    # --- the party default, for static/js/statement-party-default.js ---------------------
    def get_urls(self):
        urls = [
            path(
                "party-default/",
                self.admin_site.admin_view(self.party_default_view),
                name="negotiations_statement_party_default",
            )
        ]
        return urls + super().get_urls()

    def party_default_view(self, request):
        """JSON {"id", "text"} of the party the speaker's membership gives on the date."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        try:
            speaker = Person.objects.get(pk=int(request.GET.get("speaker", "")))
            said_on = date.fromisoformat(request.GET.get("said_on", ""))
        except (ValueError, Person.DoesNotExist):
            return JsonResponse({"id": None, "text": None})
        party = default_party(speaker=speaker, said_on=said_on)
        if party is None:
            return JsonResponse({"id": None, "text": None})
        return JsonResponse({"id": party.pk, "text": str(party)})

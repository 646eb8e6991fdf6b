"""Admin: submit articles, review the drafts extracted from them, register feeds."""

from __future__ import annotations

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from negotiations.ingest import services
from negotiations.ingest.forms import CandidateReviewForm
from negotiations.ingest.models import Article, Candidate, Feed


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "negotiation", "active", "last_polled_at", "last_error"]
    list_filter = ["active", "negotiation"]
    readonly_fields = ["last_polled_at", "last_error"]
    actions = ["poll_now"]

    @admin.action(description="Poll the selected feeds now")
    def poll_now(self, request, queryset):
        count = sum(len(services.feed_poll(feed=feed)) for feed in queryset)
        self.message_user(request, f"{count} new article(s) queued.")


class CandidateInline(admin.TabularInline):
    model = Candidate
    fields = ["review_link", "speaker", "said_on", "review", "duplicate_of"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("statement__speaker", "statement__party", "duplicate_of__party")
        )

    @admin.display(description="Candidate")
    def review_link(self, obj):
        url = reverse("admin:ingest_candidate_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.statement.text[:80])

    @admin.display(description="Speaker")
    def speaker(self, obj):
        return obj.statement.speaker or obj.proposed_speaker or obj.statement.party

    @admin.display(description="Date")
    def said_on(self, obj):
        return obj.statement.said_on


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "negotiation",
        "published_on",
        "status",
        "candidate_count",
        "created_at",
    ]
    list_filter = ["status", "negotiation"]
    search_fields = ["title", "url"]
    inlines = [CandidateInline]
    actions = ["process_again"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("negotiation")
            .annotate(n_candidates=Count("candidates"))
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["negotiation", "url", "file", "text", "published_on", "title"]
        return [
            "negotiation",
            "url",
            "file",
            "title",
            "published_on",
            "status",
            "error",
            "notes",
            "source",
            "feed",
            "created_by",
            "created_at",
            "processed_at",
            "text",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description="Candidates", ordering="n_candidates")
    def candidate_count(self, obj):
        return obj.n_candidates

    def save_model(self, request, obj, form, change):
        if not change:
            services.article_queue(article=obj, by=request.user)

    @admin.action(description="Process the selected failed articles again")
    def process_again(self, request, queryset):
        for article in queryset.filter(status=Article.Status.FAILED):
            services.article_retry(article=article)
        self.message_user(request, "Failed articles queued again.")


class DuplicateFilter(admin.SimpleListFilter):
    title = "duplicate"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged as duplicate"), ("no", "Not a duplicate")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        return queryset


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """The review queue: one row per drafted statement, reviewed on its own page."""

    list_display = [
        "statement_text",
        "speaker",
        "party",
        "said_on",
        "stances",
        "confidence",
        "is_duplicate",
        "review",
    ]
    list_filter = ["review", DuplicateFilter, "article__negotiation"]
    list_select_related = ["statement__speaker", "statement__party", "article"]
    search_fields = ["statement__text", "evidence"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("statement__stances__demand", "statement__stances__party")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Statement")
    def statement_text(self, obj):
        return obj.statement.text[:100]

    @admin.display(description="Speaker")
    def speaker(self, obj):
        if obj.statement.speaker:
            return obj.statement.speaker
        return f"{obj.proposed_speaker} (new)" if obj.proposed_speaker else "-"

    @admin.display(description="Party")
    def party(self, obj):
        return obj.statement.party

    @admin.display(description="Date")
    def said_on(self, obj):
        day = obj.statement.said_on.isoformat()
        return day if obj.date_from_text else f"{day} (?)"

    @admin.display(description="Stances")
    def stances(self, obj):
        return (
            "; ".join(f"{s.demand.slug} {s.position:+d}" for s in obj.statement.stances.all())
            or "-"
        )

    @admin.display(description="Duplicate", boolean=True)
    def is_duplicate(self, obj):
        return obj.duplicate_of_id is not None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = get_object_or_404(
            Candidate.objects.select_related(
                "article",
                "statement__negotiation",
                "statement__speaker",
                "statement__party",
                "duplicate_of__party",
                "duplicate_of__speaker",
                "merged_into",
            ),
            pk=object_id,
        )
        if not self.has_view_or_change_permission(request, candidate):
            return HttpResponseRedirect(reverse("admin:index"))
        form = CandidateReviewForm(request.POST or None, candidate=candidate)
        if request.method == "POST" and self.has_change_permission(request, candidate):
            done = self._review(request, candidate, form)
            if done:
                return HttpResponseRedirect(
                    reverse("admin:ingest_candidate_change", args=[candidate.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review candidate statement",
            "candidate": candidate,
            "form": form,
            "article_html": highlight(candidate.article.text, candidate.evidence),
            "stances": candidate.statement.stances.select_related("demand", "party"),
            "pending": candidate.review == Candidate.Review.PENDING,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/ingest/candidate/review.html", context)

    def _review(self, request, candidate, form) -> bool:
        action = request.POST.get("action")
        try:
            if action == "discard":
                services.candidate_discard(candidate=candidate, by=request.user)
                self.message_user(request, "Discarded: the draft is retracted.")
                return True
            if not form.is_valid():
                return False
            if action == "merge":
                into = form.cleaned_data.get("merge_into")
                if into is None:
                    form.add_error("merge_into", "Choose the statement to merge into.")
                    return False
                services.candidate_merge(candidate=candidate, into=into, by=request.user)
                self.message_user(request, f"Merged into statement {into.pk}.")
                return True
            if action == "accept":
                statement = services.candidate_accept(
                    candidate=candidate,
                    by=request.user,
                    stances=form.cleaned_data["stances"],
                    create_person=form.cleaned_data.get("create_person", False),
                    **form.statement_fields(),
                )
                self.message_user(request, f"Accepted: statement {statement.pk} is a draft.")
                return True
        except ValidationError as error:
            for field, errors in getattr(
                error, "message_dict", {"__all__": error.messages}
            ).items():
                form.add_error(field if field in form.fields else None, errors)
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        return False


def highlight(text: str, evidence: str) -> str:
    """The article text, escaped, with the evidence sentence(s) marked."""
    html = escape(text)
    pieces = [escape(p) for p in re.split(r"(?<=[.!?”\"])\s+", evidence) if len(p) > 3]
    for piece in pieces or [escape(evidence)]:
        if piece and piece in html:
            html = html.replace(piece, f"<mark>{piece}</mark>", 1)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - escaped above

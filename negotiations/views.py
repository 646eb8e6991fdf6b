"""Analysts' pages: server-rendered, enhanced by htmx, complete without JavaScript.

Each page is one template; the regions htmx swaps are its partials, chosen here by the
element htmx targets (``HX-Target``). A history restore (back/forward with htmx's cache
missed) and any plain request get the whole page, and ``Vary: HX-Request`` keeps browsers and
proxies from serving a fragment where a page was asked for.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from negotiations.models import Negotiation, Stance, Statement
from negotiations.timeline import pages
from negotiations.timeline.selectors import negotiation_timeline, timeline_feed

TIMELINE = "negotiations/timeline.html"


def _htmx_target(request) -> str | None:
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request or htmx.boosted:
        return None
    return htmx.target


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    return render(request, "negotiations/home.html", {"overview": pages.home_overview()})


@require_GET
@vary_on_headers("HX-Request")
def timeline(request, slug: str):
    negotiation = get_object_or_404(Negotiation, slug=slug)
    cursor = request.GET.get("before")
    target = _htmx_target(request)
    if target == "feed-more":
        feed = timeline_feed(negotiation=negotiation, params=request.GET, cursor=cursor)
        context = {"negotiation": negotiation, "feed": feed, "query": _query(request)}
        return render(request, f"{TIMELINE}#feed-page", context)
    data = negotiation_timeline(negotiation=negotiation, params=request.GET, cursor=cursor)
    template = f"{TIMELINE}#results" if target == "results" else TIMELINE
    context = {"negotiation": negotiation, "t": data, "feed": data.feed, "query": _query(request)}
    return render(request, template, context)


def _query(request) -> str:
    """The filters of this request without the feed cursor, for "load more" links."""
    query = request.GET.copy()
    query.pop("before", None)
    for name in [name for name, value in query.items() if not value]:
        query.pop(name)
    return query.urlencode()


@require_GET
@vary_on_headers("HX-Request")
def demand_detail(request, slug: str, demand_slug: str):
    data = pages.demand_history(
        negotiation_slug=slug, demand_slug=demand_slug, cursor=request.GET.get("before")
    )
    if data is None:
        raise Http404("No such demand in this negotiation.")
    template = "negotiations/demand.html"
    if _htmx_target(request) == "stances-more":
        template += "#stance-rows"
    return render(request, template, {"d": data})


@require_GET
@vary_on_headers("HX-Request")
def statement_detail(request, pk: int):
    """A statement with its source and stances; in the timeline's side panel under htmx.

    Retracted statements stay readable (with the reason): a timeline seen "as known on" an
    earlier date links to them. Drafts are for staff only.
    """
    statements = Statement.objects.select_related("speaker", "party", "source", "negotiation")
    if not (request.user.is_authenticated and request.user.is_staff):
        statements = statements.exclude(status=Statement.Status.DRAFT)
    statement = get_object_or_404(
        statements.prefetch_related(
            Prefetch(
                "stances",
                queryset=Stance.objects.select_related("demand", "party").order_by(
                    "demand_id", "party_id"
                ),
            )
        ),
        pk=pk,
    )
    template = "negotiations/statement.html"
    if _htmx_target(request) == "panel":
        template += "#panel"
    return render(request, template, {"statement": statement})

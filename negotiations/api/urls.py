"""The API under /api/: version 1 at /api/v1/, the OpenAPI schema and Swagger UI."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from negotiations.api.views import changes, convergence, export, resources, statements
from negotiations.freshness import cached_response


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([])
@throttle_classes([])
def not_found(request):
    """Unknown API paths answer in JSON like the rest of the API."""
    raise NotFound()


class Router(DefaultRouter):
    """The root also lists the routes made by hand (demands, changes)."""

    def get_api_root_view(self, api_urls=None):
        root = {
            prefix: self.routes[0].name.format(basename=basename)
            for prefix, _, basename in self.registry
        }
        root |= {"demands": "demand-list", "changes": "changes"}
        return self.APIRootView.as_view(api_root_dict=dict(sorted(root.items())))


router = Router()
router.include_format_suffixes = False
router.register("parties", resources.PartyViewSet, basename="party")
router.register("people", resources.PersonViewSet, basename="person")
router.register("memberships", resources.MembershipViewSet, basename="membership")
router.register("negotiations", resources.NegotiationViewSet, basename="negotiation")
router.register("rounds", resources.RoundViewSet, basename="round")
router.register("sources", resources.SourceViewSet, basename="source")
router.register("statements", statements.StatementViewSet, basename="statement")
router.register("stances", statements.StanceViewSet, basename="stance")

SLUG = resources.ANY

v1 = [
    path(
        "demands/",
        resources.DemandViewSet.as_view({"get": "list"}),
        name="demand-list",
    ),
    re_path(
        rf"^demands/(?P<negotiation>{SLUG})/(?P<slug>{SLUG})/$",
        resources.DemandViewSet.as_view({"get": "retrieve"}),
        name="demand-detail",
    ),
    # Anonymous reads of the statements list and of convergence come from the cache until
    # the next write, and a matching If-None-Match is answered before the view runs
    # (negotiations/freshness.py; README "Scale and benchmarks" has the numbers).
    path(
        "statements/",
        cached_response(statements.StatementViewSet.as_view({"get": "list", "post": "create"})),
        name="statement-list",
    ),
    re_path(
        rf"^negotiations/(?P<slug>{SLUG})/convergence/$",
        cached_response(convergence.ConvergenceView.as_view()),
        name="negotiation-convergence",
    ),
    re_path(
        rf"^negotiations/(?P<slug>{SLUG})/export/$",
        export.ExportView.as_view(),
        name="negotiation-export",
    ),
    path("changes/", changes.ChangesView.as_view(), name="changes"),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found, name="not-found"),
]

urlpatterns = [
    # Before v1's catch-all 404: the alerts app owns its routes (negotiations/alerts/api.py).
    path("v1/subscriptions/", include("negotiations.alerts.api")),
    path("v1/", include((v1, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: our CSP refuses inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

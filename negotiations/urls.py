from django.urls import path

from negotiations import views
from negotiations.freshness import cached_response

# Anonymous readers get these pages from the cache until the next write (freshness.py): the
# timeline recomputes every lane from all the negotiation's stances, which grows with them.

urlpatterns = [
    path("", views.home, name="home"),
    path("negotiations/<slug:slug>/", cached_response(views.timeline), name="timeline"),
    path(
        "negotiations/<slug:slug>/demands/<slug:demand_slug>/",
        cached_response(views.demand_detail),
        name="demand-detail",
    ),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
]

from django.urls import path

from negotiations import views
from negotiations.freshness import cached_response

# Anonymous readers get these pages from the cache until the next write (freshness.py): they
# recompute lanes from all the stances they cover (home: every negotiation's), which grows
# with the data (the timeline at 1M stances: ~7 s of 96k stance rows on a loaded machine).

urlpatterns = [
    path("", cached_response(views.home), name="home"),
    path("negotiations/<slug:slug>/", cached_response(views.timeline), name="timeline"),
    path(
        "negotiations/<slug:slug>/demands/<slug:demand_slug>/",
        cached_response(views.demand_detail),
        name="demand-detail",
    ),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
]

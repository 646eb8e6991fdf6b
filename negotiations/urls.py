from django.urls import path

from negotiations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("negotiations/<slug:slug>/", views.timeline, name="timeline"),
    path(
        "negotiations/<slug:slug>/demands/<slug:demand_slug>/",
        views.demand_detail,
        name="demand-detail",
    ),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
]

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("negotiations.api.urls")),
    path("", include("parties.urls")),
    path("", include("negotiations.urls")),
]

if settings.PARLEY_BENCH_VIEWS:  # make bench's yardsticks only; see negotiations/benchviews.py
    from negotiations import benchviews

    urlpatterns = [
        path("bench/ceiling/", benchviews.ceiling, name="bench-ceiling"),
        path("bench/plain-statements/", benchviews.PlainStatementList.as_view()),
        path("bench/cached-statements/", benchviews.cached_plain_statements),
        *urlpatterns,
    ]

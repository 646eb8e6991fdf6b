from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import health

# A database outage answers 503 (retry later), every other crash the usual 500.
handler500 = "config.security.unavailable.server_error_or_unavailable"
handler400 = "config.security.unavailable.bad_request_or_unavailable"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Sign-in for every user (analysts in private mode too); the admin's own login is staff-only.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("negotiations.api.urls")),
    path("", include("negotiations.alerts.urls")),
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

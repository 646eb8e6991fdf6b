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
    path("", include("parties.urls")),
    path("", include("negotiations.urls")),
]

from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("negotiations.api.urls")),
    path("", include("negotiations.alerts.urls")),
    path("", include("parties.urls")),
    path("", include("negotiations.urls")),
]

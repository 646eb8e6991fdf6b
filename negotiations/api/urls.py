from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/subscriptions/", include("negotiations.alerts.api")),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

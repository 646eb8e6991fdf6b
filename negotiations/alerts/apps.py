from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "negotiations.alerts"
    label = "alerts"
    verbose_name = "Convergence events and alerts"

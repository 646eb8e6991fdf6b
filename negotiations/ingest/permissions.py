"""Ingest permissions for the Editors and Reviewers groups (see negotiations/groups.py)."""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions

MODELS = ["article", "candidate", "feed"]


def grant_ingest_permissions(apps=django_apps) -> None:
    """Editors and Reviewers submit articles, review candidates and add feeds (no deletes)."""
    app_config = apps.get_app_config("ingest")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="ingest",
        codename__in=[f"{a}_{m}" for m in MODELS for a in ("add", "change", "view")],
    )
    for name in ("Editors", "Reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)

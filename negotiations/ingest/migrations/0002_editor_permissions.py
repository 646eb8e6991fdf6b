"""Editors and Reviewers use the ingest admin: submit articles, review candidates, add feeds."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["article", "candidate", "feed"]


def grant(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_articles_candidates_feeds"),
        ("negotiations", "0004_editor_and_reviewer_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

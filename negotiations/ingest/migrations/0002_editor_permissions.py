"""Editors and Reviewers use the ingest admin: submit articles, review candidates, add feeds."""

from django.db import migrations

from negotiations.ingest.permissions import grant_ingest_permissions


def grant(apps, schema_editor):
    grant_ingest_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_articles_candidates_feeds"),
        ("negotiations", "0004_editor_and_reviewer_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""A stance's demand belongs to its statement's negotiation: a trigger (see db_rules.py)."""

from django.db import migrations


def create_triggers(apps, schema_editor):
    from negotiations.db_rules import ensure_db_rules

    ensure_db_rules(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    from negotiations.db_rules import drop_db_rules

    drop_db_rules(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0002_statement_publish_permission")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

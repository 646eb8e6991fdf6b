"""The Editors and Reviewers groups (see negotiations/groups.py). Only superusers delete."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from negotiations.groups import ensure_editor_groups

    ensure_editor_groups(apps)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("parties", "0001_initial"),
        ("negotiations", "0003_stance_demand_in_statement_negotiation"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]

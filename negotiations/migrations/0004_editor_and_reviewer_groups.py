"""The Editors and Reviewers groups. Neither may delete: only superusers delete.

Editors add and change drafts, sources, people, parties, memberships, demands and stances and
view everything; Reviewers may also publish and retract (negotiations.publish_statement).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE = {
    "parties": ["party", "person", "membership"],
    "negotiations": ["demand", "source", "statement", "stance"],
}
VIEW_ONLY = {
    "negotiations": ["negotiation", "participant", "round"],
}
REVIEWER_EXTRA = [("negotiations", "publish_statement")]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("parties", "negotiations"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editor_permissions = []
    for app_label, models in EDITABLE.items():
        for model in models:
            for action in ("add", "change", "view"):
                editor_permissions.append(permission(app_label, f"{action}_{model}"))
    for app_label, models in VIEW_ONLY.items():
        for model in models:
            editor_permissions.append(permission(app_label, f"view_{model}"))

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*editor_permissions)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(
        *editor_permissions, *(permission(app, codename) for app, codename in REVIEWER_EXTRA)
    )


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

"""The Editors and Reviewers groups and their permissions. Neither may delete anything.

Editors add and change drafts, sources, people, parties, memberships, demands and stances and
view everything; Reviewers may also publish and retract (negotiations.publish_statement).
Used by the data migration (with the migration's historical models) and by `setup_demo` and
tests (with the current ones), so a flushed database gets the same groups back.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions

EDITORS, REVIEWERS = "Editors", "Reviewers"
EDITABLE = {
    "parties": ["party", "person", "membership"],
    "negotiations": ["demand", "source", "statement", "stance"],
}
VIEW_ONLY = {"negotiations": ["negotiation", "participant", "round"]}
REVIEWER_EXTRA = [("negotiations", "publish_statement")]


def ensure_editor_groups(apps=django_apps) -> None:
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("parties", "negotiations"):
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label: str, codename: str):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editor_permissions = [
        permission(app_label, f"{action}_{model}")
        for app_label, models in EDITABLE.items()
        for model in models
        for action in ("add", "change", "view")
    ] + [
        permission(app_label, f"view_{model}")
        for app_label, models in VIEW_ONLY.items()
        for model in models
    ]
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*editor_permissions)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(
        *editor_permissions, *(permission(app, codename) for app, codename in REVIEWER_EXTRA)
    )

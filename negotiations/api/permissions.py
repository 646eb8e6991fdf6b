"""Who may do what through the API: reads for everyone, writes by model permission.

Editors hold ``add_statement``/``change_statement``, Reviewers ``publish_statement``
(the groups are set up by the admin work); superusers hold everything. Nobody deletes.
Which rows a reader sees is the selectors' business (``api.selectors``), not this module's.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

PUBLISH_PERMISSION = "negotiations.publish_statement"


class ReadOnlyOrModelPermission(BasePermission):
    """Safe methods for all; POST needs ``add_<model>``, PUT/PATCH ``change_<model>``."""

    perms_for_method = {"POST": "add", "PUT": "change", "PATCH": "change"}

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or request.method not in view.allowed_methods:
            return True  # reads for all; a method the view lacks gets its 405 from DRF
        user = request.user
        if not (user and user.is_authenticated):
            return False
        action = self.perms_for_method.get(request.method)
        if action is None:
            return False
        if not hasattr(view, "get_queryset"):
            return False  # a view with no model takes no writes
        model = view.get_queryset().model
        return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


class CanPublish(BasePermission):
    """Publishing and retracting: the Reviewers' permission."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(PUBLISH_PERMISSION))


def sees_drafts(user) -> bool:
    """Drafts and retracted statements are for those who may work on them."""
    return bool(
        user
        and user.is_authenticated
        and (
            user.has_perm("negotiations.change_statement")
            or user.has_perm(PUBLISH_PERMISSION)
            or user.has_perm("negotiations.view_statement")
        )
    )

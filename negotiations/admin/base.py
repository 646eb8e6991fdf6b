"""What every admin of the project shares: history views and "only superusers delete"."""

from simple_history.admin import SimpleHistoryAdmin


class ParleyAdmin(SimpleHistoryAdmin):
    """History view on every model; deleting is for superusers only, whatever the groups say."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

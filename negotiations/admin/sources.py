"""Sources: where statements were published."""

from django.contrib import admin

from negotiations.admin.base import ParleyAdmin
from negotiations.models import Source


@admin.register(Source)
class SourceAdmin(ParleyAdmin):
    list_display = ["__str__", "outlet", "published_on", "reliability", "language"]
    list_filter = ["reliability", "outlet", "language"]
    search_fields = ["url", "title", "outlet"]
    date_hierarchy = "published_on"

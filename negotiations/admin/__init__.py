"""The editors' admin, one module per group of models (registration happens on import)."""

from django.contrib import admin

from negotiations.admin import negotiations, sources, statements  # noqa: F401

admin.site.site_header = "Parley: the editors' admin"
admin.site.site_title = "Parley admin"
admin.site.index_title = "Negotiations, statements and the people behind them"

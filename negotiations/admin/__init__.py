"""The editors' admin, one module per group of models (registration happens on import)."""

from negotiations.admin import negotiations, sources, statements  # noqa: F401

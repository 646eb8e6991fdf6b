from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_db_rules(sender, using, **kwargs) -> None:
    from django.db import connections

    from negotiations.db_rules import ensure_db_rules

    ensure_db_rules(connections[using])


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Negotiations"

    def ready(self) -> None:
        # SQLite loses triggers when a later migration rebuilds a table: put them back.
        post_migrate.connect(_ensure_db_rules, sender=self, dispatch_uid="negotiations-db-rules")
        # Cached responses and ETags follow every committed write (negotiations/freshness.py).
        from negotiations.freshness import connect_signals

        connect_signals()
        # Each party's steps on each demand follow every write (negotiations/position_changes.py).
        from negotiations import position_changes

        position_changes.connect_signals()

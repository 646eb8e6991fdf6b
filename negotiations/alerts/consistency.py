"""The nightly consistency check: recompute every negotiation's events and report differences.

Stored events should always equal the engine's answer; a difference means some work was lost
or a bug wrote a wrong row. The check logs each difference, repairs it, and sends the events
that were missing (a subscriber should hear of them late rather than never).
"""

from __future__ import annotations

import logging

from negotiations import position_changes
from negotiations.alerts.delivery import deliveries_create, deliveries_dispatch
from negotiations.alerts.events import events_check, events_recompute
from negotiations.models import Negotiation

logger = logging.getLogger(__name__)


POSITION_CHANGES = "(position changes)"


def events_consistency_check(*, repair: bool = True) -> dict[str, dict[str, int]]:
    """Per negotiation slug with a difference: how many events were missing, stale, extra.

    The position changes the events are computed from are checked first (reported under
    ``POSITION_CHANGES``, and rebuilt with ``repair``).
    """
    report: dict[str, dict[str, int]] = {}
    drift = position_changes.check(repair=repair)
    if drift["missing"] or drift["stale"]:
        report[POSITION_CHANGES] = {**drift, "extra": 0}
        logger.warning("position changes differ from the stances: %s", drift)
    for negotiation in Negotiation.objects.order_by("pk"):
        diff = events_check(negotiation=negotiation)
        if not diff.changed:
            continue
        report[negotiation.slug] = {
            "missing": len(diff.created),
            "stale": len(diff.updated),
            "extra": len(diff.deleted),
        }
        logger.warning(
            "events of %s differ from the engine: %s", negotiation.slug, report[negotiation.slug]
        )
        if repair:
            result = events_recompute(negotiation=negotiation)
            deliveries_dispatch(delivery_ids=deliveries_create(event_ids=result.created))
    return report

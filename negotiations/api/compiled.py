"""SQL compiled once per query shape, for the hot unfiltered lists.

Building and compiling a queryset costs ~1 ms per query in Django, about as much as PostgreSQL
takes to run it: the uncached statements list spent ~2 ms of ~7 there. A shape is everything
that changes the SQL text (who may see drafts, the order, whether a cursor applies, the page
size); its values (the cursor, the page's statement ids) are parameters. The ORM compiles each
shape once, with sentinel values in place of the parameters, and later requests run the same
text with their own values. When the sentinels cannot be found in the compiled parameters
(an ORM change), the shape is marked and the ORM path is used: never a wrong query.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from django.db import connection
from django.db.models import QuerySet

_shapes: dict[Hashable, tuple[str, list, list[int]] | None] = {}


def compiled_rows(
    shape: Hashable,
    build: Callable[[Sequence | None], QuerySet],
    values: Sequence | None,
    sentinels: Sequence | None,
) -> list[dict] | None:
    """The rows of ``build(values)`` as dicts, from this shape's compiled SQL.

    ``build`` makes the queryset (a ``.values()`` queryset) for given parameter values;
    ``sentinels`` are as many distinct stand-ins, used once to compile. None when this shape
    cannot be compiled: the caller runs ``build(values)`` itself.
    """
    key = (connection.vendor, connection.alias, shape)
    if key not in _shapes:
        _shapes[key] = _compile(build, sentinels)
    entry = _shapes[key]
    if entry is None:
        return None
    sql, params, slots = entry
    if slots:
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _compile(build, sentinels) -> tuple[str, list, list[int]] | None:
    sql, params = build(sentinels).query.sql_with_params()
    params = list(params)
    slots = []
    for sentinel in sentinels or ():
        found = [i for i, param in enumerate(params) if param == sentinel]
        if len(found) != 1:
            return None
        slots.append(found[0])
    return sql, params, slots

"""Keyset ("cursor") pagination: stable while editors insert, and no COUNT(*).

A page is the rows after the cursor in a fixed total order, found with a row-value
comparison such as ``(said_on, id) < ('2022-03-16', 812)`` that PostgreSQL answers from the
index; inserting or retracting rows elsewhere never shifts a page or repeats a row. The
cursor is opaque to clients (URL-safe base64 of the last row's keys) and only moves forward:
follow ``next`` until it is null.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from negotiations.api.compiled import compiled_rows

CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page_size"


def encode_cursor(values: Sequence) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(raw: str, types: Sequence[type]) -> tuple:
    """The keys a cursor carries, typed; a 400 naming `cursor` when it is not one of ours."""
    try:
        padded = raw + "=" * (-len(raw) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError("wrong shape")
        typed = []
        for value, kind in zip(values, types, strict=True):
            if kind is int:
                if not isinstance(value, int) or isinstance(value, bool):
                    raise ValueError("not an integer")
                typed.append(value)
            elif kind is str:
                typed.append(str(value))
            else:  # date / datetime
                typed.append(kind.fromisoformat(value))
        return tuple(typed)
    except (ValueError, TypeError, UnicodeError, binascii.Error, json.JSONDecodeError) as error:
        raise ValidationError({CURSOR_PARAM: ["This cursor is not valid."]}) from error


def page_size_of(request) -> int:
    raw = request.query_params.get(PAGE_SIZE_PARAM)
    if raw in (None, ""):
        return settings.API_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= settings.API_MAX_PAGE_SIZE:
        raise ValidationError(
            {PAGE_SIZE_PARAM: [f"Give a whole number from 1 to {settings.API_MAX_PAGE_SIZE}."]}
        )
    return size


#: Stand-ins for cursor values while a page query is compiled (negotiations/api/compiled.py).
SENTINELS = {int: -8_675_309, date: date(1, 1, 3), str: "\x00cursor-sentinel"}


def after(keys: Sequence[str], cursor: tuple, *, descending: bool):
    """The row-value condition ``(k1, k2) < (v1, v2)`` (or ``>`` when ascending)."""
    lookup = TupleLessThan if descending else TupleGreaterThan
    return lookup(Tuple(*(F(key) for key in keys)), cursor)


class KeysetPagination(BasePagination):
    """The view names its order: ``keyset_fields`` (query paths), ``keyset_keys`` (the same
    values' names in a row), ``keyset_types`` and ``keyset_descending``."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        fields, types = view.keyset_fields, view.keyset_types
        keys = getattr(view, "keyset_keys", fields)
        descending = getattr(view, "keyset_descending", True)
        size = page_size_of(request)
        raw = request.query_params.get(CURSOR_PARAM)
        cursor = decode_cursor(raw, types) if raw else None
        order = [f"-{field}" if descending else field for field in fields]

        def build(values):
            page = queryset
            if values is not None:
                page = page.filter(after(fields, tuple(values), descending=descending))
            return page.order_by(*order)[: size + 1]

        # A view whose queryset has a known shape (no filters) runs the SQL compiled once
        # for that shape (negotiations/api/compiled.py); others go through the ORM.
        shape = view.compiled_shape() if hasattr(view, "compiled_shape") else None
        rows = None
        if shape is not None:
            rows = compiled_rows(
                (shape, descending, cursor is not None, size),
                build,
                cursor,
                [SENTINELS[kind] for kind in types] if cursor is not None else None,
            )
        if rows is None:
            rows = list(build(cursor))
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_cursor = None
        if self.has_next:
            last = rows[-1]
            get = last.get if isinstance(last, dict) else lambda key: getattr(last, key)
            self.next_cursor = encode_cursor([get(key) for key in keys])
        return rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, CURSOR_PARAM, self.next_cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "required": False,
                "in": "query",
                "description": "Opaque position from a previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {settings.API_PAGE_SIZE}, "
                f"at most {settings.API_MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
        ]

"""Bench-only endpoints (`PARLEY_BENCH_VIEWS=1`), the yardsticks of `make bench`.

- the ceiling: a trivial view behind the same middleware, returning a constant JSON body of
  the requested size, so the API list's throughput reads as a share of what Django itself
  can serve on this machine;
- the plain DRF list: the statements list as a textbook ModelSerializer + CursorPagination,
  the implementation the real API must beat (issue 9 asks for 2x), and the same list behind
  `negotiations.freshness.cached_response` (cache hits and early 304s).
Never enabled in production: the URLs exist only when the setting is on.
"""

from functools import cache

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from negotiations.freshness import cached_response
from negotiations.models import Stance, Statement

CEILING_MAX_BYTES = 1_000_000


@cache
def _constant_body(size: int) -> bytes:
    filler = size - len(b'{"filler":""}')
    return b'{"filler":"' + b"x" * max(filler, 0) + b'"}'


@require_GET
def ceiling(request):
    try:
        size = min(max(int(request.GET.get("bytes", "1000")), 0), CEILING_MAX_BYTES)
    except ValueError:
        size = 1000
    return HttpResponse(_constant_body(size), content_type="application/json")


class PlainStanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stance
        fields = ["id", "demand", "party", "position", "conditions"]


class PlainStatementSerializer(serializers.ModelSerializer):
    stances = PlainStanceSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id", "negotiation", "said_on", "speaker", "party", "kind", "text", "language",
            "translation", "source", "status", "stances",
        ]  # fmt: skip


class PlainCursor(CursorPagination):
    ordering = ("-said_on", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class PlainStatementList(generics.ListAPIView):
    serializer_class = PlainStatementSerializer
    pagination_class = PlainCursor
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get_queryset(self):
        return Statement.objects.published().prefetch_related("stances")


# The same list behind negotiations.freshness.cached_response: what a cache hit and an early
# 304 cost, measured even before the real API list adopts it.
cached_plain_statements = cached_response(PlainStatementList.as_view())

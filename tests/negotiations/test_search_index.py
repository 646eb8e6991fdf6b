"""The word search uses the trigram indexes on PostgreSQL (migration 0007)."""

import pytest
from django.db import connection

from negotiations.models import Statement
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def test_word_search_is_served_by_the_trigram_index():
    StatementFactory(text="We will never accept a Ceasefire on these terms.")
    StatementFactory(text="Talks resume on Monday.")
    found = Statement.objects.filter(text__icontains="ceasefire")
    assert [s.text[:20] for s in found] == ["We will never accept"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the index count
        sql, params = found.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_text_trgm" in plan

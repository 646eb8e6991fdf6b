"""While the database is away the error handlers answer 503 with Retry-After, not 500 or 400."""

import psycopg_pool
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError
from django.test import RequestFactory

from config.security.unavailable import (
    bad_request_or_unavailable,
    server_error_or_unavailable,
)


def handle_500(error: Exception, path: str = "/"):
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:  # Django calls handler500 inside its own except block
        return server_error_or_unavailable(request)


def test_a_database_error_answers_503_with_retry_after():
    response = handle_500(OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_a_pool_timeout_answers_503_in_json_on_the_api():
    response = handle_500(psycopg_pool.PoolTimeout("couldn't get a connection"), "/api/v1/x/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


def test_any_other_crash_is_still_a_500():
    assert handle_500(ValueError("bug")).status_code == 500


def test_a_session_save_that_met_the_outage_answers_503():
    try:
        try:
            raise OperationalError("server closed the connection")
        except OperationalError:
            raise SessionInterrupted("session deleted") from None
    except SessionInterrupted as error:
        interrupted = error
    # `from None` hides the cause from tracebacks, the context still records it.
    assert bad_request_or_unavailable(RequestFactory().get("/"), interrupted).status_code == 503
    assert (
        bad_request_or_unavailable(RequestFactory().get("/"), SessionInterrupted("x")).status_code
        == 400
    )

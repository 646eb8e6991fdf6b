"""503 instead of 500 (or a hung worker) while the database is unreachable."""

import logging
import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request, server_error

logger = logging.getLogger(__name__)

# The database is away (restart, failover, network): the request can be retried as is.
DATABASE_AWAY = (OperationalError, InterfaceError, psycopg.OperationalError)
RETRY_AFTER_SECONDS = 5


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"detail": "The database is unavailable; retry in a few seconds."}, status=503
        )
    else:
        response = HttpResponse(
            "<!doctype html><title>Unavailable</title><h1>Temporarily unavailable</h1>"
            "<p>The database is unavailable; retry in a few seconds.</p>",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error_or_unavailable(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it inside its except block, so the exception is at hand.

    Any uncaught exception lands here, from a view, a template or a middleware (the session
    and auth middleware read the database too), so one place covers them all.
    """
    error = sys.exception()
    if caused_by_database_outage(error):
        logger.warning("database unavailable, answered 503: %s", type(error).__name__)
        return database_unavailable(request)
    return server_error(request)


def caused_by_database_outage(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DATABASE_AWAY):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def bad_request_or_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's session middleware reports a failed session save as a 400
    (SessionInterrupted, raised while handling the database error); that is an outage too."""
    if caused_by_database_outage(exception):
        logger.warning("database unavailable while saving the session, answered 503")
        return database_unavailable(request)
    return bad_request(request, exception)

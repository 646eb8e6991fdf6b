"""503 instead of 500 (or a hung worker) while the database is unreachable."""

import logging
import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import server_error

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
    if isinstance(error, DATABASE_AWAY):
        logger.warning("database unavailable, answered 503: %s", type(error).__name__)
        return database_unavailable(request)
    return server_error(request)

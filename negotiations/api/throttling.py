"""Per-client request limits, read from settings at request time so tests can change them.

DRF's own throttles take their rates from ``api_settings`` copied when the class is defined;
these read ``settings.API_THROTTLE_ANON`` / ``settings.API_THROTTLE_USER`` for each request
(None: no limit).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients, counted per IP address."""

    scope = "anon"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_ANON  # None: not throttled


class UserThrottle(UserRateThrottle):
    """Signed-in clients (token or session), counted per user."""

    scope = "user"

    def allow_request(self, request, view) -> bool:
        # Anonymous requests are the other throttle's business.
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_USER

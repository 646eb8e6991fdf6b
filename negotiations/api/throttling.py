"""Per-client request limits, read from settings at request time so tests can change them.

DRF's own throttles copy their rates when the class is defined; these read
``settings.API_THROTTLE_ANON`` / ``settings.API_THROTTLE_USER`` on each request.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients, counted per IP address."""

    scope = "anon"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class UserThrottle(UserRateThrottle):
    """Signed-in clients (token or session), counted per user."""

    scope = "user"

    def allow_request(self, request, view) -> bool:
        # Anonymous requests are the other throttle's business.
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)

    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER

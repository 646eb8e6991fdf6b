"""Private mode (PARLEY_PRIVATE): reads require a signed-in user or a valid API token."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def is_open(request: HttpRequest) -> bool:
    """Health check, login pages and the admin (which guards itself) stay reachable."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # the 404 page reveals nothing
    if "admin" in match.namespaces:
        return True
    return match.view_name in settings.PARLEY_PRIVATE_OPEN_URL_NAMES


def api_user(request: HttpRequest):
    """The user DRF's configured authenticators find (token, session...), or None."""
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    authenticators = [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        user = Request(request, authenticators=authenticators).user
    except APIException:
        return None
    return user if user.is_authenticated else None


class PrivateModeMiddleware:
    """Refuses anonymous reads when settings.PARLEY_PRIVATE is true.

    Pages redirect to the login page; API requests get 401 JSON. Unsafe API methods pass on
    to the view, whose own permissions already require a user for every write (and token issue
    must stay open to get a token at all).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PARLEY_PRIVATE and not self.allowed(request):
            if request.path_info.startswith("/api/"):
                response = JsonResponse(
                    {"detail": "Authentication credentials were not provided."}, status=401
                )
                response["WWW-Authenticate"] = 'Token realm="api"'
                return response
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def allowed(self, request: HttpRequest) -> bool:
        if request.user.is_authenticated or is_open(request):
            return True
        if request.path_info.startswith("/api/"):
            if request.method not in SAFE_METHODS:
                return True
            return api_user(request) is not None
        return False

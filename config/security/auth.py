"""django-axes' lockout check as the first authentication backend."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out username/IP pair; lets the next backend authenticate otherwise.

    Every login a client can reach passes the request (the admin's login form, DRF's token
    view and basic authentication). A call without one comes from code the server runs itself
    (Django's test client, management commands) and has no client to throttle, so it is let
    through to the next backend instead of failing with AxesBackendRequestParameterRequired.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

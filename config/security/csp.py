"""One relaxation of the site's Content Security Policy, for DRF's browsable API only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP


class BrowsableApiStylesMiddleware:
    """DRF's browsable API pages (HTML rendered by BrowsableAPIRenderer) come with inline style
    attributes and Bootstrap's injected styles that a self-only style-src refuses. Those pages
    alone get `style-src 'self' 'unsafe-inline'`: styles cannot run code, and script-src stays
    self-only, so untrusted text is still inert there. Sits after the CSP middleware, which
    reads `response._csp_config` on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        renderer = getattr(response, "accepted_renderer", None)
        if renderer is not None and _is_browsable(renderer):
            response._csp_config = {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            }
        return response


def _is_browsable(renderer) -> bool:
    from rest_framework.renderers import BrowsableAPIRenderer

    return isinstance(renderer, BrowsableAPIRenderer)

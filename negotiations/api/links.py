"""Absolute links to API resources, built by string formatting from one reversed base URL.

Reversing a URL per row and field costs more than the rest of a statement row together;
the list endpoints build thousands of links, so the base is reversed once per request.
"""

from django.urls import reverse


class Links:
    def __init__(self, request) -> None:
        base = reverse("api-v1:api-root")
        self.base = request.build_absolute_uri(base) if request is not None else base

    def to(self, route: str, key, *more) -> str | None:
        """The link to `route/key/` (or `route/key/more/`); None when a key is None."""
        if more:
            if key is None or None in more:
                return None
            return f"{self.base}{route}/{key}/{'/'.join(str(k) for k in more)}/"
        return None if key is None else f"{self.base}{route}/{key}/"


def links_of(context) -> Links:
    links = context.get("links")
    if links is None:
        links = context["links"] = Links(context.get("request"))
    return links

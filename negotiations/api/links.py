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
        if key is None:
            return None
        if not more:
            return f"{self.base}{route}/{key}/"
        if len(more) == 1:  # demands/<negotiation>/<demand>/, built ~200 times a page
            return None if more[0] is None else f"{self.base}{route}/{key}/{more[0]}/"
        if None in more:
            return None
        return f"{self.base}{route}/{key}/{'/'.join(str(k) for k in more)}/"


def links_of(context) -> Links:
    links = context.get("links")
    if links is None:
        links = context["links"] = Links(context.get("request"))
    return links

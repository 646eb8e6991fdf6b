"""Absolute links to API resources, built by string formatting from one reversed base URL.

Reversing a URL per row and field costs more than the rest of a statement row together;
the list endpoints build thousands of links, so the base is reversed once per request.
"""

from django.urls import reverse


class Links:
    def __init__(self, request) -> None:
        base = reverse("api-v1:api-root")
        self.base = request.build_absolute_uri(base) if request is not None else base

    def to(self, route: str, *keys) -> str | None:
        if any(key is None for key in keys):
            return None
        return self.base + route + "/" + "/".join(str(key) for key in keys) + "/"


def links_of(context) -> Links:
    links = context.get("links")
    if links is None:
        links = context["links"] = Links(context.get("request"))
    return links

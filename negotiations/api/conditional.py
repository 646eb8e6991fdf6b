"""HTTP validators: reads send a strong ETag (a hash of the body) and answer a matching
``If-None-Match`` with 304; writes honour ``If-Match`` and refuse a stale one with 412.

The ETag a write compares is the hash of the resource's JSON representation, i.e. exactly
the ETag a JSON read of the same resource returned.
"""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from negotiations.api.renderers import FastJSONRenderer


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it: read it again, then retry."
    default_code = "precondition_failed"


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def json_etag(data) -> str:
    return etag_of(FastJSONRenderer().render(data))


def check_if_match(request, current_data) -> None:
    """Raise 412 unless ``If-Match`` is absent, ``*`` or names the current representation."""
    header = request.headers.get("If-Match")
    if not header:
        return
    tags = parse_etags(header)
    if "*" in tags:
        return
    current = json_etag(current_data)
    if current not in tags and current.strip('"') not in tags:
        raise PreconditionFailed()


class ConditionalReadMixin:
    """Adds ETag to successful GET/HEAD responses and turns a matching If-None-Match into 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response) or response.has_header("ETag"):
            return response
        response.render()
        etag = etag_of(response.content)
        response["ETag"] = etag
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        wanted = request.headers.get("If-None-Match")
        if wanted and (etag in parse_etags(wanted) or "*" in parse_etags(wanted)):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Vary", "Cache-Control"):
                if response.has_header(header):
                    not_modified[header] = response[header]
            return not_modified
        return response

"""OpenAPI: every operation documents the error responses it can give, so schemathesis'
status-code conformance holds without exclusions."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error: ``detail`` for request-wide errors; for validation errors (400) one key per
    field path (``said_on``, ``stances[0].position``, ``non_field_errors``) with messages."""

    detail = serializers.CharField(required=False)

    class Meta:
        ref_name = "Error"


ERROR_SCHEMA_EXTRA = {"additionalProperties": {"type": "array", "items": {"type": "string"}}}

DESCRIPTIONS = {
    "400": "Invalid input: each key names the field (nested paths for stances).",
    "401": "Not signed in (send `Authorization: Token <key>`).",
    "403": "Signed in without the permission this needs.",
    "404": "No such resource (or not visible to you), or an unknown `format`.",
    "406": "The requested format is not available.",
    "409": "The statement is not a draft.",
    "412": "`If-Match` names an old version: read again, then retry.",
    "415": "Send JSON.",
    "429": "Too many requests: wait as `Retry-After` says.",
}


class ParleyAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        # 401: a wrong or expired token is refused on any operation; 404: also an unknown
        # `?format=`.
        codes = ["400", "401", "404", "406", "429"]
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["401", "403", "404", "415"]
            if "{" in self.path:
                codes += ["409", "412"]
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            first = next(iter(responses.values()))
            responses["304"] = {
                "description": "Not modified: the `ETag` given in `If-None-Match` is current."
            }
            first.setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": "Send it back in `If-None-Match` (reads) or `If-Match` (writes).",
            }
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = DESCRIPTIONS[code]
                responses[code] = response
        return responses

"""Webhook signing and sending, per the Standard Webhooks convention (standardwebhooks.com).

Each request carries `webhook-id` (the delivery's id: the same on every retry, so a receiver
can drop a duplicate), `webhook-timestamp` (Unix seconds of this attempt) and
`webhook-signature`: `v1,` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")), where the
key is the base64-decoded part of the subscription's `whsec_...` secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)


def new_webhook_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def webhook_signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def webhook_body(payload: dict) -> bytes:
    """The exact bytes sent and signed (stable across retries)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class SendResult:
    ok: bool
    outcome: str  # a DeliveryAttempt.Outcome value
    response_code: int | None = None
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a success: following it would re-send to another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def target_refusal(url: str, *, allow_private: bool) -> str:
    """Why this URL may not be called ("" if it may): only http(s), and no internal hosts.

    Subscriptions come from any signed-in user, so without this a webhook could probe the
    servers next to ours (SSRF). Tests and private deployments set the allow flag.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "only http and https URLs with a host"
    if allow_private:
        return ""
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as error:
        return f"cannot resolve {parts.hostname}: {error}"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return f"{parts.hostname} resolves to a non-public address ({address})"
    return ""


def send_webhook(
    *,
    url: str,
    secret: str,
    message_id: str,
    payload: dict,
    timeout: float,
    allow_private: bool,
) -> SendResult:
    refusal = target_refusal(url, allow_private=allow_private)
    if refusal:
        return SendResult(False, "refused", error=refusal)
    body = webhook_body(payload)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (scheme checked in target_refusal)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Parley-Webhooks/1",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": webhook_signature(
                secret=secret, message_id=message_id, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            code = response.status
    except urllib.error.HTTPError as error:
        error.close()
        return SendResult(False, "http_error", error.code, f"HTTP {error.code}")
    except TimeoutError as error:
        return SendResult(False, "timeout", error=str(error) or "timed out")
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return SendResult(False, "timeout", error=str(error.reason) or "timed out")
        return SendResult(False, "connection_error", error=str(error.reason))
    except OSError as error:
        return SendResult(False, "connection_error", error=str(error))
    if 200 <= code < 300:
        return SendResult(True, "success", code)
    return SendResult(False, "http_error", code, f"HTTP {code}")

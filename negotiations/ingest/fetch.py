"""Fetching a remote article or feed safely: http(s) only, public addresses only, bounded.

An editor (or a feed) names the URL, so the server must not be turned into a way to reach
the machines beside it: private, loopback, link-local and reserved addresses are refused
unless INGEST_ALLOW_PRIVATE_ADDRESSES is set (the tests serve pages from 127.0.0.1).
Redirects are followed by hand so that each hop is checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

MAX_REDIRECTS = 5


class FetchError(Exception):
    """The URL could not or may not be fetched; the message says why, for the editor."""


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _check_address(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"Only http and https URLs are fetched, not {parts.scheme or 'none'}.")
    if not parts.hostname:
        raise FetchError("The URL has no host.")
    if getattr(settings, "INGEST_ALLOW_PRIVATE_ADDRESSES", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(f"Cannot resolve {parts.hostname}: {error}.") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"{parts.hostname} resolves to {address}, a private or reserved address."
            )


def fetch(url: str, *, accept: str = "text/html,application/xhtml+xml,*/*;q=0.8") -> Fetched:
    """GET ``url`` within INGEST_FETCH_TIMEOUT seconds and INGEST_FETCH_MAX_BYTES bytes."""
    timeout = getattr(settings, "INGEST_FETCH_TIMEOUT", 10)
    limit = getattr(settings, "INGEST_FETCH_MAX_BYTES", 5_000_000)
    opener = urllib.request.build_opener(_NoRedirect)
    for _hop in range(MAX_REDIRECTS + 1):
        _check_address(url)
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url, headers={"User-Agent": "Parley article ingest", "Accept": accept}
        )
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            if error.code in {301, 302, 303, 307, 308} and error.headers.get("Location"):
                url = urllib.parse.urljoin(url, error.headers["Location"])
                continue
            raise FetchError(f"{url} answered HTTP {error.code}.") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise FetchError(f"Cannot fetch {url}: {getattr(error, 'reason', error)}.") from error
        with response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url} is larger than {limit} bytes.")
            # the socket timeout bounds each read; the deadline bounds a slow trickle
            deadline = time.monotonic() + timeout
            chunks, size = [], 0
            try:
                while chunk := response.read(65536):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url} is larger than {limit} bytes.")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url} took longer than {timeout} seconds.")
            except (TimeoutError, OSError) as error:
                raise FetchError(f"Reading {url} failed: {error}.") from error
            return Fetched(url, b"".join(chunks), response.headers.get("Content-Type", ""))
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times.")

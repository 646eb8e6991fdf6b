"""Cached responses that are never stale: one data version, changed by every committed write.

`data_version()` is a token kept in the default cache (Redis in production, local memory in
`make run`). Every committed save or delete of a tracker row replaces it (`on_commit`, so a
rolled-back write changes nothing), and with it every cache key and ETag derived from it: a
cached page is either current or never looked up again (it expires with its timeout).
Bulk writes that bypass model signals (COPY in generate_synthetic, `QuerySet.update`, raw SQL)
call `bump_data_version()` themselves.

`cached_response` wraps a GET view (a function view or `View.as_view()`):
- a conditional request whose `If-None-Match` names the current ETag is answered 304 before
  the view, the database or the cache body is touched (the ETag is a digest of the data
  version and the request's key, so equal ETags mean equal bodies);
- otherwise a cached body for the same key is served if it was rendered at the current data
  version (read with the version in one round trip), or the view runs and a 200 is stored.
The key holds the absolute URL (host and scheme: bodies carry absolute links), the Accept
and HX-Request headers and today's date (pages show "today"). Requests with credentials
(a session cookie or an Authorization header) bypass the cache: staff see drafts, and DRF
authenticates inside the view, after this wrapper would have chosen a body. A response whose
rendering asked for a CSRF token is not stored (the token belongs to one visitor).
"""

import hashlib
import logging
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone

log = logging.getLogger(__name__)
VERSION_KEY = "parley:data-version"
KEPT_HEADERS = ("Content-Type", "Vary", "Link", "Content-Language")


def data_version() -> str | None:
    """The current data version; None while the cache is unreachable (then nothing is cached)."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY) or "uncached"
    except Exception:  # a cache outage degrades to "no cache", never to a failed request
        log.warning("freshness: cache unreachable, serving uncached", exc_info=True)
        return None
    return version


def bump_data_version() -> None:
    """Every key and ETag derived from the old version is abandoned.

    Runs after the commit: a cache outage must not turn a stored write into an error. A bump
    lost that way leaves cached pages at most PARLEY_RESPONSE_CACHE_SECONDS old.
    """
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        log.warning("freshness: could not bump the data version", exc_info=True)


def bump_on_commit(**kwargs) -> None:
    transaction.on_commit(bump_data_version)


def connect_signals() -> None:
    """Called from the app configs' ready(): any save or delete of a tracker row counts."""
    from django.apps import apps

    for label in ("parties", "negotiations"):
        for model in apps.get_app_config(label).get_models():
            uid = f"freshness-{model._meta.label}"
            post_save.connect(bump_on_commit, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(bump_on_commit, dispatch_uid="freshness-m2m")


def _has_credentials(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "authorization" in request.headers


def _key(request: HttpRequest) -> str:
    parts = (
        request.build_absolute_uri(),
        request.headers.get("Accept", ""),
        request.headers.get("HX-Request", ""),
        timezone.localdate().isoformat(),
    )
    return "parley:response:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _etag(version: str, key: str) -> str:
    return '"' + hashlib.sha256(f"{version}\x1f{key}".encode()).hexdigest()[:32] + '"'


def _lookup(request: HttpRequest, key: str) -> tuple[str | None, tuple | None]:
    """The current data version and the stored response for `key` if it is of that version.

    A request without If-None-Match reads both in one round trip (the stored entry names the
    version it was rendered at); a conditional one reads the version alone first, since a
    match is answered 304 without the body.
    """
    if "If-None-Match" in request.headers:
        return data_version(), None
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:
        log.warning("freshness: cache unreachable, serving uncached", exc_info=True)
        return None, None
    version = found.get(VERSION_KEY)
    if version is None:
        return data_version(), None
    stored = found.get(key)
    return version, (stored if stored is not None and stored[0] == version else None)


def cached_response(view: Callable | None = None, *, timeout: int | None = None):
    """Serve a view's 200 responses from the cache, and 304s before the view; see above."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            seconds = timeout if timeout is not None else settings.PARLEY_RESPONSE_CACHE_SECONDS
            if seconds <= 0 or request.method not in ("GET", "HEAD") or _has_credentials(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            version, stored = _lookup(request, key)
            if version is None:
                return view(request, *args, **kwargs)
            etag = _etag(version, key)
            if etag in request.headers.get("If-None-Match", ""):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                return response
            if stored is None and "If-None-Match" in request.headers:
                try:
                    stored = cache.get(key)
                except Exception:
                    log.warning("freshness: cache unreachable, serving uncached", exc_info=True)
                    return view(request, *args, **kwargs)
                stored = stored if stored is not None and stored[0] == version else None
            if stored is not None:
                _, content, headers = stored
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                response["ETag"] = etag
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            # A body carrying a CSRF token belongs to one visitor: never share it.
            if (
                response.status_code == 200
                and not response.streaming
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                try:
                    cache.set(key, (version, response.content, headers), seconds)
                except Exception:
                    log.warning("freshness: could not store a response", exc_info=True)
                response["ETag"] = etag
            return response

        return wrapper

    return decorate(view) if view is not None else decorate

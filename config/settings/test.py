"""`make test`: PostgreSQL and Redis from scripts/test-services, never SQLite."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The test suite runs on PostgreSQL: set DATABASE_URL, or run it through "
        "`make test` (scripts/test-services finds or starts a server)."
    )

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Each run gets its own test database, Celery queue and cache prefix, so it never trips over a
# leftover or a concurrent run (a stray worker from another run cannot steal its tasks).
# setdefault: worker and server subprocesses started by the tests inherit the same names.
RUN_ID = os.environ.setdefault("PARLEY_TEST_RUN_ID", str(os.getpid()))
DATABASES["default"]["TEST"] = {"NAME": f"test_parley_{RUN_ID}"}
CELERY_TASK_DEFAULT_QUEUE = f"parley-test-{RUN_ID}"
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"parley-test-{RUN_ID}"  # noqa: F405

# --- Alerts: the tests' webhook receivers listen on 127.0.0.1 -----------------------------
ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS = True
ALERTS_WEBHOOK_TIMEOUT = 5

# --- REST API (issue 5): no throttling in the suite (schemathesis makes thousands of requests);
# the throttling tests set rates with override_settings.
API_THROTTLE_ANON = None
API_THROTTLE_USER = None

# Scale and benchmarks: tests run inside transactions, where on_commit never fires, so the
# data version would not move between a write and the next page: no response cache here
# (tests/negotiations/test_freshness.py turns it on for itself).
PARLEY_RESPONSE_CACHE_SECONDS = 0

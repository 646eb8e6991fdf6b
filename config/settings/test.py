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
# A test database of its own per run, so a run never trips over a leftover or a concurrent one.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get("PARLEY_TEST_DB_NAME", f"test_parley_{os.getpid()}")
}

# --- Alerts: the tests' webhook receivers listen on 127.0.0.1 -----------------------------
ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS = True
ALERTS_WEBHOOK_TIMEOUT = 5

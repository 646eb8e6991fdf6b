"""Settings shared by every environment; each value can come from the environment.

`local` (make run), `test` (make test) and `production` (docker-compose, gunicorn) extend it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.settings.environment import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "parties",
    "negotiations",
    "negotiations.alerts",
    "negotiations.ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the user behind each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: DATABASE_URL, else an embedded SQLite file (make run) --------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool; it refuses a non-zero CONN_MAX_AGE. Size it to a worker's threads.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DATABASE_POOL_SIZE", 4),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
else:
    # The embedded SQLite ignores an index's INCLUDE columns (stance_pair_statement covers a
    # PostgreSQL index-only scan); the index still serves its key columns there.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

LOGIN_URL = "admin:login"

# --- Redis: cache and Celery broker. Unset: local memory cache, tasks run inline --------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "parley"),
            # A cache outage must degrade to a miss, not hang a request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# A worker killed mid-task leaves the message unacknowledged, so the task runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a request when the broker is gone: fail fast, the outbox retries.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_BEAT_SCHEDULE: dict = {}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "negotiations.api.schema.ParleyAutoSchema",
    # Tokens first: an anonymous write then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["negotiations.api.permissions.ReadOnlyOrModelPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "negotiations.api.throttling.AnonymousThrottle",
        "negotiations.api.throttling.UserThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "negotiations.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "negotiations.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parley API",
    "DESCRIPTION": "Peace negotiations: parties, demands, dated and sourced statements, "
    "stances and their convergence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatementStatusEnum": "negotiations.models.Statement.Status",
        "StatementKindEnum": "negotiations.models.Statement.Kind",
        "ReliabilityEnum": "negotiations.models.Source.Reliability",
        "PositionEnum": "negotiations.models.Position",
    },
}

# --- Email (alerts): SMTP when EMAIL_HOST is set, else printed to the console ----------------
# Django 6.1's MAILERS replaces the EMAIL_* settings.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "parley@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Alerts: convergence events, outbox, webhook and email deliveries (negotiations.alerts) ---
from celery.schedules import crontab  # noqa: E402

# Absolute base of links in webhook payloads and emails, e.g. https://parley.example.org
ALERTS_SITE_URL = os.environ.get("ALERTS_SITE_URL", "").rstrip("/")
ALERTS_WEBHOOK_TIMEOUT = env_int("ALERTS_WEBHOOK_TIMEOUT", 10)  # seconds per attempt
# Webhooks to loopback/private addresses are refused (SSRF) unless this is on.
ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
ALERTS_DELIVERY_MAX_ATTEMPTS = env_int("ALERTS_DELIVERY_MAX_ATTEMPTS", 8)
# Wait after the n-th failure: base * 2^(n-1) seconds, capped (below Redis' 1 h visibility).
ALERTS_DELIVERY_BACKOFF_BASE = float(os.environ.get("ALERTS_DELIVERY_BACKOFF_BASE", "30"))
ALERTS_DELIVERY_BACKOFF_MAX = float(os.environ.get("ALERTS_DELIVERY_BACKOFF_MAX", "1800"))
# The beat resends what is this many seconds overdue (outbox rows, deliveries).
ALERTS_OUTBOX_REDISPATCH_AFTER = env_int("ALERTS_OUTBOX_REDISPATCH_AFTER", 30)
ALERTS_DELIVERY_SWEEP_GRACE = env_int("ALERTS_DELIVERY_SWEEP_GRACE", 30)
CELERY_BEAT_SCHEDULE |= {
    "alerts-redispatch-outbox": {
        "task": "negotiations.alerts.tasks.redispatch_outbox",
        "schedule": 60.0,
    },
    "alerts-retry-deliveries": {
        "task": "negotiations.alerts.tasks.retry_deliveries",
        "schedule": 60.0,
    },
    "alerts-check-events-nightly": {
        "task": "negotiations.alerts.tasks.check_events",
        "schedule": crontab(hour=3, minute=17),
    },
}

# --- Ingest: articles fetched and drafted into statements (negotiations.ingest) ---------------
# Fetching follows only http(s) to public addresses; the test settings allow 127.0.0.1.
INGEST_FETCH_TIMEOUT = env_int("INGEST_FETCH_TIMEOUT", 10)  # seconds, whole download
INGEST_FETCH_MAX_BYTES = env_int("INGEST_FETCH_MAX_BYTES", 5_000_000)
INGEST_ALLOW_PRIVATE_ADDRESSES = env_bool("INGEST_ALLOW_PRIVATE_ADDRESSES", False)
INGEST_FEED_POLL_MINUTES = env_int("INGEST_FEED_POLL_MINUTES", 30)
CELERY_BEAT_SCHEDULE["ingest-poll-feeds"] = {
    "task": "negotiations.ingest.tasks.poll_feeds",
    "schedule": INGEST_FEED_POLL_MINUTES * 60,
}

# --- REST API (issue 5): throttling and paging ------------------------------------------------
# Requests per client: anonymous clients by IP, signed-in clients (token or session) by user.
# DRF rate syntax ("<n>/second|minute|hour|day"); raise them for load tests via the environment,
# or set "off" to disable one.
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "120/minute")
API_THROTTLE_USER = os.environ.get("API_THROTTLE_USER", "1200/minute")
API_THROTTLE_ANON = None if API_THROTTLE_ANON == "off" else API_THROTTLE_ANON
API_THROTTLE_USER = None if API_THROTTLE_USER == "off" else API_THROTTLE_USER
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)

# --- Scale and benchmarks (issue 9) ----------------------------------------------------------
# Bench-only yardstick URLs under /bench/ (negotiations/benchviews.py); make bench turns it on.
PARLEY_BENCH_VIEWS = env_bool("PARLEY_BENCH_VIEWS", False)
# How long a cached response (negotiations/freshness.py) may live; writes invalidate it anyway.
PARLEY_RESPONSE_CACHE_SECONDS = env_int("PARLEY_RESPONSE_CACHE_SECONDS", 300)  # 0: off

# --- Reliability and security (issue 8) --------------------------------------------------------
# Content Security Policy (Django 6's built-in middleware): our own scripts and styles only, no
# inline script and no eval. The nonce in style-src is only sent when a template asked for one
# (the admin's change list does, for one <style> block); our templates never do.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
    "config.security.csp.BrowsableApiStylesMiddleware",  # inline styles on DRF's HTML pages only
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append("django.template.context_processors.csp")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Private mode: every page, feed and API read requires a signed-in user (for trackers of talks
# that are not public). /healthz, the login pages and token issue stay open.
PARLEY_PRIVATE = env_bool("PARLEY_PRIVATE", False)
# URL names (namespace:name) that stay open in private mode besides the whole admin, which
# guards itself.
PARLEY_PRIVATE_OPEN_URL_NAMES = ["healthz", "login", "logout", "rest_framework:login"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "config.security.private.PrivateModeMiddleware",
)

# Login protection (django-axes): after AXES_FAILURE_LIMIT failed logins from one IP address for
# one username, that pair is locked out for AXES_COOLOFF_MINUTES (HTTP 429). It covers every
# authenticate() call that passes the request: the admin login and the API's token issue.
INSTALLED_APPS.append("axes")
AUTHENTICATION_BACKENDS = [
    "config.security.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # turns a lockout into a 429 page
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Username and IP address together: a stranger cannot lock an editor out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind N reverse proxies, the client address is the Nth from the right in X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# The database fails fast instead of hanging a request: a new connection gives up after
# DATABASE_CONNECT_TIMEOUT seconds, a request waits at most DATABASE_POOL_TIMEOUT for a pooled
# one, and config.security.unavailable answers 503 while the database is away.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
    DATABASES["default"]["OPTIONS"]["pool"]["timeout"] = env_int("DATABASE_POOL_TIMEOUT", 5)
    # Check a pooled connection before handing it out, so a database restart costs no request
    # a broken connection once the server is back.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side binding lets psycopg prepare a query the second time it runs: the API list's
    # two queries spent more time planned (1.2 ms) than executed (0.5 ms) on every request.
    # Turn it off (0) behind a PgBouncer in transaction mode, which cannot keep prepared
    # statements.
    if os.environ.get("DATABASE_SERVER_SIDE_BINDING", "1") == "1":
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2

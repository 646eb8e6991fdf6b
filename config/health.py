"""`GET /healthz`: is the database up, and the broker when one is configured?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"; the message says why
        return f"down: {type(error).__name__}"
    return "up"


def broker_state() -> str | None:
    """None when tasks run inline (no broker configured)."""
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return f"down: {type(error).__name__}"
    return "up"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_state()}
    broker = broker_state()
    if broker is not None:
        checks["broker"] = broker
    failing = sorted(name for name, state in checks.items() if state != "up")
    body = {"status": "ok" if not failing else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)

import os

import pytest

from tests.faults.servers import Gunicorn, Postgres, manage


@pytest.fixture
def own_postgres():
    server = Postgres()
    try:
        server.init()
        yield server
    finally:
        server.destroy()


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """gunicorn and manage.py against our own servers; nothing of the test run leaks in."""
    return {
        "PATH": os.environ.get("PATH", ""),
        # The test settings: production's middleware and database handling, fast password
        # hashing (the writers sign in), no HTTPS redirect.
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "PARLEY_TEST_RUN_ID": f"faults-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@pytest.fixture
def app_on_own_postgres(own_postgres):
    env = app_env(own_postgres.url)
    manage(env, "migrate", "--no-input")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "get_user_model().objects.create_user('writer', password='writer-password-1')",
    )
    server = Gunicorn(env, workers=3)
    try:
        server.start()
        yield own_postgres, server
    finally:
        server.stop()

"""Suite-wide fixtures: the report header, Playwright on Debian's Chromium, and page guards."""

import os
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM next to it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_report_header(config):
    """Say what the suite runs against, so a log shows it."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        database = f"PostgreSQL {version} ({urlsplit(url).hostname}:{urlsplit(url).port})"
    except Exception as error:
        database = f"unreachable ({type(error).__name__})"
    return [f"database: {database}", f"broker: {os.environ.get('REDIS_URL') or 'none (inline)'}"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (bash .ci/run does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class PageGuard:
    """Collects console errors, page errors and requests that leave the live server."""

    def __init__(self, page, allowed_origin: str):
        self.allowed = urlsplit(allowed_origin).netloc
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("request", self._on_request)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"}:
            return
        if parts.netloc != self.allowed:
            self.foreign_requests.append(request.url)

    def check(self) -> None:
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.foreign_requests == [], f"requests left the server: {self.foreign_requests}"


@pytest.fixture
def page_guard(page, live_server):
    """Use with `page`: fails the test on any console error or foreign request."""
    page.set_default_timeout(15_000)
    guard = PageGuard(page, live_server.url)
    yield guard
    guard.check()

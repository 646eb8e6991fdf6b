"""Ingest fixtures: the seed negotiation in the database, Celery inline, a local web server."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from negotiations.models import Demand, Negotiation, Participant
from parties.models import Membership, Party, Person

CORPUS = Path(__file__).parent / "corpus"


def load_setup(data: dict) -> Negotiation:
    """Create the rows of an exchange-format setup (parties, people, one negotiation)."""
    parties = {}
    for p in data["parties"]:
        parties[p["slug"]] = Party.objects.create(
            slug=p["slug"],
            name=p["name"],
            short_name=p.get("short_name") or "",
            classification=p.get("classification") or "other",
            country_code=p.get("country_code") or "",
        )
    people = {
        p["slug"]: Person.objects.create(
            slug=p["slug"], name=p["name"], other_names=p.get("other_names") or []
        )
        for p in data["people"]
    }
    for m in data["memberships"]:
        Membership.objects.create(
            person=people[m["person"]],
            party=parties[m["party"]],
            role=m.get("role") or "",
            start_date=m.get("start_date"),
            end_date=m.get("end_date"),
        )
    neg = data["negotiations"][0]
    negotiation = Negotiation.objects.create(slug=neg["slug"], title=neg.get("title", neg["slug"]))
    for p in neg["participants"]:
        Participant.objects.create(
            negotiation=negotiation, party=parties[p["party"]], role=p["role"]
        )
    for d in neg["demands"]:
        Demand.objects.create(
            negotiation=negotiation,
            slug=d["slug"],
            title=d["title"][:300],
            description=d.get("description", ""),
            keywords=d.get("keywords") or "",
            demanded_by=parties[d["demanded_by"]],
            addressed_to=parties.get(d.get("addressed_to")),
        )
    return negotiation


@pytest.fixture
def seed_negotiation(db):
    return load_setup(json.loads((CORPUS / "seed-article.setup.json").read_text()))


@pytest.fixture
def seed_text():
    return (CORPUS / "seed-article.txt").read_text()


SEED_DAY = dt.date(2022, 3, 16)


@pytest.fixture
def inline_tasks():
    """Run Celery tasks in the calling thread, as the embedded default does."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class WebServer:
    """A local HTTP server whose pages the test sets: path -> (status, headers, body)."""

    def __init__(self):
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: list[str] = []
        pages, hits = self.pages, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                status, headers, body = pages.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def page(
        self,
        path: str,
        body: str | bytes,
        content_type="text/html; charset=utf-8",
        status=200,
        headers=None,
    ):
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **(headers or {})}, data)
        return self.url(path)


@pytest.fixture
def web():
    server = WebServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
        server.thread.join(timeout=10)


def article_html(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        "<meta name='date' content='2022-03-16'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example News. Subscribe to our newsletter.</footer></body></html>"
    )

"""python manage.py ingest PATH_OR_URL --negotiation SLUG [--published-on DATE] [--json]"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from negotiations.ingest import services
from negotiations.ingest.extraction import Setup, extract
from negotiations.ingest.fetch import FetchError
from negotiations.ingest.models import Article
from negotiations.ingest.selectors import negotiation_setup
from negotiations.models import Negotiation


class Command(BaseCommand):
    help = (
        "Draft statements from a news article (a file or an http(s) URL). With --json, print "
        "the candidates without saving; without it, save them as drafts for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .txt or .html file, or an http(s) URL.")
        parser.add_argument("--negotiation", required=True, help="The negotiation's slug.")
        parser.add_argument(
            "--published-on",
            type=dt.date.fromisoformat,
            help="Publication date, YYYY-MM-DD (resolves 'on Wednesday').",
        )
        parser.add_argument("--json", action="store_true", help="Print, do not save.")

    def handle(self, *args, source, negotiation, published_on, json: bool, **options):
        found = Negotiation.objects.filter(slug=negotiation).first()
        if found is None:
            raise CommandError(f"No negotiation with slug {negotiation!r}.")
        is_url = source.startswith(("http://", "https://"))
        path = Path(source)
        if not is_url and not path.is_file():
            raise CommandError(f"{source} is neither an http(s) URL nor a readable file.")
        if json:
            self._print(found, source, path, is_url, published_on)
        else:
            self._save(found, source, path, is_url, published_on)

    def _print(self, negotiation, source, path, is_url, published_on) -> None:
        # an unsaved article reads the text exactly as the task would
        article = Article(
            negotiation=negotiation, url=source if is_url else "", published_on=published_on
        )
        try:
            if is_url:
                services.read_article(article)
            else:
                with path.open("rb") as handle:
                    article.file = File(handle, name=path.name)
                    services.read_article(article)
        except (services.IngestError, FetchError) as error:
            raise CommandError(str(error)) from error
        cands = extract(
            article.text, article.published_on, Setup.from_exchange(negotiation_setup(negotiation))
        )
        self.stdout.write(json_dumps({"candidates": [c.as_dict() for c in cands]}))

    def _save(self, negotiation, source, path, is_url, published_on) -> None:
        try:
            if is_url:
                article = services.article_submit(
                    negotiation=negotiation, url=source, published_on=published_on
                )
            else:
                with path.open("rb") as handle:
                    article = services.article_submit(
                        negotiation=negotiation,
                        file=File(handle, name=path.name),
                        published_on=published_on,
                    )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        article.refresh_from_db()
        if article.status == Article.Status.QUEUED:
            services.article_process(article=article)  # no worker needed from the shell
            article.refresh_from_db()
        if article.status == Article.Status.FAILED:
            raise CommandError(article.error)
        self.stdout.write(
            f"Article {article.pk}: {article.candidates.count()} draft statement(s) to review."
        )


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

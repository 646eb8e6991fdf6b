"""Ingestion: submit an article, draft statements from it, review them, poll feeds.

Every write goes through here (and, for statements, through negotiations.services), so the
admin, the task, the management command and the feed poller share the same rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import urllib.parse

import feedparser
import trafilatura
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from negotiations.ingest.extraction import Candidate as Extracted
from negotiations.ingest.extraction import Setup, extract
from negotiations.ingest.fetch import FetchError, fetch
from negotiations.ingest.models import Article, Candidate, Feed
from negotiations.ingest.selectors import duplicate_statement, negotiation_setup
from negotiations.models import Demand, Negotiation, Source, Statement
from negotiations.services import (
    StanceInput,
    statement_create,
    statement_retract,
    statement_update,
)
from parties.models import Party, Person

log = logging.getLogger(__name__)
PLACEHOLDER_HOST = "parley.invalid"  # RFC 2606: the article has no public address


class IngestError(Exception):
    """An article could not be read; the message is for the editor."""


# -- submitting -------------------------------------------------------------------------------
@transaction.atomic
def article_submit(
    *,
    negotiation: Negotiation,
    url: str = "",
    file=None,
    text: str = "",
    published_on: dt.date | None = None,
    title: str = "",
    feed: Feed | None = None,
    by=None,
) -> Article:
    """Record an article and queue its extraction (after the transaction commits)."""
    article = Article(
        negotiation=negotiation,
        url=url.strip(),
        text=text.strip(),
        title=title,
        published_on=published_on,
        feed=feed,
    )
    if file:
        article.file = file
    return article_queue(article=article, by=by)


@transaction.atomic
def article_queue(*, article: Article, by=None) -> Article:
    """Save a new (unsaved) article, as the admin's add form builds it, and queue it."""
    article.created_by = article.created_by or by
    article.status = Article.Status.QUEUED
    article.full_clean()
    article.save()
    article_enqueue(article=article)
    return article


@transaction.atomic
def article_retry(*, article: Article) -> None:
    """Queue a failed article again (after the editor fixed its URL or pasted its text)."""
    if article.status != Article.Status.FAILED:
        raise ValidationError("Only a failed article is processed again.")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED, error="")
    article_enqueue(article=article)


def article_enqueue(*, article: Article) -> None:
    pk = article.pk
    transaction.on_commit(lambda: _send(pk))


def _send(article_id: int) -> None:
    from negotiations.ingest.tasks import ingest_article

    try:
        ingest_article.delay(article_id)
    except Exception:
        # the article is saved and stays queued: the periodic sweep sends it again
        log.warning(
            "ingest: could not queue article %s; the sweep will retry", article_id, exc_info=True
        )


def articles_requeue_stale(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Send again the articles still queued after a while (the broker was down, say)."""
    stale = Article.objects.filter(
        status=Article.Status.QUEUED, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    ids = list(stale[:500])
    for pk in ids:
        _send(pk)
    return len(ids)


# -- processing -------------------------------------------------------------------------------
def article_process(*, article: Article) -> list[Candidate]:
    """Read the article, extract candidates and save them as drafts. Never raises for bad
    input: the article ends FAILED with the reason in ``error``."""
    if article.status == Article.Status.DONE:
        return list(article.candidates.all())
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PROCESSING, error="")
    try:
        _read(article)
        extracted = extract(
            article.text,
            article.published_on,
            Setup.from_exchange(negotiation_setup(article.negotiation)),
        )
        return _save_candidates(article=article, extracted=extracted)
    except (IngestError, FetchError) as error:
        _failed(article, str(error))
        return []
    except Exception as error:
        # a bug must not leave the article "processing" for ever: the editor sees it failed
        log.exception("ingest: article %s failed", article.pk)
        _failed(article, f"Extraction failed ({type(error).__name__}); the text is kept.")
        return []


def _failed(article: Article, reason: str) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.FAILED, error=reason, processed_at=timezone.now()
    )
    article.refresh_from_db()


def _read(article: Article) -> None:
    read_article(article)
    article.save(update_fields=["text", "title", "published_on"])


def read_article(article: Article) -> None:
    """Fill ``text`` (and title, date) from the pasted text, the file or the URL; no save."""
    if article.text:
        return
    if article.file:
        raw = article.file.read()
        name = article.file.name.lower()
        html = name.endswith((".html", ".htm")) or raw.lstrip()[:1] == b"<"
        content_type = "text/html" if html else "text/plain"
    elif article.url:
        fetched = fetch(article.url)
        raw, content_type = fetched.content, fetched.content_type
    else:
        raise IngestError("The article has no URL, file or text.")
    if "html" in content_type or raw.lstrip()[:1] == b"<":
        html = raw.decode("utf-8", errors="replace")
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True
        )
        meta = trafilatura.extract_metadata(html)
        if meta is not None:
            article.title = article.title or (meta.title or "")[:500]
            if article.published_on is None and meta.date:
                with contextlib.suppress(ValueError):
                    article.published_on = dt.date.fromisoformat(meta.date[:10])
    else:
        text = raw.decode("utf-8", errors="replace")
    if not text or not text.strip():
        raise IngestError("No article text could be found in the page.")
    article.text = text.strip()


def _source_for(article: Article) -> Source:
    url = article.url or f"https://{PLACEHOLDER_HOST}/articles/{article.pk}"
    source, _created = Source.objects.get_or_create(
        url=url,
        defaults={
            "title": article.title[:500],
            "outlet": urllib.parse.urlsplit(url).hostname or "",
            "published_on": article.published_on,
            "language": "en",
        },
    )
    return source


@transaction.atomic
def _save_candidates(*, article: Article, extracted: list[Extracted]) -> list[Candidate]:
    negotiation = article.negotiation
    source = _source_for(article)
    people = {
        p.slug: p
        for p in Person.objects.filter(
            slug__in={c.speaker_slug for c in extracted if c.speaker_slug}
        )
    }
    parties = {
        p.slug: p
        for p in Party.objects.filter(
            slug__in={c.party for c in extracted if c.party}
            | {s.party for c in extracted for s in c.stances}
        )
    }
    demands = {d.slug: d for d in Demand.objects.filter(negotiation=negotiation)}
    fallback_day = article.published_on or timezone.localdate()
    saved, skipped, own_ids = [], [], set()
    for index, cand in enumerate(extracted):
        party = parties.get(cand.party) if cand.party else None
        if party is None:
            skipped.append(f"no party for: {cand.text[:80]}")
            continue
        speaker = people.get(cand.speaker_slug) if cand.speaker_slug else None
        said_on = min(cand.said_on or fallback_day, timezone.localdate())
        stances = [
            StanceInput(
                demand=demands[s.demand], position=s.position, party=parties.get(s.party) or party
            )
            for s in cand.stances
            if s.demand in demands
        ]
        kind = {"quote": Statement.Kind.QUOTE, "paraphrase": Statement.Kind.PARAPHRASE}.get(
            cand.kind, Statement.Kind.REPORT
        )
        duplicate = duplicate_statement(
            negotiation=negotiation,
            speaker=speaker,
            party=party,
            said_on=said_on,
            text=cand.text,
            exclude_ids=own_ids,
        )
        try:
            statement = statement_create(
                negotiation=negotiation,
                stances=stances,
                said_on=said_on,
                speaker=speaker,
                party=party,
                kind=kind,
                text=cand.text,
                source=source,
                language="en",
                status=Statement.Status.DRAFT,
            )
        except ValidationError as error:
            skipped.append(f"{'; '.join(error.messages)}: {cand.text[:80]}")
            continue
        own_ids.add(statement.pk)
        saved.append(
            Candidate.objects.create(
                article=article,
                statement=statement,
                evidence=cand.evidence,
                confidence=round(max((s.confidence for s in cand.stances), default=0.5), 2),
                proposed_speaker=cand.speaker_name if cand.is_new_person else "",
                date_from_text=cand.said_on is not None,
                duplicate_of=duplicate,
                position_in_article=index,
            )
        )
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.DONE,
        processed_at=timezone.now(),
        source=source,
        notes="\n".join(skipped),
    )
    article.refresh_from_db()
    return saved


# -- reviewing --------------------------------------------------------------------------------
def _reviewed(candidate: Candidate, review: str, by) -> None:
    candidate.review = review
    candidate.reviewed_by = by
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["review", "reviewed_by", "reviewed_at", "merged_into"])


def _pending(candidate: Candidate) -> None:
    if candidate.review != Candidate.Review.PENDING:
        raise ValidationError("This candidate has already been reviewed.")


@transaction.atomic
def candidate_accept(
    *,
    candidate: Candidate,
    by=None,
    stances: list[StanceInput] | None = None,
    create_person: bool = False,
    **fields,
) -> Statement:
    """Keep the candidate as a draft statement, with the editor's edits if any."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _pending(candidate)
    if create_person and candidate.proposed_speaker and not fields.get("speaker"):
        fields["speaker"] = person_propose(name=candidate.proposed_speaker)
    statement = statement_update(statement=candidate.statement, by=by, stances=stances, **fields)
    _reviewed(candidate, Candidate.Review.ACCEPTED, by)
    return statement


@transaction.atomic
def candidate_merge(*, candidate: Candidate, into: Statement, by=None) -> Statement:
    """The candidate repeats ``into``: add the stances ``into`` lacks, retract the draft."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _pending(candidate)
    draft = candidate.statement
    if into.pk == draft.pk or into.negotiation_id != draft.negotiation_id:
        raise ValidationError("Merge into another statement of the same negotiation.")
    current = [
        StanceInput(demand=s.demand, position=s.position, party=s.party, conditions=s.conditions)
        for s in into.stances.select_related("demand", "party")
    ]
    have = {(s.demand.pk, s.party.pk) for s in current}
    added = [
        StanceInput(demand=s.demand, position=s.position, party=s.party, conditions=s.conditions)
        for s in draft.stances.select_related("demand", "party")
        if (s.demand_id, s.party_id) not in have
    ]
    if added:
        statement_update(statement=into, by=by, stances=current + added)
    statement_retract(statement=draft, by=by, reason=f"Merged into statement {into.pk}.")
    candidate.merged_into = into
    _reviewed(candidate, Candidate.Review.MERGED, by)
    return into


@transaction.atomic
def candidate_discard(*, candidate: Candidate, by=None) -> None:
    """Not a statement after all: the draft is retracted (statements are never deleted)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _pending(candidate)
    statement_retract(statement=candidate.statement, by=by, reason="Discarded in review.")
    _reviewed(candidate, Candidate.Review.DISCARDED, by)


def person_propose(*, name: str) -> Person:
    """A new person for a name the article introduced (no memberships yet)."""
    base = slugify(name)[:90] or "person"
    existing = Person.objects.filter(name=name).first()
    if existing:
        return existing
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    person = Person(name=name, slug=slug, other_names=[])
    person.full_clean()
    person.save()
    return person


# -- feeds ------------------------------------------------------------------------------------
def feed_poll(*, feed: Feed) -> list[Article]:
    """Fetch a feed and queue each entry not seen before (one article per URL)."""
    now = timezone.now()
    try:
        fetched = fetch(feed.url, accept="application/rss+xml,application/atom+xml,*/*;q=0.5")
    except FetchError as error:
        Feed.objects.filter(pk=feed.pk).update(last_polled_at=now, last_error=str(error))
        return []
    parsed = feedparser.parse(fetched.content)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom content"
        Feed.objects.filter(pk=feed.pk).update(
            last_polled_at=now, last_error=f"Not a feed: {reason}"
        )
        return []
    known = set(Article.objects.filter(negotiation=feed.negotiation).values_list("url", flat=True))
    created = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link or link in known:
            continue
        known.add(link)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date.fromtimestamp(time.mktime(stamp)) if stamp else None
        try:
            with transaction.atomic():
                created.append(
                    article_submit(
                        negotiation=feed.negotiation,
                        url=link,
                        title=entry.get("title", "")[:500],
                        published_on=published,
                        feed=feed,
                    )
                )
        except (ValidationError, IntegrityError) as error:
            log.warning("feed %s: entry %s skipped: %s", feed.pk, link, error)
    Feed.objects.filter(pk=feed.pk).update(last_polled_at=now, last_error="")
    return created


def feeds_poll() -> int:
    """Poll every active feed; one failing feed does not stop the others."""
    total = 0
    for feed in Feed.objects.filter(active=True):
        total += len(feed_poll(feed=feed))
    return total

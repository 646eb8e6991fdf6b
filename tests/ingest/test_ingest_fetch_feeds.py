"""Fetching articles and feeds from a local web server; feed polling and deduplication."""

import pytest
from django.conf import settings as django_settings

from negotiations.ingest import services
from negotiations.ingest.fetch import FetchError, fetch
from negotiations.ingest.models import Article, Feed
from tests.ingest.conftest import article_html

PAGE = (
    "Russia fundamentally demands that Ukraine renounce membership in NATO.\n"
    "“Negotiations are not easy, but there is some hope,” Sergey Lavrov said on Wednesday."
)


@pytest.fixture
def local_fetch(settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    return settings


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError, match="Only http and https"):
        fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
        "http://192.168.1.1/",
        "http://localhost/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match="private or reserved"):
        fetch(url)


def test_redirects_are_checked_at_every_hop(web, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    target = web.page("/final", "<p>ok</p>")
    start = web.page("/start", "", status=302, headers={"Location": target})
    assert fetch(start).content == b"<p>ok</p>"
    web.page("/bad", "", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="Only http and https"):
        fetch(web.url("/bad"))


def test_size_limit_and_http_errors(web, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    settings.INGEST_FETCH_MAX_BYTES = 1000
    web.page("/big", "x" * 5000)
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch(web.url("/big"))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(web.url("/missing"))


@pytest.mark.django_db(transaction=True)
def test_article_from_a_url_is_fetched_and_its_main_text_extracted(
    web, local_fetch, seed_negotiation, inline_tasks
):
    url = web.page("/world/talks", article_html("Talks progress", PAGE))
    article = services.article_submit(negotiation=seed_negotiation, url=url)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    assert article.title == "Talks progress"
    assert "Subscribe to our newsletter" not in article.text  # page furniture is dropped
    assert article.published_on is not None  # from the page's metadata
    texts = sorted(c.statement.text for c in article.candidates.all())
    assert texts[0].startswith("Negotiations are not easy")
    assert article.source.url == url


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News: talks</title><link>{base}</link>
<description>t</description>
<item><title>First</title><link>{base}/a1</link>
  <pubDate>Wed, 16 Mar 2022 10:00:00 GMT</pubDate></item>
<item><title>Second</title><link>{base}/a2</link>
  <pubDate>Wed, 16 Mar 2022 12:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.mark.django_db(transaction=True)
def test_feeds_are_polled_and_each_article_ingested_once(
    web, local_fetch, seed_negotiation, inline_tasks
):
    base = web.url("")
    web.page("/a1", article_html("First", PAGE))
    web.page("/a2", article_html("Second", "Russia demands that Ukraine recognise Crimea."))
    web.page("/feed.xml", RSS.format(base=base), content_type="application/rss+xml")
    feed = Feed.objects.create(negotiation=seed_negotiation, url=web.url("/feed.xml"))
    assert services.feeds_poll() == 2
    articles = Article.objects.order_by("url")
    assert [a.url for a in articles] == [f"{base}/a1", f"{base}/a2"]
    assert all(a.status == Article.Status.DONE and a.feed == feed for a in articles)
    assert all(a.candidates.exists() for a in articles)
    # polled again: nothing new, nothing fetched twice
    assert services.feeds_poll() == 0
    assert web.hits.count("/a1") == 1
    feed.refresh_from_db()
    assert feed.last_polled_at is not None and feed.last_error == ""


@pytest.mark.django_db(transaction=True)
def test_a_url_submitted_by_hand_is_not_ingested_again_from_a_feed(
    web, local_fetch, seed_negotiation, inline_tasks
):
    base = web.url("")
    web.page("/a1", article_html("First", PAGE))
    web.page("/a2", article_html("Second", PAGE))
    web.page("/feed.xml", RSS.format(base=base), content_type="application/rss+xml")
    services.article_submit(negotiation=seed_negotiation, url=f"{base}/a1")
    feed = Feed.objects.create(negotiation=seed_negotiation, url=web.url("/feed.xml"))
    assert [a.url for a in services.feed_poll(feed=feed)] == [f"{base}/a2"]
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_broken_feed_records_its_error_and_other_feeds_still_run(
    web, local_fetch, seed_negotiation
):
    web.page("/notafeed", "<html><body>hello</body></html>")
    broken = Feed.objects.create(negotiation=seed_negotiation, url=web.url("/notafeed"))
    missing = Feed.objects.create(negotiation=seed_negotiation, url=web.url("/gone.xml"))
    assert services.feeds_poll() == 0
    broken.refresh_from_db()
    missing.refresh_from_db()
    assert broken.last_error
    assert "HTTP 404" in missing.last_error


def test_celery_beat_polls_the_feeds():
    entry = django_settings.CELERY_BEAT_SCHEDULE["ingest-poll-feeds"]
    assert entry["task"] == "negotiations.ingest.tasks.poll_feeds"
    assert entry["schedule"] == django_settings.INGEST_FEED_POLL_MINUTES * 60

"""Celery entry points for ingestion: thin, they take ids and call the services."""

from celery import shared_task

from negotiations.ingest import services
from negotiations.ingest.models import Article


@shared_task(acks_late=True)
def ingest_article(article_id: int) -> int:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    return len(services.article_process(article=article))


@shared_task
def poll_feeds() -> int:
    """Beat's periodic job: articles left queued are sent again, then feeds are polled."""
    services.articles_requeue_stale()
    return services.feeds_poll()

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "negotiations.ingest"
    label = "ingest"
    verbose_name = "Article ingestion"

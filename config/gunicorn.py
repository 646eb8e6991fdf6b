"""gunicorn settings for production (docker-compose) and `make bench`."""

import gc
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"


def post_worker_init(worker):
    # Objects loaded at boot never die: keep them out of the collector's full passes, which
    # otherwise stall ~1% of requests for tens of milliseconds.
    gc.freeze()

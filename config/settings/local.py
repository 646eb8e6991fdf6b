"""`make run`: an embedded SQLite database, tasks inline, debug pages."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool

DEBUG = env_bool("DEBUG", True)
# Only for the local demo server; production refuses to start without its own key.
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405

"""Small formatting filters of the analysts' pages."""

from urllib.parse import urlsplit

from django import template

from negotiations.timeline.charts import POSITION_LABELS

register = template.Library()


@register.filter
def position_label(position: int | None) -> str:
    """2 -> "supports (+2)"; None -> "unknown"."""
    if position is None:
        return "unknown"
    return f"{POSITION_LABELS[position]} ({position:+d})" if position else "open (0)"


@register.filter
def http_url(url: str | None) -> str:
    """The URL if it is http(s), else "" (a stored value never becomes a javascript: link)."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return ""


@register.filter
def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


@register.filter
def index_value(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"

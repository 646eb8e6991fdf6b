"""Every URL pattern of the URLconf, with its parameters filled from the database where possible.

The permission matrix walks this, so a URL another part of the project adds is covered without
touching the test. A parameter is filled from the first row of a model whose name the parameter
or the URL name mentions (`negotiation_slug`, `demand`, `pk` of `statement-detail`...), then
from any model with such a field; a pattern still unfillable is reported as skipped.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

PROJECT_APPS = {"parties", "negotiations", "alerts", "ingest", "auth", "authtoken", "axes"}
MAX_COMBINATIONS = 12


@dataclass
class Route:
    name: str | None  # "namespace:name"
    template: str  # the pattern as written, for messages
    params: list[str]
    callback: object
    candidates: list[str] = field(default_factory=list)  # filled paths, best first

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if self.name and ":" in self.name else ""


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = ":".join(part for part in (namespace, inner) if part)
            routes += walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and ":".join(p for p in (namespace, pattern.name) if p)
            template = prefix + str(pattern.pattern)
            params = list(dict.fromkeys(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", template)))
            params = [a or b for a, b in params]
            routes.append(Route(name, template, params, pattern.callback))
    return routes


def first_rows() -> dict[str, object]:
    """model_name -> its first row, for the project's models that have one."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS or model._meta.app_label.startswith("neg"):
            if model._meta.model_name.startswith("historical"):
                continue
            row = model._default_manager.order_by("pk").first()
            if row is not None:
                rows[model._meta.model_name] = row
    return rows


def admin_model(route: Route):
    """The admin's (app_label, model) behind `admin:app_model_action`, if any."""
    if route.namespace != "admin" or not route.name:
        return None
    url_name = route.name.split(":", 1)[1]
    for model in admin.site._registry:
        stem = f"{model._meta.app_label}_{model._meta.model_name}_"
        if url_name.startswith(stem):
            return model, url_name[len(stem) :]
    return None


def values_for(param: str, route: Route, rows: dict[str, object]) -> list[str]:
    if param == "format":
        return ["json"]
    if param == "app_label":
        return sorted({model._meta.app_label for model in admin.site._registry})
    found = admin_model(route)
    if found and param == "object_id":
        model, _ = found
        row = rows.get(model._meta.model_name)
        return [str(row.pk)] if row else ["1"]
    stem = re.sub(r"_(slug|pk|id)$", "", param)
    attribute = "slug" if param.endswith("slug") else param
    if param in {"pk", "id", "object_id"} or re.search(r"_(pk|id)$", param):
        attribute = "pk"
    route_name = (route.name or "").replace("-", "_")
    # The path segment before the parameter names its model: negotiations/<slug:slug>/.
    segment = re.search(rf"([\w-]+)/<(?:\w+:)?{param}>|([\w-]+)/\(\?P<{param}>", route.template)
    collection = (segment.group(1) or segment.group(2)) if segment else ""
    plural = {"people": "person", "parties": "party"}.get(collection, collection.removesuffix("s"))

    def rank(model_name: str) -> int:
        if model_name == stem or model_name == plural.replace("-", ""):
            return 0
        if model_name in route_name:
            return 1
        return 2

    values = []
    for model_name in sorted(rows, key=lambda m: (rank(m), -len(m))):
        value = getattr(rows[model_name], attribute, None)
        if value is not None and value != "":
            values.append(str(value))
    if attribute == "pk":
        values.append("1")
    return list(dict.fromkeys(values))


def fill(routes: list[Route]) -> tuple[list[Route], list[str]]:
    """Routes with candidate paths; the templates that cannot be reversed."""
    rows = first_rows()
    usable, skipped = [], []
    for route in routes:
        if not route.name:
            if route.params:
                skipped.append(route.template)
                continue
            route.candidates = ["/" + route.template.lstrip("^").rstrip("$")]
            usable.append(route)
            continue
        choices = [values_for(param, route, rows) for param in route.params]
        for combination in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
            try:
                route.candidates.append(
                    reverse(route.name, kwargs=dict(zip(route.params, combination, strict=True)))
                )
            except NoReverseMatch:
                continue
        if route.candidates:
            usable.append(route)
        else:
            skipped.append(route.template)
    return usable, skipped

"""Hostile text in every text field of every model, rendered in Chromium on every page it reaches.

Each text column of the first row of every project model holds a payload that would open a
dialog or set `window.__xss` if it ever ran. The pages are those of the permission matrix's
URL walk (timeline pages, admin, API browsable HTML...), visited as a superuser who sees
everything. An unescaped payload shows up as an executed script, a dialog, or a refused
inline script/handler in the console (the CSP would block it and say so).
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.security import urlmap

PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(2);window.__xss=1</script>"
SHORT_PAYLOAD = "<svg onload=alert(3)>"
SKIP_FIELDS = (models.SlugField, models.URLField, models.EmailField)
SKIP_NAMES = {"color", "country_code", "language", "wikidata_id", "password", "username"}


def payload_for(field) -> str | None:
    if field.choices or isinstance(field, SKIP_FIELDS) or field.name in SKIP_NAMES:
        return None
    limit = field.max_length or len(PAYLOAD)
    for candidate in (PAYLOAD, SHORT_PAYLOAD, "<b>x"):
        if len(candidate) <= limit:
            return candidate
    return None


def poison_every_text_field() -> int:
    poisoned = 0
    for model in apps.get_models():
        label = model._meta.app_label
        if label not in urlmap.PROJECT_APPS - {"auth", "authtoken", "axes"} or (
            model._meta.model_name.startswith("historical")
        ):
            continue
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        changes = {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = payload_for(field)
                if value is not None:
                    changes[field.name] = value
            elif isinstance(field, models.JSONField) and field.name == "other_names":
                changes[field.name] = [PAYLOAD]
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)
            poisoned += len(changes)
    return poisoned


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_payloads_stay_inert_on_every_page(page, live_server):
    speaker = factories.PersonFactory()
    stance = factories.StanceFactory(
        statement__translation="translated words", statement__speaker=speaker
    )
    factories.ParticipantFactory(negotiation=stance.statement.negotiation, party=stance.party)
    factories.RoundFactory(negotiation=stance.statement.negotiation)
    factories.MembershipFactory(party=stance.party, person=speaker)
    assert poison_every_text_field() >= 10

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "pw-1")
    client = Client()
    client.force_login(superuser)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: {message.text}")
            if message.type == "error" and "404" not in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.set_default_timeout(15_000)

    routes, _ = urlmap.fill(urlmap.walk())
    visited = []
    for route in routes:
        name = route.name or ""
        if any(word in name for word in ("logout", "password", "delete", "jsi18n")):
            continue
        for path in route.candidates[:3]:
            if client.get(path, HTTP_ACCEPT="text/html").status_code != 200:
                continue
            response = page.goto(live_server.url + path)
            if "html" not in (response.headers.get("content-type") or ""):
                break
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__xss") is None, f"script ran on {path}"
            visited.append(path)
            break

    assert dialogs == []
    assert errors == [], "\n".join(errors)
    # The walk reached the public pages and the admin's lists and forms of the poisoned rows.
    assert "/" in visited
    for model in admin.site._registry:
        if model._meta.app_label in urlmap.PROJECT_APPS:
            opts = model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            assert changelist in visited, f"{changelist} not visited"
    assert any("/change/" in path for path in visited)

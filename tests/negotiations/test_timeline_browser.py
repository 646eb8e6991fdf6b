"""The timeline in Debian's Chromium on the demo data (issue 4, "Done when").

Few tests, each doing a whole analyst's path, because the demo is loaded per test (the live
server needs committed rows). Every wait is on an element or the URL, never a sleep.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.negotiations.demo_db import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMELINE = "/negotiations/russia-ukraine-2022/"


def test_demand_filter_swaps_lanes_in_place_and_the_url_restores_the_view(
    page, page_guard, live_server
):
    load_demo()
    page.goto(live_server.url + TIMELINE)
    lanes = page.locator("section.lane")
    expect(lanes).to_have_count(7)
    for index in range(7):  # one lane per demand, both principals marked in each
        expect(lanes.nth(index).locator('a.marker[data-party="russia"]').first).to_be_visible()
        expect(lanes.nth(index).locator('a.marker[data-party="ukraine"]').first).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    page.select_option("#id_demand", "crimea-recognised-as-russian")
    expect(page).to_have_url(re.compile(r"\?demand=crimea-recognised-as-russian$"))
    expect(lanes).to_have_count(1)
    expect(lanes.first).to_have_id("lane-crimea-recognised-as-russian")
    assert page.evaluate("window.__sameDocument") is True  # swapped, not reloaded
    expect(page.locator("#feed li.card").first).to_contain_text("2022-04-07")

    page.go_back()
    expect(page).to_have_url(live_server.url + TIMELINE)
    expect(lanes).to_have_count(7)
    page.go_forward()
    expect(lanes).to_have_count(1)

    page.reload()
    expect(lanes).to_have_count(1)
    expect(page.locator("#id_demand")).to_have_value("crimea-recognised-as-russian")
    assert page.evaluate("window.__sameDocument") is None  # a real reload this time

    # On a phone: one column, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + TIMELINE)
    expect(lanes).to_have_count(7)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_marker_opens_the_statement_panel_and_load_more_appends(page, page_guard, live_server):
    load_demo()
    page.goto(live_server.url + TIMELINE)
    panel = page.locator("#panel")
    marker = page.locator('#lane-ukraine-renounces-nato a.marker[data-party="ukraine"]').nth(1)
    expect(marker.locator("title")).to_contain_text("2022-03-15, Volodymyr Zelensky")
    marker.click()
    expect(panel.locator("article")).to_be_visible()
    expect(panel.locator("article h2")).to_contain_text("Volodymyr Zelensky")
    source = panel.locator(".source a").first
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect(panel.locator("table.stances")).to_contain_text("conditional (+1)")
    expect(page).to_have_url(live_server.url + TIMELINE)  # a panel, not a navigation

    # Keyboard: Escape closes and gives the focus back; Enter on a marker opens it again.
    page.keyboard.press("Escape")
    expect(panel.locator("article")).to_have_count(0)
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel.locator("article h2")).to_contain_text("Volodymyr Zelensky")
    panel.get_by_role("button", name="Close").click()
    expect(panel.locator("article")).to_have_count(0)

    cards = page.locator("#feed li.card")
    expect(cards).to_have_count(20)
    page.get_by_role("link", name="Load more statements").click()
    expect(cards).to_have_count(34)
    expect(page.locator("#feed-more")).to_have_count(0)
    expect(cards.last).to_contain_text("2022-02-28")
    expect(page).to_have_url(live_server.url + TIMELINE)

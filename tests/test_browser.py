"""The portal in a real browser (Debian Chromium through Playwright)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_the_home_page_to_chinese(live_server, page):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Build the future of AI at the West Bund"
    )

    # Our own Bootstrap and site stylesheet are served and applied (no CDN).
    navbar_colour = page.locator("nav.navbar").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert navbar_colour == "rgb(11, 37, 69)"

    page.get_by_role("link", name="简体中文").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("在西岸共建人工智能的未来")
    navigation = page.get_by_role("navigation", name="主导航")
    expect(navigation.get_by_role("link", name="职位", exact=True)).to_be_visible()

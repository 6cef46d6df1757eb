"""The rest of a professional's journey in a real browser (sign-up to application is
walked in tests/talent/test_browser_journey.py): open a service request, RSVP to a
community event, download all my data."""

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from services.models import RSVP, ServiceRequest
from tests.browser_helpers import sign_in_browser
from tests.services.factories import EventFactory
from tests.talent.factories import ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_professional_asks_for_housing_help_rsvps_and_downloads_their_data(live_server, browser):
    profile = ApplyingProfileFactory(full_name="Lin Wei")
    event = EventFactory(title_en="West Bund demo day", capacity=10)
    context = browser.new_context(accept_downloads=True)
    sign_in_browser(context, live_server, profile.user)
    page = context.new_page()
    base = live_server.url

    # A service request.
    page.goto(f"{base}/services/requests/new/")
    page.locator("[name=category]").select_option("housing")
    page.locator("[name=subject]").fill("Talent apartment near the West Bund")
    page.locator("textarea[name=description]").fill("Moving in March with my family of three.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Talent apartment near the West Bund"
    )
    request = ServiceRequest.objects.get(requester=profile.user)
    assert request.status == ServiceRequest.Status.OPEN

    # An RSVP.
    page.goto(f"{base}{event.get_absolute_url()}")
    page.get_by_role("button", name="Reserve a seat").click()
    expect(page.get_by_role("button", name="Cancel my RSVP")).to_be_visible()
    assert RSVP.objects.get(event=event, user=profile.user).status == RSVP.Status.CONFIRMED

    # All my data.
    page.goto(f"{base}/me/privacy/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert re.search(r"\.zip$", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    names = archive.namelist()
    assert any(name.endswith(".json") for name in names)
    everything = " ".join(
        archive.read(name).decode("utf-8", "replace") for name in names if name.endswith(".json")
    )
    assert "Lin Wei" in everything
    assert "Talent apartment near the West Bund" in everything
    json.loads(archive.read(next(n for n in names if n.endswith(".json"))))

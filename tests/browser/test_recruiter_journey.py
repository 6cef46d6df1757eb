"""A recruiter's journey in a real browser: post a role, an officer approves it, the
role is public, a professional applies, the recruiter moves them to offer."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from enterprises.models import Role
from talent.models import Application
from tests.browser_helpers import sign_in_browser
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.factories import PASSWORD, OfficerFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Vision-Language Model Engineer"


def _officer_signs_in(page, base, officer):
    page.goto(f"{base}/accounts/login/?next=/admin/")
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("[name=code]").fill(current_code())
    page.locator("[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_posted_role_is_approved_published_and_its_applicant_moved_to_offer(live_server, browser):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models")
    recruiter = MembershipFactory(enterprise=enterprise).user
    officer = OfficerFactory()
    TOTP.activate(officer, SECRET)
    base = live_server.url

    # The recruiter posts the role and submits it for review.
    recruiter_context = browser.new_context()
    sign_in_browser(recruiter_context, live_server, recruiter)
    workspace = recruiter_context.new_page()
    workspace.goto(f"{base}/workspace/{enterprise.slug}/roles/new/")
    workspace.locator("[name=title_en]").fill(TITLE)
    workspace.locator("textarea[name=description_en]").fill(
        "Train vision-language models for robots."
    )
    workspace.locator("textarea[name=requirements]").fill("PyTorch, multimodal pre-training.")
    workspace.get_by_label("Multimodal", exact=True).check()
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    workspace.locator("[name=deadline]").fill(deadline)
    workspace.get_by_role("button", name="Save").click()
    expect(workspace.get_by_role("heading", level=1)).to_contain_text(TITLE)
    workspace.get_by_role("button", name="Submit for review").click()
    expect(workspace.locator(".alert-success")).to_be_visible()
    role = Role.objects.get(title_en=TITLE)
    assert role.state == Role.State.PENDING_REVIEW

    # Not public yet.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/jobs/")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)

    # An officer approves it in the admin.
    admin = browser.new_context().new_page()
    _officer_signs_in(admin, base, officer)
    admin.goto(f"{base}/admin/enterprises/pendingrole/{role.pk}/change/")
    admin.get_by_role("button", name="Approve and publish").click()
    expect(admin.locator(".messagelist")).to_be_visible()
    role.refresh_from_db()
    assert role.state == Role.State.PUBLISHED

    # Now the public board shows it.
    visitor.goto(f"{base}/jobs/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()

    # A professional applies (their side is walked in tests/talent/test_browser_journey.py).
    application = ApplicationFactory(role=role, profile=ApplyingProfileFactory(full_name="Lin Wei"))
    mail.outbox.clear()

    # The recruiter moves the applicant to offer.
    workspace.goto(f"{base}/workspace/{enterprise.slug}/applicants/")
    workspace.get_by_role("link", name="Lin Wei").click()
    workspace.locator("[name=to_stage]").select_option(Application.Stage.OFFER)
    workspace.get_by_role("button", name="Move").click()
    expect(workspace.locator(".alert-success")).to_be_visible()

    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    assert (
        Application.objects.get(pk=application.pk)
        .history.filter(to_state=Application.Stage.OFFER, actor=recruiter)
        .exists()
    )
    assert [m.to for m in mail.outbox] == [[application.profile.user.email]]
    assert "Offer" in mail.outbox[0].subject

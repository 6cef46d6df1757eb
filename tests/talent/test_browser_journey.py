"""The whole recruitment journey in a real browser (Debian Chromium via Playwright):
sign up, verify, build a profile with a PDF CV, submit it, find a role, apply; the
recruiter, in a second browser context, moves the application to interview; the
professional sees the new stage and has the e-mail."""

import re

import pytest
from playwright.sync_api import expect

from enterprises.models import Membership
from tests.enterprises.factories import MembershipFactory, PublishedRoleFactory
from tests.factories import PASSWORD, UserFactory

from .factories import VALID_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "ada.lovelace@example.com"


def _link_in(message) -> str:
    match = re.search(r"https?://[^\s\"]+/accounts/confirm-email/[^\s\"<]+", message.body)
    assert match, message.body
    return match.group(0)


def _complete_profile(page, base):
    page.goto(f"{base}/me/profile/")
    page.fill("[name=full_name]", "Ada Lovelace")
    page.select_option("[name=nationality]", "GB")
    page.fill("[name=current_city]", "Shanghai")
    page.fill("[name=phone]", "+44 20 7946 0958")
    page.fill("[name=languages]", "English, Mandarin")
    page.select_option("[name=highest_degree]", "phd")
    page.select_option("[name=university]", "fudan")
    page.fill("[name=field_of_study]", "Computer science")
    page.fill("[name=graduation_year]", "2019")
    page.fill("[name=years_of_experience]", "6")
    page.check("[name=specialties][value=multimodal]")
    page.fill("[name=skills]", "PyTorch, diffusion models")
    page.select_option("[name=availability]", "one_month")
    page.check("[name=consent_processing]")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    page.goto(f"{base}/me/cv/")
    page.set_input_files(
        "[name=file]",
        files=[{"name": "ada-cv.pdf", "mimeType": "application/pdf", "buffer": VALID_PDF}],
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Your CV is uploaded.")).to_be_visible()


def test_professional_applies_and_recruiter_moves_to_interview(
    live_server, page, browser, mailoutbox
):
    base = live_server.url
    role = PublishedRoleFactory(title_en="Vision-Language Researcher", specialties=["multimodal"])
    recruiter = UserFactory(email="recruiter@aurora.example")
    MembershipFactory(enterprise=role.enterprise, user=recruiter, role=Membership.Role.RECRUITER)

    # Sign up and verify the e-mail address.
    page.goto(f"{base}/accounts/signup/")
    page.fill("[name=email]", EMAIL)
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    confirm = _link_in(next(m for m in mailoutbox if m.to == [EMAIL]))
    page.goto(confirm.replace(re.match(r"https?://[^/]+", confirm).group(0), base))
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    # Profile with a PDF CV, submitted for review.
    _complete_profile(page, base)
    page.goto(f"{base}/me/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your profile is submitted.")).to_be_visible()

    # Search the board, open the role, apply.
    page.goto(f"{base}/jobs/?q=Vision-Language")
    page.get_by_role("link", name="Vision-Language Researcher").first.click()
    page.get_by_role("link", name="Apply").click()
    page.fill("[name=cover_letter]", "I build vision-language models.")
    page.check("[name=consent_sharing]")
    page.get_by_role("button", name="Send my application").click()
    expect(
        page.get_by_text("Your application to Vision-Language Researcher is sent.")
    ).to_be_visible()

    # The recruiter, signed in in a second context, moves it to interview.
    recruiter_context = browser.new_context()
    recruiter_page = recruiter_context.new_page()
    recruiter_page.goto(f"{base}/accounts/login/")
    recruiter_page.fill("[name=login]", recruiter.email)
    recruiter_page.fill("[name=password]", PASSWORD)
    recruiter_page.locator("main form [type=submit]").click()
    recruiter_page.goto(f"{base}/workspace/{role.enterprise.slug}/applicants/")
    recruiter_page.get_by_role("link", name="Ada Lovelace").click()
    expect(recruiter_page.get_by_text("I build vision-language models.")).to_be_visible()
    recruiter_page.select_option("[name=to_stage]", "interview")
    recruiter_page.fill("[name=reason]", "Let us meet on Monday.")
    recruiter_page.get_by_role("button", name="Move", exact=True).click()
    expect(recruiter_page.get_by_text("The application is now at “Interview”.")).to_be_visible()
    recruiter_context.close()

    # The professional sees the new stage, and has the e-mail.
    page.goto(f"{base}/me/applications/")
    expect(page.locator(".badge", has_text="Interview").first).to_be_visible()
    expect(page.get_by_text("Let us meet on Monday.")).to_be_visible()
    stage_mail = [m for m in mailoutbox if m.to == [EMAIL] and "Interview" in m.subject]
    assert len(stage_mail) == 1
    assert "Let us meet on Monday." in stage_mail[0].body

"""One date format per language, 24-hour times in Asia/Shanghai: "2 Dec 2026, 11:36"
and "2026年12月2日 11:36", the same on the site, in the admin, in e-mails and CSVs; date
inputs still take what the widgets send."""

import csv
import datetime
import io
import re

import pytest
from django import forms
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import translation

from enterprises import actions as enterprise_actions
from talent.models import Application
from tests.enterprises.factories import MembershipFactory, RecruiterMembershipFactory
from tests.factories import OfficerFactory
from tests.talent.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# 2 December 2026, 03:36 UTC: 11:36 in Shanghai.
MOMENT = datetime.datetime(2026, 12, 2, 3, 36, tzinfo=datetime.UTC)
DATE = {"en": "2 Dec 2026", "zh-hans": "2026年12月2日"}
DATETIME = {"en": "2 Dec 2026, 11:36", "zh-hans": "2026年12月2日 11:36"}
# What the site showed before: US order, ISO beside it, and "Dec. 2" with a.m./p.m.
WRONG = re.compile(r"\b12/02/2026\b|\bDec\. 2, 2026\b|\ba\.m\.|\bp\.m\.")


@pytest.fixture(autouse=True)
def _english_after():
    with translation.override("en"):
        yield


@pytest.fixture
def application():
    return ApplicationFactory(created_at=MOMENT)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_workspace_shows_dates_in_the_readers_format(client, application, language):
    client.force_login(RecruiterMembershipFactory(enterprise=application.enterprise).user)
    with translation.override(language):
        listing = reverse("talent:workspace_applicants", args=[application.enterprise.slug])
        detail = application.workspace_url()
    listing_body = client.get(listing).content.decode()
    detail_body = client.get(detail).content.decode()
    assert f"<td>{DATE[language]}</td>" in listing_body
    assert DATETIME[language] in detail_body
    assert not WRONG.search(listing_body + detail_body)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_role_page_and_board_show_dates_in_the_readers_format(client, language):
    application = ApplicationFactory()
    role = application.role
    role.published_at = MOMENT
    role.deadline = datetime.date(2026, 12, 2) + datetime.timedelta(days=365)
    role.save(update_fields=["published_at", "deadline"])
    with translation.override(language):
        page = client.get(role.get_absolute_url()).content.decode()
        board = client.get(reverse("enterprises:jobs")).content.decode()
    assert DATE[language] in page
    assert DATE[language] in board
    # (JSON-LD keeps ISO dates: it is for machines.)
    assert "<dd>2026-12-02</dd>" not in page
    assert "Posted 2026-12-02" not in board


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_professionals_own_applications_show_the_readers_format(client, language):
    application = ApplicationFactory(created_at=MOMENT)
    client.force_login(application.profile.user)
    with translation.override(language):
        body = client.get(reverse("talent:applications")).content.decode()
        detail = client.get(application.get_absolute_url()).content.decode()
    assert DATE[language] in body
    assert DATETIME[language] in detail
    assert not WRONG.search(body + detail)


def test_the_admin_shows_datetimes_in_the_one_format(client, sign_in_officer, application):
    sign_in_officer(client, OfficerFactory(is_superuser=True))
    body = client.get(reverse("admin:talent_application_changelist")).content.decode()
    assert DATETIME["en"] in body
    assert not WRONG.search(body)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_csv_dates_are_in_the_readers_format(application, language):
    application_admin = site._registry[Application]
    text = "".join(application_admin._rows(Application.objects.all(), language))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert DATETIME[language] in rows[1]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_workspace_csv_dates_are_in_the_readers_format(client, application, language):
    client.force_login(RecruiterMembershipFactory(enterprise=application.enterprise).user)
    with translation.override(language):
        url = reverse(
            "talent:workspace_role_applicants_csv",
            args=[application.enterprise.slug, application.role.pk],
        )
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][0] == DATETIME[language]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_e_mails_show_dates_in_the_readers_format(
    language, mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = enterprise_actions.invite_member(
            enterprise=admin.enterprise,
            by=admin.user,
            email="li.na@example.com",
            role="recruiter",
            language=language,
        )
    expires = invitation.expires_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    expected = {
        "en": f"{expires.day} {expires:%b %Y}",
        "zh-hans": f"{expires.year}年{expires.month}月{expires.day}日",
    }[language]
    [mail] = mailoutbox
    assert expected in mail.body
    assert expires.date().isoformat() not in mail.body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", ["2026-12-02", "2026/12/02"])
def test_date_inputs_take_what_the_widgets_send(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 12, 2)
        assert forms.DateTimeField().clean(f"{typed} 11:36").hour == 11


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_date_shown_can_be_typed_back(language):
    with translation.override(language):
        assert forms.DateField().clean(DATE[language]) == datetime.date(2026, 12, 2)


def test_us_order_is_not_taken_for_a_date():
    with translation.override("en"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/02/2026")

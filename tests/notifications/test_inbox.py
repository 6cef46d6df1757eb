"""The in-site inbox, e-mail choices and one-click unsubscribe."""

import re
from http import HTTPStatus

import pytest

from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from westbund.notifications import actions
from westbund.notifications.models import EmailOptOut, Kind, Notification
from westbund.notifications.rendering import unsubscribe_token

pytestmark = pytest.mark.django_db

DIGEST = {"alert_name": "Multimodal", "count": 1, "roles": []}


def test_the_inbox_lists_only_my_notifications(client):
    me, someone = UserFactory(), UserFactory()
    NotificationFactory(recipient=me, context={"decision_label": "Verified"})
    NotificationFactory(recipient=someone, context={"decision_label": "Declined"})
    client.force_login(me)

    body = client.get("/me/inbox/").content.decode()

    assert "Your talent profile review: Verified" in body
    assert "Declined" not in body


def test_the_inbox_is_for_signed_in_users_only(client):
    response = client.get("/me/inbox/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("suffix", ["", "go/"])
def test_another_users_notification_is_a_404(client, suffix):
    theirs = NotificationFactory()
    client.force_login(UserFactory())

    assert client.get(f"/me/inbox/{theirs.pk}/{suffix}").status_code == HTTPStatus.NOT_FOUND


def test_another_users_notification_cannot_be_marked_read(client):
    theirs = NotificationFactory()
    client.force_login(UserFactory())

    response = client.post(f"/me/inbox/{theirs.pk}/read/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_links_to_its_subject(client):
    mine = NotificationFactory(link="/services/")
    client.force_login(mine.recipient)

    response = client.get(f"/zh-hans/me/inbox/{mine.pk}/")

    assert response.status_code == HTTPStatus.OK
    assert 'href="/zh-hans/services/"' in response.content.decode()
    mine.refresh_from_db()
    assert mine.is_read


def test_the_navbar_shows_the_unread_count_and_mark_all_read_clears_it(client):
    me = UserFactory()
    NotificationFactory.create_batch(3, recipient=me)
    client.force_login(me)

    body = client.get("/").content.decode()
    assert re.search(r"text-bg-warning\">3<", body)

    client.post("/me/inbox/read-all/")

    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert "text-bg-warning" not in client.get("/").content.decode()


def test_the_inbox_query_count_does_not_grow_with_notifications(
    client, django_assert_max_num_queries
):
    me = UserFactory()
    client.force_login(me)
    NotificationFactory.create_batch(3, recipient=me)
    with django_assert_max_num_queries(8) as few:
        client.get("/me/inbox/")
    NotificationFactory.create_batch(22, recipient=me)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/me/inbox/")

    assert response.content.decode().count("/me/inbox/") >= 25


def test_switching_off_digest_emails_keeps_them_in_the_inbox(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    me = UserFactory()
    client.force_login(me)

    client.post("/me/inbox/preferences/", {})  # every optional box unticked

    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipient=me, kind=Kind.JOB_ALERT_DIGEST, context=DIGEST)
        actions.notify(
            recipient=me, kind=Kind.PROFILE_REVIEW_DECIDED, context={"decision_label": "Verified"}
        )

    assert [m.subject for m in mailoutbox] == ["Your talent profile review: Verified"]
    assert Notification.objects.get(kind=Kind.JOB_ALERT_DIGEST).state == "skipped"


def test_essential_kinds_cannot_be_switched_off(client):
    me = UserFactory()

    actions.set_email_choices(user=me, disabled_kinds=[Kind.PROFILE_REVIEW_DECIDED])

    assert not EmailOptOut.objects.exists()


def test_alert_emails_carry_a_one_click_unsubscribe_link_that_works_without_login(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    me = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipient=me, kind=Kind.JOB_ALERT_DIGEST, context=DIGEST)
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = re.search(r"http://127.0.0.1:8000(/me/inbox/unsubscribe/\S+/)", message.body).group(1)

    page = client.get(path)
    assert page.status_code == HTTPStatus.OK
    assert not EmailOptOut.objects.exists()  # a GET (link preview) changes nothing
    response = client.post(path)

    assert response.status_code == HTTPStatus.OK
    assert EmailOptOut.objects.filter(user=me, kind=Kind.JOB_ALERT_DIGEST).exists()


def test_essential_emails_have_no_unsubscribe_link(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=UserFactory(),
            kind=Kind.PROFILE_REVIEW_DECIDED,
            context={"decision_label": "Verified"},
        )

    assert "unsubscribe" not in mailoutbox[0].body
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        unsubscribe_token(user_id=1, kind=Kind.JOB_ALERT_DIGEST) + "x",
    ],
)
def test_a_forged_unsubscribe_token_is_a_404(client, token):
    UserFactory()

    assert client.post(f"/me/inbox/unsubscribe/{token}/").status_code == HTTPStatus.NOT_FOUND
    assert not EmailOptOut.objects.exists()


def test_an_unsubscribe_token_for_an_essential_kind_is_a_404(client):
    me = UserFactory()
    token = unsubscribe_token(user_id=me.pk, kind=Kind.APPLICATION_STAGE_CHANGED)

    assert client.post(f"/me/inbox/unsubscribe/{token}/").status_code == HTTPStatus.NOT_FOUND


def test_a_notification_reads_as_a_message_in_the_portal_and_the_email_keeps_its_links(client):
    from westbund.notifications.rendering import render_notification

    notification = NotificationFactory()
    client.force_login(notification.recipient)

    page = client.get(f"/zh-hans/me/inbox/{notification.pk}/").content.decode()
    body = page[page.index('class="notification-body"') :].split("</div>")[0]

    assert "http" not in body
    assert "--" not in body
    assert 'href="/zh-hans/me/"' in page  # the page's own button
    email = render_notification(notification).text
    assert "http" in email
    assert "\n--\n" in email


def test_the_inbox_is_called_as_the_navbar_calls_it(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)
    inbox = client.get("/zh-hans/me/inbox/").content.decode()
    assert '<h1 class="h2 mb-0">收件箱</h1>' in inbox
    detail = client.get(f"/zh-hans/me/inbox/{notification.pk}/").content.decode()
    assert '<a href="/zh-hans/me/inbox/">收件箱</a>' in detail

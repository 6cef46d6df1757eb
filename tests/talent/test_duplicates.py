"""Possible duplicate profiles: flagged once, merged or dismissed by an officer, recorded;
a dismissal is remembered."""

from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talent import actions, analytics
from talent.models import DuplicatePair, DuplicatePairHistory
from talent.tasks import flag_duplicate_profiles
from tests.factories import DuplicatePairFactory, OfficerFactory, UserFactory
from westbund.education import C9University

from .factories import CompleteProfileFactory, TalentProfileFactory, VerifiedProfileFactory

pytestmark = pytest.mark.django_db

Match = DuplicatePair.Match


def _pairs():
    return {
        (pair.first_id, pair.second_id): pair.matches
        for pair in DuplicatePair.objects.order_by("pk")
    }


@pytest.fixture
def officer():
    return OfficerFactory()


def test_seeded_pairs_are_flagged_by_what_they_share():
    # Same phone.
    a = CompleteProfileFactory(phone="+86 139 1111 2222", graduation_year=2018)
    b = CompleteProfileFactory(phone="+86 139 1111 2222", graduation_year=2019)
    # Same mailbox: a "+tag" address, and an address allauth holds for another account.
    c = TalentProfileFactory(user=UserFactory(email="lin.wei@example.com"))
    d = TalentProfileFactory(user=UserFactory(email="lin.wei+hub@example.com"))
    e = TalentProfileFactory()
    EmailAddress.objects.create(user=e.user, email="LIN.WEI@example.COM", verified=False)
    # Same name (case and spaces aside), university and graduation year.
    f = CompleteProfileFactory(full_name="Zhang  Min", phone="", university_code=C9University.SJTU)
    g = CompleteProfileFactory(full_name="zhang min", phone="", university_code=C9University.SJTU)
    # Same name, other university: not flagged; same Chinese name: flagged.
    CompleteProfileFactory(full_name="Zhang Min", phone="", university_code=C9University.PKU)
    h = CompleteProfileFactory(full_name="Min Z.", name_zh="张敏", phone="", graduation_year=2015)
    i = CompleteProfileFactory(full_name="M. Zhang", name_zh="张敏", phone="", graduation_year=2015)

    assert flag_duplicate_profiles() == 6
    assert _pairs() == {
        (a.pk, b.pk): [Match.PHONE],
        (c.pk, d.pk): [Match.EMAIL],
        (c.pk, e.pk): [Match.EMAIL],
        (d.pk, e.pk): [Match.EMAIL],
        (f.pk, g.pk): [Match.NAME],
        (h.pk, i.pk): [Match.NAME],
    }
    history = DuplicatePairHistory.objects.filter(pair__first=a).get()
    assert (history.from_state, history.to_state, history.cause) == ("", "open", "flagged")
    assert history.actor is None


def test_flagging_again_changes_nothing():
    CompleteProfileFactory(phone="+86 139 1111 2222")
    CompleteProfileFactory(phone="+86 139 1111 2222")
    assert actions.flag_duplicate_profiles() == 1
    assert actions.flag_duplicate_profiles() == 0
    assert DuplicatePair.objects.count() == 1
    assert DuplicatePairHistory.objects.count() == 1


def test_a_dismissal_is_remembered(officer):
    a = CompleteProfileFactory(phone="+86 139 1111 2222")
    CompleteProfileFactory(phone="+86 139 1111 2222")
    actions.flag_duplicate_profiles()
    pair = DuplicatePair.objects.get()
    actions.dismiss_duplicate(pair=pair, by=officer, reason="Twins: different people.")
    # They now share a name too: still the same pair, still dismissed, not flagged again.
    a.full_name = pair.second.full_name
    a.save()
    assert actions.flag_duplicate_profiles() == 0
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED
    assert pair.matches == [Match.PHONE]
    step = pair.history.last()
    assert (step.actor, step.from_state, step.to_state) == (officer, "open", "dismissed")
    assert step.reason == "Twins: different people."


def test_a_merge_marks_one_as_the_duplicate_and_moves_nothing(officer):
    kept = VerifiedProfileFactory()
    other = VerifiedProfileFactory()
    pair = DuplicatePairFactory(first=kept, second=other)
    cvs_before = set(other.cv_documents.values_list("pk", flat=True))
    actions.merge_duplicate(pair=pair, keep=kept, by=officer, reason="Same passport number.")
    pair.refresh_from_db()
    assert (pair.status, pair.kept, pair.duplicate) == ("merged", kept, other)
    assert pair.decided_at is not None
    step = pair.history.get()
    assert (step.actor, step.from_state, step.to_state) == (officer, "open", "merged")
    assert step.reason == "Same passport number."
    # Each account keeps its own records; the person is counted once.
    assert set(other.cv_documents.values_list("pk", flat=True)) == cvs_before
    assert list(analytics.verified_profiles()) == [kept]


def test_a_decided_pair_cannot_be_decided_again(officer):
    pair = DuplicatePairFactory()
    actions.dismiss_duplicate(pair=pair, by=officer, reason="Different people.")
    with pytest.raises(ValidationError):
        actions.merge_duplicate(pair=pair, keep=pair.first, by=officer, reason="Oops.")


def test_a_decision_needs_a_reason_and_an_officer(officer):
    pair = DuplicatePairFactory()
    with pytest.raises(ValidationError):
        actions.dismiss_duplicate(pair=pair, by=officer, reason="  ")
    with pytest.raises(PermissionDenied):
        actions.dismiss_duplicate(pair=pair, by=UserFactory(), reason="Not an officer.")
    with pytest.raises(ValidationError):
        actions.merge_duplicate(pair=pair, keep=CompleteProfileFactory(), by=officer, reason="x")
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN


# -- In the admin ----------------------------------------------------------------------------


@pytest.fixture
def officer_client(client, sign_in_officer, officer):
    return sign_in_officer(client, officer)


def test_officer_finds_open_pairs_from_the_admin_home(officer_client):
    DuplicatePairFactory()
    page = officer_client.get(reverse("admin:index")).content.decode()
    assert "Possible duplicate profiles to decide" in page
    assert reverse("admin:talent_duplicatepair_changelist") in page


def test_officer_merges_from_the_admin(officer_client, officer):
    pair = DuplicatePairFactory()
    url = reverse("admin:talent_duplicatepair_decide", args=[pair.pk])
    assert (
        "Merge or dismiss"
        in officer_client.get(
            reverse("admin:talent_duplicatepair_change", args=[pair.pk])
        ).content.decode()
    )
    assert officer_client.get(url).status_code == HTTPStatus.OK
    response = officer_client.post(
        url, {"decision": f"keep_{pair.second_id}", "reason": "Same person, new e-mail."}
    )
    assert response.status_code == HTTPStatus.FOUND
    pair.refresh_from_db()
    assert (pair.status, pair.kept_id, pair.duplicate_id) == (
        "merged",
        pair.second_id,
        pair.first_id,
    )


@pytest.mark.parametrize("reason", ["", "bad\x00text", "x" * 2001])
def test_bad_reason_is_refused_and_nothing_saved(officer_client, reason):
    pair = DuplicatePairFactory()
    url = reverse("admin:talent_duplicatepair_decide", args=[pair.pk])
    response = officer_client.post(url, {"decision": "dismiss", "reason": reason})
    assert response.status_code == HTTPStatus.OK
    assert "errornote" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN


def test_the_decision_page_is_in_chinese(client, sign_in_officer):
    officer = OfficerFactory(preferred_language="zh-hans")
    pair = DuplicatePairFactory()
    page = (
        sign_in_officer(client, officer)
        .get(reverse("admin:talent_duplicatepair_decide", args=[pair.pk]))
        .content.decode()
    )
    assert "处理疑似重复档案" in page
    assert "电话号码相同" in page
    assert "驳回：两个不同的人" in page


def test_staff_outside_the_officers_groups_cannot_decide(client, sign_in_officer):
    from tests.factories import StaffUserFactory

    pair = DuplicatePairFactory()
    staff = sign_in_officer(client, StaffUserFactory())
    url = reverse("admin:talent_duplicatepair_decide", args=[pair.pk])
    assert staff.post(url, {"decision": "dismiss", "reason": "x"}).status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FOUND,
    )
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN

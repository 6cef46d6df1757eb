import io

import pytest
from pypdf import PdfReader

from talent.demo import load_demo, minimal_pdf
from talent.models import TalentProfile

pytestmark = pytest.mark.django_db


def test_demo_gives_lin_wei_a_submitted_fudan_profile_with_a_valid_cv(demo_users):
    load_demo(users=demo_users, stdout=io.StringIO())
    profile = TalentProfile.objects.get(user=demo_users["professional"])
    assert profile.review_state == TalentProfile.ReviewState.SUBMITTED
    assert (profile.university_code, profile.highest_degree) == ("fudan", "master")
    assert {"multimodal", "llm_pretraining"} <= set(profile.specialties)
    with profile.current_cv.file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 1


def test_demo_is_idempotent_and_covers_every_review_state(demo_users):
    load_demo(users=demo_users, stdout=io.StringIO())
    first = TalentProfile.objects.count()
    load_demo(users=demo_users, stdout=io.StringIO())
    assert TalentProfile.objects.count() == first > 30
    states = set(TalentProfile.objects.values_list("review_state", flat=True))
    assert states == set(TalentProfile.ReviewState.values)


def test_demo_officer_can_review_and_read_cvs(demo_users):
    from talent.actions import is_officer
    from talent.models import CVDocument

    load_demo(users=demo_users, stdout=io.StringIO())
    officer = type(demo_users["officer"]).objects.get(pk=demo_users["officer"].pk)
    assert is_officer(officer)
    assert CVDocument.objects.readable_by(officer).count() == CVDocument.objects.count()


def test_minimal_pdf_opens_and_shows_its_text():
    reader = PdfReader(io.BytesIO(minimal_pdf(["Hello (world)"])))
    assert "Hello (world)" in reader.pages[0].extract_text()


def test_demo_gives_lin_wei_applications_and_aurora_applicants(demo_users):
    from enterprises.demo import load_demo as load_enterprises
    from talent.models import Application, JobAlert

    load_enterprises(users=demo_users, stdout=io.StringIO())
    load_demo(users=demo_users, stdout=io.StringIO())
    load_demo(users=demo_users, stdout=io.StringIO())
    lin_wei = Application.objects.filter(profile__user=demo_users["professional"])
    assert lin_wei.count() == 5
    assert len(set(lin_wei.values_list("stage", flat=True))) >= 4
    aurora = Application.objects.for_enterprise_member(demo_users["recruiter_a"])
    assert aurora.count() >= 6
    assert lin_wei.filter(enterprise__slug="aurora-foundation-models").count() == 3
    assert JobAlert.objects.filter(user=demo_users["professional"]).count() == 1

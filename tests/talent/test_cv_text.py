"""The text of a CV: extracted after upload by a task, searchable by officers and (for
pool members) by enterprises, in the person's export, erased with the CV and the account;
Chinese segmented into words so that 大模型 预训练 finds texts in any order."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Role
from services.manual_pdf import find_font
from talent.demo import minimal_pdf
from talent.models import CVDocument, TalentProfile
from talent.tasks import extract_cv_text
from tests.enterprises.factories import (
    EnterpriseFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import PASSWORD, PoolConsentFactory
from westbund.privacy import actions as privacy_actions
from westbund.privacy.models import ConsentKind
from westbund.search import concepts, vector_query
from westbund.taxonomy import Specialty

from .factories import (
    CompleteProfileFactory,
    CVDocumentFactory,
    OfficerFactory,
    VerifiedProfileFactory,
)

pytestmark = pytest.mark.django_db


def _with_cv_text(profile, text: str) -> TalentProfile:
    """Give ``profile`` a current CV whose extracted text is ``text``, indexed."""
    cv = CVDocumentFactory(profile=profile, text=text)
    cv.text_extracted_at = cv.uploaded_at
    cv.save()
    profile.current_cv = cv
    profile.save(update_fields=["current_cv"])
    TalentProfile.objects.filter(pk=profile.pk).update_search_vector()
    return profile


def _pool_member(**kwargs) -> TalentProfile:
    # Speech only: the factory's default specialties name 大模型预训练 themselves.
    kwargs.setdefault("specialties", [Specialty.SPEECH])
    kwargs.setdefault("skills", "Python")
    profile = VerifiedProfileFactory(**kwargs)
    PoolConsentFactory(user=profile.user)
    return profile


def chinese_pdf(text: str) -> bytes:
    from fpdf import FPDF

    font = find_font()
    if font is None:
        pytest.skip("no CJK font on this machine (fonts-wqy-microhei)")
    pdf = FPDF()
    options = {"collection_font_number": 0} if font.suffix == ".ttc" else {}
    pdf.add_font("cjk", "", str(font), **options)
    pdf.add_page()
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


# -- Extraction --------------------------------------------------------------------------------


def test_uploading_a_cv_extracts_its_text(client, django_capture_on_commit_callbacks):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    upload = SimpleUploadedFile(
        "cv.pdf",
        minimal_pdf(["Lin Wei", "Distributed training on Kubernetes"]),
        content_type="application/pdf",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("talent:cv"), {"file": upload})
    assert response.status_code == HTTPStatus.FOUND
    profile.refresh_from_db()
    cv = profile.current_cv
    assert "Distributed training on Kubernetes" in cv.text
    assert cv.text_extracted_at is not None


def test_extraction_is_idempotent_and_takes_the_id():
    cv = CVDocumentFactory(file=ContentFile(minimal_pdf(["Speech recognition"]), name="cv.pdf"))
    assert extract_cv_text(cv.pk) is True
    cv.refresh_from_db()
    first = cv.text_extracted_at
    assert "Speech recognition" in cv.text
    assert extract_cv_text(cv.pk) is False
    cv.refresh_from_db()
    assert cv.text_extracted_at == first
    # A CV erased meanwhile (its account deleted) is nothing to do.
    assert extract_cv_text(cv.pk + 1000) is False


def test_a_pdf_that_cannot_be_read_is_marked_done_with_no_text():
    cv = CVDocumentFactory(file=ContentFile(b"%PDF-1.4 broken \x00\x00", name="cv.pdf"))
    assert extract_cv_text(cv.pk) is True
    cv.refresh_from_db()
    assert cv.text == ""
    assert cv.text_extracted_at is not None


def test_the_text_of_a_chinese_pdf_is_extracted():
    cv = CVDocumentFactory(
        file=ContentFile(chinese_pdf("五年大模型研发经验，主导预训练数据管线。"), name="cv.pdf")
    )
    extract_cv_text(cv.pk)
    cv.refresh_from_db()
    assert "大模型" in cv.text
    assert "预训练" in cv.text


# -- Export and erasure ------------------------------------------------------------------------


def test_the_cv_text_is_in_the_persons_export(client):
    profile = _with_cv_text(CompleteProfileFactory(), "Built a 7B tokenizer from scratch")
    client.force_login(profile.user)
    response = client.post(reverse("talent:privacy_export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    texts = [cv["extracted_text"] for cv in data["cv_documents"]]
    assert "Built a 7B tokenizer from scratch" in texts
    assert "talent_pool" in data


def test_the_cv_text_is_erased_with_the_cv():
    profile = _with_cv_text(CompleteProfileFactory(), "Unique phrase quokka zebra")
    profile.current_cv.delete()
    assert not CVDocument.objects.filter(text__contains="quokka").exists()


def test_the_cv_text_is_erased_with_the_account(client, django_capture_on_commit_callbacks):
    profile = _with_cv_text(CompleteProfileFactory(), "Unique phrase quokka zebra")
    client.force_login(profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("talent:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert not TalentProfile.objects.filter(pk=profile.pk).exists()
    assert not CVDocument.objects.filter(text__contains="quokka").exists()


# -- Who searches it ---------------------------------------------------------------------------


def test_officers_find_a_profile_by_the_words_of_its_cv(client, sign_in_officer):
    _with_cv_text(CompleteProfileFactory(full_name="Kube Person"), "Ran Kubernetes GPU clusters")
    _with_cv_text(CompleteProfileFactory(full_name="Other Person"), "Wrote compilers")
    sign_in_officer(client, OfficerFactory())
    page = client.get(
        reverse("admin:talent_talentprofile_changelist"), {"q": "kubernetes"}
    ).content.decode()
    assert "Kube Person" in page
    assert "Other Person" not in page


def test_enterprises_search_the_cv_text_of_pool_members_only(client):
    enterprise = EnterpriseFactory(slug="aurora")
    recruiter = RecruiterMembershipFactory(enterprise=enterprise).user
    _with_cv_text(_pool_member(full_name="In Pool"), "Speculative decoding for inference")
    # The same words in the CV of someone who is not in the pool find nothing.
    _with_cv_text(VerifiedProfileFactory(full_name="Not In Pool"), "Speculative decoding")
    client.force_login(recruiter)
    url = reverse("talent:workspace_pool", args=[enterprise.slug])
    page = client.get(url, {"q": "speculative decoding"}).content.decode()
    assert "In Pool" in page
    assert "Not In Pool" not in page
    # The CV itself is not shown, only that the profile matched.
    assert "Speculative decoding for inference" not in page


# -- Chinese segmentation, stemming, synonyms (PostgreSQL's stored vectors) --------------------


@pytest.mark.postgres
def test_chinese_words_in_reversed_order_find_the_cv_and_the_role(client):
    enterprise = EnterpriseFactory(slug="aurora")
    recruiter = RecruiterMembershipFactory(enterprise=enterprise).user
    _with_cv_text(_pool_member(full_name="Both Words"), "五年大模型研发经验，主导预训练数据管线。")
    _with_cv_text(_pool_member(full_name="One Word"), "五年大模型研发经验，负责评测。")
    role = PublishedRoleFactory(
        enterprise=enterprise,
        title_en="Research engineer",
        title_zh="研究工程师",
        description_zh="负责大模型的数据与预训练。",
    )
    other = PublishedRoleFactory(
        enterprise=enterprise, title_zh="评测工程师", description_zh="负责大模型评测。"
    )
    query = "预训练 大模型"
    # Through the stored vectors themselves, not a substring scan.
    found = vector_query(concepts(query))
    assert list(Role.objects.filter(search_vector=found)) == [role]
    assert [p.full_name for p in TalentProfile.objects.filter(search_vector=found)] == [
        "Both Words"
    ]
    assert other not in Role.objects.search(query)
    # And on the pages.
    client.force_login(recruiter)
    page = client.get(
        reverse("talent:workspace_pool", args=[enterprise.slug]), {"q": query}
    ).content.decode()
    assert "Both Words" in page
    assert "One Word" not in page
    board = client.get("/zh-hans/jobs/", {"q": query}).content.decode()
    assert role.title_zh in board
    assert other.title_zh not in board


@pytest.mark.postgres
def test_chinese_results_are_ranked(client):
    enterprise = EnterpriseFactory()
    in_title = PublishedRoleFactory(
        enterprise=enterprise, title_zh="大模型预训练工程师", description_zh="团队介绍。"
    )
    in_description = PublishedRoleFactory(
        enterprise=enterprise, title_zh="研究员", description_zh="参与预训练和大模型对齐。"
    )
    ranked = list(Role.objects.search("预训练 大模型").order_by("-rank"))
    assert ranked == [in_title, in_description]
    skills_match = _pool_member(full_name="Skills", skills="大模型, 预训练")
    TalentProfile.objects.filter(pk=skills_match.pk).update_search_vector()
    cv_match = _with_cv_text(_pool_member(full_name="CV"), "做过预训练，也做过大模型推理。")
    pool = TalentProfile.objects.in_talent_pool().search_text("预训练 大模型").order_by("-rank")
    assert list(pool) == [skills_match, cv_match]


@pytest.mark.postgres
def test_english_stems_and_the_shared_synonyms_reach_the_cv_text():
    profile = _with_cv_text(_pool_member(), "Pretrained large language models at scale")
    pool = TalentProfile.objects.in_talent_pool()
    for query in ("LLMs pretraining", "pre-training LLM", "大模型 预训练", "pretrained models"):
        assert list(pool.search_text(query)) == [profile], query
    assert not pool.search_text("robotics").exists()


@pytest.mark.postgres
def test_hostile_text_is_harmless_in_the_vector_search():
    profile = _with_cv_text(_pool_member(), "RLHF 对齐")
    pool = TalentProfile.objects.in_talent_pool()
    for query in ("'):* & | !", "RLHF\x00", "a" * 10_000, "大" * 5000, "<-> !!"):
        list(pool.search_text(query))
    assert list(pool.search_text("对齐 RLHF")) == [profile]


def test_the_pool_consent_kind_is_separate():
    assert ConsentKind.TALENT_POOL not in {
        ConsentKind.PROFILE_PROCESSING,
        ConsentKind.SHARE_WITH_ENTERPRISES,
    }
    profile = VerifiedProfileFactory()
    privacy_actions.grant_consent(user=profile.user, kind=ConsentKind.SHARE_WITH_ENTERPRISES)
    assert not TalentProfile.objects.in_talent_pool().filter(pk=profile.pk).exists()


def test_without_search_vectors_a_university_or_specialty_is_found_by_its_name():
    # SQLite (make run) has no vectors: the substring search also reads the names of
    # the codes a profile stores, in both languages.
    from talent.models.profiles import substring_match

    _pool_member(full_name="Tsinghua Grad", university_code="tsinghua")
    _pool_member(full_name="Robot Builder", specialties=[Specialty.EMBODIED_AI])
    pool = TalentProfile.objects.in_talent_pool()

    def found(query):
        return {p.full_name for p in pool.filter(substring_match(concepts(query)))}

    assert found("清华大学") == found("Tsinghua") == {"Tsinghua Grad"}
    assert found("机器人") == found("robotics") == {"Robot Builder"}
    assert found("清华 机器人") == set()
    assert found("Python") == {"Tsinghua Grad", "Robot Builder"}

"""The service manual: contents, chapters, search, print version and the PDF."""

import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from pypdf import PdfReader

from services import manual_pdf

from .factories import ManualChapterFactory, ManualSectionFactory

pytestmark = pytest.mark.django_db

needs_cjk_font = pytest.mark.skipif(
    manual_pdf.find_font() is None, reason="no CJK font (apt-get install fonts-wqy-microhei)"
)


@pytest.fixture
def manual():
    first = ManualChapterFactory(
        number=1, title_en="Arriving at the West Bund", title_zh="初到西岸"
    )
    second = ManualChapterFactory(
        number=2, title_en="Work permits and residence", title_zh="工作许可与居留"
    )
    ManualSectionFactory(chapter=first, title_en="Your first week", title_zh="第一周")
    ManualSectionFactory(
        chapter=second,
        title_en="Foreign professionals",
        title_zh="外籍人才",
        body_en="Apply for a residence permit within 30 days of entry.",
        body_zh="入境后30日内申请居留许可。",
    )
    ManualChapterFactory(number=3, title_en="Unpublished draft", is_published=False)
    return first, second


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text)


def test_contents_list_chapters_and_sections_in_order(client, manual):
    response = client.get(reverse("services:manual_index"))

    text = response.text
    assert text.index("Arriving at the West Bund") < text.index("Work permits and residence")
    assert "Your first week" in text
    assert "Unpublished draft" not in text


def test_chapter_page_in_chinese(client, manual):
    _first, second = manual

    response = client.get(f"/zh-hans{reverse('services:manual_chapter', args=[second.slug])}")

    assert response.status_code == HTTPStatus.OK
    assert "工作许可与居留" in response.text
    assert "入境后30日内申请居留许可。" in response.text


def test_chinese_falls_back_to_english_when_a_translation_is_missing(client):
    chapter = ManualChapterFactory(title_en="Only in English", title_zh="")

    response = client.get(f"/zh-hans{chapter.get_absolute_url()}")

    assert "Only in English" in response.text


def test_unpublished_chapter_is_404(client, manual):
    response = client.get(reverse("services:manual_chapter", args=["chapter-does-not-exist"]))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("query", "found"),
    [("residence permit", "Foreign professionals"), ("居留许可", "Foreign professionals")],
)
def test_search_finds_sections_in_either_language(client, manual, query, found):
    response = client.get(reverse("services:manual_search"), {"q": query})

    assert [section.title_en for section in response.context["results"]] == [found]


def test_print_version_has_the_whole_manual_and_a_print_stylesheet(client, manual):
    response = client.get(reverse("services:manual_print"))

    assert "Your first week" in response.text
    assert "Foreign professionals" in response.text
    assert 'manual-print.css" media="print"' in response.text


def test_pdf_in_english_is_a_valid_pdf_with_the_chapter_titles(client, manual):
    response = client.get(reverse("services:manual_pdf"))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert "west-bund-service-manual-en.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "ArrivingattheWestBund" in text
    assert "Workpermitsandresidence" in text
    assert "初到西岸" not in text
    assert "Unpublisheddraft" not in text


@needs_cjk_font
def test_pdf_in_chinese_has_the_chinese_chapter_titles(client, manual):
    response = client.get(f"/zh-hans{reverse('services:manual_pdf')}")

    assert response.status_code == HTTPStatus.OK
    text = pdf_text(response.content)
    assert "初到西岸" in text
    assert "工作许可与居留" in text
    assert "外籍人才" in text


def test_pdf_is_cached_until_a_chapter_changes(manual, monkeypatch):
    first, _second = manual
    renders = []
    render = manual_pdf.render_manual_pdf

    def counting_render(language):
        renders.append(language)
        return render(language)

    monkeypatch.setattr(manual_pdf, "render_manual_pdf", counting_render)

    english = manual_pdf.manual_pdf("en")
    assert manual_pdf.manual_pdf("en") == english
    assert renders == ["en"]

    first.title_en = "Arriving by the Huangpu River"
    first.save()
    regenerated = manual_pdf.manual_pdf("en")

    assert renders == ["en", "en"]
    assert "ArrivingbytheHuangpuRiver" in pdf_text(regenerated)


def test_pdf_is_regenerated_when_a_section_is_removed(manual):
    first, _second = manual
    before = pdf_text(manual_pdf.manual_pdf("en"))
    first.sections.all().delete()

    after = pdf_text(manual_pdf.manual_pdf("en"))

    assert "Yourfirstweek" in before
    assert "Yourfirstweek" not in after


def test_without_a_cjk_font_the_chinese_pdf_says_so(client, manual, monkeypatch):
    monkeypatch.setattr(manual_pdf, "find_font", lambda: None)

    response = client.get(f"/zh-hans{reverse('services:manual_pdf')}")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert reverse("services:manual_print") in response.text

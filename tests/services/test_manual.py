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


# ------------------------------------------------------------------------------
# The PDF reads like a booklet: contents, page numbers, no near-empty pages (finding 24)
# ------------------------------------------------------------------------------
def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def demo_manual():
    """The demo data's manual: five chapters of a few short sections each."""
    from services.demo import MANUAL

    for data in MANUAL:
        data = dict(data)
        sections = data.pop("sections")
        chapter = ManualChapterFactory(**data)
        for order, (title_en, title_zh, body_en, body_zh) in enumerate(sections, start=1):
            ManualSectionFactory(
                chapter=chapter,
                order=order,
                title_en=title_en,
                title_zh=title_zh,
                body_en=body_en,
                body_zh=body_zh,
            )


def test_pdf_has_contents_with_page_numbers_and_numbered_pages(demo_manual):
    pages = pdf_pages(manual_pdf.render_manual_pdf("en"))

    # Five short chapters fill a cover with the contents and two pages, not six.
    assert len(pages) <= 3
    contents = pages[0]
    assert "Contents" in contents
    assert re.search(r"1\. Arriving at the West Bund\s+2", contents)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_every_contents_entry_points_at_the_page_holding_it():
    """A manual long enough for two pages of contents: each listed page is right."""
    for number in range(1, 16):
        chapter = ManualChapterFactory(number=number, title_en=f"Chapter title {number}")
        for order in range(1, 4):
            ManualSectionFactory(
                chapter=chapter,
                order=order,
                title_en=f"Section {number}.{order}",
                body_en="Officers answer in your request's thread. " * 30,
            )

    pages = pdf_pages(manual_pdf.render_manual_pdf("en"))

    contents = "\n".join(pages[:3])
    listed = dict(re.findall(r"(Section \d+\.\d+)\s+(\d+)", contents))
    assert len(listed) == 45
    for title, page in listed.items():
        assert title in pages[int(page) - 1], f"{title} is not on page {page}"
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_no_page_but_the_last_is_nearly_empty(demo_manual):
    pages = pdf_pages(manual_pdf.render_manual_pdf("en"))

    for page in pages[1:-1]:
        assert len(page) > 1000


@needs_cjk_font
def test_chinese_pdf_has_chinese_contents_and_page_numbers(demo_manual):
    pages = pdf_pages(manual_pdf.render_manual_pdf("zh-hans"))

    assert len(pages) <= 3
    assert "目录" in pages[0]
    assert re.search(r"1\. 初到西岸\s+2", pages[0])
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页" in page
    assert "Page" not in "".join(pages)


def test_english_pdf_without_a_truetype_font_still_has_contents_and_page_numbers(
    demo_manual, monkeypatch
):
    monkeypatch.setattr(manual_pdf, "find_font", lambda: None)

    pages = pdf_pages(manual_pdf.render_manual_pdf("en"))

    assert "Contents" in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0]

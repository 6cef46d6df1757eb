"""The whole service manual as one PDF, in one language, cached until the manual changes."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

# The shared PDF pieces (font, page footer); ``find_font`` is looked up through this
# module so that tests can pretend the machine has no CJK font.
from westbund.core.pdf import FONT_CANDIDATES, MARGIN, PdfUnavailable, find_font, new_document

from .models import ManualChapter, ManualSection

__all__ = ["FONT_CANDIDATES", "ManualPdfUnavailable", "find_font", "manual_pdf"]

CACHE_SECONDS = 7 * 24 * 3600
LAYOUT = 2

# No font on this machine can write the manual in the requested language.
ManualPdfUnavailable = PdfUnavailable


def _chapters():
    sections = ManualSection.objects.order_by("order", "pk")
    return ManualChapter.objects.published().prefetch_related(
        Prefetch("sections", queryset=sections)
    )


# Layout, in millimetres (A4). A chapter starts on the page where the previous one
# ended unless too little of that page is left for its heading and first lines.
CHAPTER_NEEDS = 45
SECTION_NEEDS = 25
TOC_LINE = 7


def _toc_pages(entries: int, first_page_room: float, page_room: float) -> int:
    """How many pages the contents take, given where they start on the first."""
    heading = 14
    fit_first = max(0, int((first_page_room - heading) // TOC_LINE))
    rest = max(0, entries - fit_first)
    return 1 + -(-rest // int(page_room // TOC_LINE))


def _render_toc(pdf, outline) -> None:
    pdf.set_font(pdf.family, size=15)
    pdf.cell(0, 10, pdf.clean(_("Contents")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    width = pdf.epw
    number_width = 14
    for section in outline:
        if pdf.room_left() < TOC_LINE:
            pdf.add_page()
        indent = 7 * section.level
        pdf.set_font(pdf.family, size=12 if section.level == 0 else 10.5)
        title = section.name
        room = width - indent - number_width - 4
        # One line per entry: the page count of the contents is known in advance.
        while title and pdf.get_string_width(title) > room:
            title = title[:-2] + pdf.clean("…")
        link = pdf.add_link(page=section.page_number)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width - indent - number_width, TOC_LINE, title, link=link)
        pdf.cell(number_width, TOC_LINE, str(section.page_number), align="R", link=link)
        pdf.ln(TOC_LINE)
    # The placeholder reserved whole pages: land on its last one.
    while pdf.page < pdf.toc_placeholder.start_page + pdf.toc_placeholder.pages - 1:
        pdf.add_page()


def render_manual_pdf(language: str) -> bytes:
    """Write the published manual in ``language``; raise ``ManualPdfUnavailable``.

    A cover with the contents (entries linked, with page numbers), then the chapters
    one after the other, and "Page n of N" at the foot of every page.
    """
    font_path = find_font()
    chapters = list(_chapters())
    with translation.override(language):
        heading = _("West Bund Talent Hub · Service manual")
        pdf = new_document(language, font_path=font_path, title=heading)
        clean, family = pdf.clean, pdf.family
        pdf.add_page()
        pdf.set_font(family, size=20)
        pdf.multi_cell(0, 11, clean(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(family, size=11)
        pdf.multi_cell(
            0,
            6,
            clean(
                _(
                    "Everything a newcomer needs to live, work, learn and unwind by the "
                    "Huangpu River."
                )
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(8)
        entries = len(chapters) + sum(len(chapter.sections.all()) for chapter in chapters)
        pdf.insert_toc_placeholder(
            _render_toc,
            pages=_toc_pages(entries, pdf.room_left(), pdf.page_break_trigger - MARGIN),
        )
        for index, chapter in enumerate(chapters):
            if index and pdf.room_left() < CHAPTER_NEEDS:
                pdf.add_page()
            elif index:
                pdf.ln(8)
            title = f"{chapter.number}. {chapter.title}"
            pdf.start_section(clean(title), level=0)
            pdf.set_font(family, size=16)
            pdf.multi_cell(0, 9, clean(title), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            if chapter.intro:
                pdf.set_font(family, size=11)
                pdf.multi_cell(0, 6, clean(chapter.intro), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            for section in chapter.sections.all():
                if pdf.room_left() < SECTION_NEEDS:
                    pdf.add_page()
                pdf.set_font(family, size=13)
                pdf.start_section(clean(section.title), level=1)
                pdf.multi_cell(0, 7, clean(section.title), new_x="LMARGIN", new_y="NEXT")
                pdf.set_font(family, size=11)
                pdf.multi_cell(0, 6, clean(section.body), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
        return bytes(pdf.output())


def manual_pdf(language: str) -> bytes:
    """The manual's PDF in ``language``, from the shared cache while the manual is unchanged.

    The cache key holds the manual's stamp (latest edit and counts of chapters and
    sections), so an edit, addition or removal makes the next download regenerate it.
    """
    stamp = ManualChapter.objects.published().stamp()
    # LAYOUT changes with the code that draws the PDF: a deploy does not serve old ones.
    key = f"services:manual-pdf:{LAYOUT}:{language}:{stamp}"
    data = cache.get(key)
    if data is None:
        data = render_manual_pdf(language)
        cache.set(key, data, CACHE_SECONDS)
    return data

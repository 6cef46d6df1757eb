"""The whole service manual as one PDF, in one language, cached until the manual changes."""

import os
from pathlib import Path

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ManualChapter, ManualSection

# Debian's CJK fonts, in order of preference (fonts-wqy-microhei is what CI installs).
# DJANGO_MANUAL_PDF_FONT points at any other TrueType/OpenType font with CJK glyphs.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
CACHE_SECONDS = 7 * 24 * 3600


class ManualPdfUnavailable(Exception):
    """No font on this machine can write the manual in the requested language."""


def find_font() -> Path | None:
    configured = os.environ.get("DJANGO_MANUAL_PDF_FONT")
    candidates = (configured, *FONT_CANDIDATES) if configured else FONT_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _chapters():
    sections = ManualSection.objects.order_by("order", "pk")
    return ManualChapter.objects.published().prefetch_related(
        Prefetch("sections", queryset=sections)
    )


def _latin1(text: str) -> str:
    # The core PDF fonts know Latin-1 only; used for English when no TrueType font exists.
    replacements = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
    for source, target in replacements.items():
        text = text.replace(source, target)
    return text.encode("latin-1", "replace").decode("latin-1")


def render_manual_pdf(language: str) -> bytes:
    """Write the published manual in ``language``; raise ``ManualPdfUnavailable``."""
    from fpdf import FPDF

    font_path = find_font()
    chinese = language.startswith("zh")
    if chinese and font_path is None:
        raise ManualPdfUnavailable(language)
    with translation.override(language):
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(18, 18, 18)
        if font_path is not None:
            options = {"collection_font_number": 0} if font_path.suffix == ".ttc" else {}
            pdf.add_font("manual", "", str(font_path), **options)
            family = "manual"
            clean = str
        else:
            family = "helvetica"
            clean = _latin1
        heading = _("West Bund Talent Hub · Service manual")
        pdf.set_title(clean(heading))
        pdf.set_creator("West Bund Talent Hub")
        pdf.set_lang("zh-CN" if chinese else "en")
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
        for chapter in _chapters():
            pdf.add_page()
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
    key = f"services:manual-pdf:{language}:{stamp}"
    data = cache.get(key)
    if data is None:
        data = render_manual_pdf(language)
        cache.set(key, data, CACHE_SECONDS)
    return data

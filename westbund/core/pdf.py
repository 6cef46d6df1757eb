"""The portal's PDFs (the service manual, offer letters): one font lookup, one document
class writing "Page n of N" in the active language, Latin-1 fallback for English when
the machine has no CJK font.

fpdf2 is imported when a document is made, not at import time: most requests never
draw a PDF.
"""

import os
from pathlib import Path

from django.utils.translation import gettext as _

# Debian's CJK fonts, in order of preference (fonts-wqy-microhei is what CI installs).
# DJANGO_MANUAL_PDF_FONT points at any other TrueType/OpenType font with CJK glyphs.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
MARGIN = 18


class PdfUnavailable(Exception):
    """No font on this machine can write the document in the requested language."""


def find_font() -> Path | None:
    configured = os.environ.get("DJANGO_MANUAL_PDF_FONT")
    candidates = (configured, *FONT_CANDIDATES) if configured else FONT_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def latin1(text: str) -> str:
    # The core PDF fonts know Latin-1 only; used for English when no TrueType font exists.
    replacements = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
    for source, target in replacements.items():
        text = text.replace(source, target)
    return text.encode("latin-1", "replace").decode("latin-1")


def document_class():
    from fpdf import FPDF

    class Document(FPDF):
        """An FPDF whose footer reads "Page n of N" in the active language."""

        family = "helvetica"
        clean = staticmethod(str)

        def footer(self):
            self.set_y(-12)
            self.set_font(self.family, size=9)
            self.set_text_color(110)
            text = _("Page %(page)s of %(total)s") % {
                "page": self.page_no(),
                "total": self.str_alias_nb_pages,
            }
            self.cell(0, 6, self.clean(text), align="C")
            self.set_text_color(0)

        def room_left(self) -> float:
            return self.page_break_trigger - self.y

    return Document


def new_document(language: str, *, font_path: Path | None, title: str):
    """An A4 document for ``language`` with the CJK font when there is one (call it with
    ``language`` active). Raise ``PdfUnavailable`` for Chinese without a font."""
    chinese = language.startswith("zh")
    if chinese and font_path is None:
        raise PdfUnavailable(language)
    pdf = document_class()(format="A4")
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    if font_path is not None:
        options = {"collection_font_number": 0} if font_path.suffix == ".ttc" else {}
        pdf.add_font("portal", "", str(font_path), **options)
        pdf.family = "portal"
    else:
        pdf.family = "helvetica"
        pdf.clean = latin1
    pdf.set_title(pdf.clean(title))
    pdf.set_creator("West Bund Talent Hub")
    pdf.set_lang("zh-CN" if chinese else "en")
    return pdf

"""An offer's letter as a PDF, in the language it was written in (the candidate's),
drawn with the portal's PDF pieces (``westbund.core.pdf``, as the service manual)."""

from django.http import HttpResponse
from django.utils import formats, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from westbund.core.bilingual import text_in
from westbund.core.pdf import PdfUnavailable, find_font, new_document
from westbund.core.text import safe_filename

from .models import Offer

__all__ = ["PdfUnavailable", "offer_pdf_response", "render_offer_pdf"]


def render_offer_pdf(offer: Offer) -> bytes:
    """The letter with the offer's terms above it; raise ``PdfUnavailable`` for a
    Chinese letter on a machine without a CJK font."""
    language = offer.language
    application = offer.application
    with translation.override(language):
        enterprise = text_in(offer.enterprise, "name", language)
        title = _("Offer of employment") + f" · {enterprise}"
        pdf = new_document(language, font_path=find_font(), title=title)
        clean, family = pdf.clean, pdf.family
        pdf.add_page()
        pdf.set_font(family, size=18)
        pdf.multi_cell(0, 10, clean(enterprise), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=14)
        pdf.multi_cell(0, 8, clean(_("Offer of employment")), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(family, size=11)
        terms = (
            (_("Candidate"), application.applicant_name),
            (_("Position"), offer.position),
            (
                _("Annual salary"),
                _("%(amount)s yuan (CNY) a year")
                % {"amount": formats.number_format(offer.annual_salary, force_grouping=True)},
            ),
            (_("Start date"), formats.date_format(offer.start_date)),
            (_("Offer valid until"), formats.date_format(offer.expires_on)),
        )
        for label, value in terms:
            pdf.multi_cell(0, 6, clean(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.multi_cell(0, 6, clean(offer.letter), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def offer_pdf_response(offer: Offer) -> HttpResponse:
    try:
        data = render_offer_pdf(offer)
    except PdfUnavailable:
        return HttpResponse(
            _("The letter cannot be drawn as a PDF on this server (no Chinese font)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type="application/pdf")
    name = safe_filename(f"{_('Offer')} {offer.position} {offer.application.applicant_name}")
    response["Content-Disposition"] = content_disposition_header(False, f"{name}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response

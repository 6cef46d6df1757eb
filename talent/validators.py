"""Validation of uploaded CVs: by content, never by file name."""

import logging

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CV_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf(upload) -> int:
    """Accept a real, readable, unencrypted PDF of at most 5 MB; return its page count.

    The name and the browser's content type are ignored: a renamed executable has the
    wrong first bytes, and a file that merely starts like a PDF must also open as one.
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty. Choose your CV as a PDF."), code="empty")
    if size > CV_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a CV may be at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(CV_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("This file is not a PDF. Export your CV as a PDF and upload that file."),
            code="not_pdf",
        )
    from pypdf import PdfReader

    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is password-protected. Upload a copy without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:
        # A hostile or broken file can make the parser fail in many ways; each of them
        # means the same thing to the person uploading it.
        logger.info("CV upload rejected: %s: %s", type(error).__name__, error)
        raise ValidationError(
            _("This file could not be opened as a PDF. It may be damaged; export it again."),
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="no_pages")
    return pages

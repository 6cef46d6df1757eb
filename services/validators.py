"""Checks on uploaded files, by content rather than by name."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_MESSAGE = 5

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _opens_as_pdf(data: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return len(reader.pages) > 0
    except (PyPdfError, ValueError, TypeError, KeyError, OSError):
        return False


def _opens_as_image(data: bytes, expected_format: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == expected_format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def check_attachment(upload) -> CheckedFile:
    """Accept a PDF, JPEG or PNG of at most 5 MB that really is what it starts as.

    Raises ``ValidationError`` with a message for the person who uploaded it.
    """
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty_file", params={"name": name})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s."),
            code="file_too_large",
            params={
                "name": name,
                "size": filesizeformat(size),
                "max": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
        )
    data = _read_all(upload)
    if data.startswith(PDF_MAGIC) and _opens_as_pdf(data):
        return CheckedFile("application/pdf", "pdf")
    if data.startswith(JPEG_MAGIC) and _opens_as_image(data, "JPEG"):
        return CheckedFile("image/jpeg", "jpg")
    if data.startswith(PNG_MAGIC) and _opens_as_image(data, "PNG"):
        return CheckedFile("image/png", "png")
    raise ValidationError(
        _("“%(name)s” is not a PDF, JPEG or PNG file we can open."),
        code="file_type",
        params={"name": name},
    )

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def make_pdf(text: str = "Lease agreement") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def make_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def pdf_upload():
    def build(name="lease.pdf"):
        return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")

    return build


@pytest.fixture
def png_upload():
    def build(name="passport.png"):
        return SimpleUploadedFile(name, make_png(), content_type="image/png")

    return build


@pytest.fixture
def points_tables(db):
    """The two seeded versions of the work-permit points table, {version: table}.

    Seeded by data migrations; a transactional test elsewhere may have flushed them,
    so they are seeded again (by the migrations' own functions) when missing."""
    import importlib

    from django.apps import apps

    from services.models import PermitPointsTable

    migration = importlib.import_module("services.migrations.0005_permit_points_tables")
    if not PermitPointsTable.objects.filter(version__in=["2017", "2016-trial"]).exists():
        migration.seed(apps, None)
        importlib.import_module("services.migrations.0007_permit_source_note_for_readers").forward(
            apps, None
        )
    return {table.version: table for table in PermitPointsTable.objects.with_rules()}

"""Hostile input shared by the security tests: strings for text fields, files for
upload fields."""

import io

from hypothesis import strategies as st

from westbund.core.text import strip_control_characters

# Each one breaks out of a different context if it is ever rendered unescaped.
HOSTILE_STRINGS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    '<a href="javascript:alert(1)">x</a>',
    "\u202egnp.exe<b>RTL</b>",
    "多模态<script>alert('模型')</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


def _without_nul(text: str) -> str:
    # NUL and other control characters are refused by the forms (a clear form error,
    # tested by the fuzz test and test_xss); here the point is what a saved value looks
    # like when it is shown.
    return strip_control_characters(text)


hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.builds(
        lambda before, payload, after: _without_nul(before + payload + after),
        st.text(max_size=12),
        st.sampled_from(HOSTILE_STRINGS),
        st.text(max_size=12),
    ),
    # Very long: the payload at the end of a long value.
    st.builds(
        lambda n, payload: "x" * n + payload,
        st.integers(150, 400),
        st.sampled_from(HOSTILE_STRINGS),
    ),
)


def pdf_with_javascript() -> bytes:
    """A valid one-page PDF that runs JavaScript when opened (``/OpenAction``) and
    carries an HTML ``<script>`` in a comment: what an attacker would upload as a CV."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /S /JavaScript /JS (app.alert\\('pwned'\\);) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%<html><script>alert(document.cookie)</script></html>\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def image_bytes(image_format: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format=image_format)
    return buffer.getvalue()


HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def gif_html_polyglot() -> bytes:
    """A real GIF followed by an HTML page: an image to Pillow, a page to a sniffer."""
    return image_bytes("GIF") + HTML_PAYLOAD


def jpeg_html_polyglot() -> bytes:
    return image_bytes("JPEG") + HTML_PAYLOAD


def html_with_gif_header() -> bytes:
    """Only the GIF magic number, then HTML: not an image at all."""
    return b"GIF89a" + HTML_PAYLOAD


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.domain)</script><rect width="10" height="10"/></svg>'
)


def zip_bomb_like() -> bytes:
    """A small ZIP that inflates to 50 MB: refused before anyone unpacks it."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cv.pdf", b"\0" * 50_000_000)
    return buffer.getvalue()


HOSTILE_FILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/cron.d/evil.pdf",
    "nul\x00byte.pdf",
    "x" * 300 + ".pdf",
    "简历\u202efdp.exe.pdf",
    'quote".pdf',
    "line\r\nbreak.pdf",
]

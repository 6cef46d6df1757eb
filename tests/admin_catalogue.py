"""Which English strings of a catalogue are left on a page meant to be Chinese.

The catalogues are our own (``locale/zh_Hans``) and Django's admin one; their msgids
are the English a page shows when a string was not translated (or not marked). Used by
the admin tests, server-side (the HTML) and in the browser (``inner_text``).
"""

import ast
import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
# Django's English catalogue of the admin lists every msgid (its zh_Hans one may lack
# the newest); a msgid whose Chinese is the same text (“C9”, “CSV”) is not a leak.
DJANGO_ADMIN = Path(django.__file__).parent / "contrib/admin/locale"
CATALOGUES = (
    (OURS, OURS.with_suffix(".mo")),
    (
        DJANGO_ADMIN / "en/LC_MESSAGES/django.po",
        DJANGO_ADMIN / "zh_Hans/LC_MESSAGES/django.mo",
    ),
)
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdr]|\{[^}]*\}")


def _pattern(msgid: str) -> re.Pattern | None:
    parts = [" ".join(part.split()) for part in PLACEHOLDER.split(msgid)]
    parts = [part for part in parts if part]
    # Only what reads as English: at least one word of two letters.
    if not any(re.search(r"[A-Za-z]{2}", part) for part in parts):
        return None
    body = r".{1,80}?".join(re.escape(part).replace(r"\ ", r"\s+") for part in parts)
    return re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])")


def _po_msgids(path: Path) -> list[str]:
    """The msgids (and plural msgids) of a .po file."""
    msgids, current, reading = [], None, False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                msgids.append(current)
            current, reading = ast.literal_eval(line.split(" ", 1)[1]), True
        elif line.startswith('"') and reading:
            current += ast.literal_eval(line)
        else:
            if reading and current:
                msgids.append(current)
            current, reading = None, False
    return msgids


@cache
def _chinese() -> dict[str, str]:
    translations = {}
    for _po, mo in reversed(CATALOGUES):
        with mo.open("rb") as file:
            for key, text in gettext.GNUTranslations(file)._catalog.items():
                translations[key[0] if isinstance(key, tuple) else key] = text
    return translations


@cache
def english_msgids() -> dict[str, re.Pattern]:
    """Every msgid whose Chinese is not the same text, with the pattern finding it."""
    chinese = _chinese()
    found = {}
    for po, _mo in CATALOGUES:
        for msgid in _po_msgids(po):
            if "\n" in msgid.strip() or len(msgid) > 300 or chinese.get(msgid) == msgid:
                continue
            if (pattern := _pattern(msgid)) is not None:
                found[msgid] = pattern
    return found


def leaked_msgids(text: str, *, ignore=()) -> list[str]:
    """The English msgids found in ``text`` (after removing the ``ignore`` values: data,
    names, e-mail addresses)."""
    for value in sorted(ignore, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    return sorted(msgid for msgid, pattern in english_msgids().items() if pattern.search(text))


class _VisibleText(HTMLParser):
    SKIPPED = {"script", "style", "template", "noscript", "title", "head"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = (
            tag in self.SKIPPED
            or "hidden" in attributes
            or attributes.get("type") == "hidden"
            # Text marked as English on purpose: a language's own name in a switch.
            or (attributes.get("lang") or "").startswith("en")
        )
        if tag in self.VOID:
            if not (hidden or self._hidden()) and attributes.get("type") in {"submit", "button"}:
                self.parts.append(attributes.get("value") or "")
            return
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())

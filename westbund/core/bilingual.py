"""Bilingual content: the one way to hold a name or text in two languages and pick it.

A model stores each such text twice, ``<base>_en`` and ``<base>_zh`` (either may be
empty, usually the Chinese one), and reads it through a ``Bilingual`` attribute: the
reader's language first, the other as fallback. What outlives the request — a
notification's context — carries both, as ``{"en": ..., "zh-hans": ...}`` (``both``),
and is picked in the reader's language when it is shown (``pick``, ``pick_all``).
Strings stored before contexts carried both languages are shown as they are.
"""

from django.conf import settings
from django.utils import translation

ENGLISH = "en"
CHINESE = "zh-hans"
# The model field suffix of each language.
SUFFIX = {ENGLISH: "en", CHINESE: "zh"}


def reader_language(language: str | None = None) -> str:
    """``ENGLISH`` or ``CHINESE``: the given language, else the active one."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    return CHINESE if language.startswith("zh") else ENGLISH


def site_language(language: str | None) -> str:
    """``language`` when the site is written in it (a code of ``settings.LANGUAGES``),
    else the default: the language to write to someone in."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _order(language: str | None) -> tuple[str, str]:
    first = reader_language(language)
    return (first, ENGLISH if first == CHINESE else CHINESE)


class Bilingual:
    """``role.title`` is ``title_zh`` for a Chinese reader when it is filled, else
    ``title_en``; for everyone else the other way round. With ``other=True`` it is the
    text in the other language, to show beside it ("" when there is none)."""

    def __init__(self, base: str, *, other: bool = False):
        self.base = base
        self.other = other

    def __get__(self, instance, owner):
        if instance is None:
            return self
        if self.other:
            return other_text(instance, self.base)
        return text_in(instance, self.base)


class BilingualLanguage(Bilingual):
    """The language of what ``Bilingual(base, other=...)`` shows, as an HTML ``lang``
    code: a title shown in the other language (or as the fallback) is marked so that
    screen readers and fonts treat it as such."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        shown = language_of(instance, self.base)
        if self.other:
            return ENGLISH if shown == CHINESE else CHINESE
        return shown


def text_in(obj, base: str, language: str | None = None) -> str:
    """``obj.<base>`` in ``language`` (default: the reader's), the other as fallback."""
    for code in _order(language):
        value = getattr(obj, f"{base}_{SUFFIX[code]}", "") or ""
        if value:
            return value
    return ""


def language_of(obj, base: str, language: str | None = None) -> str:
    """The language ``text_in`` shows (the reader's when there is nothing at all)."""
    for code in _order(language):
        if getattr(obj, f"{base}_{SUFFIX[code]}", ""):
            return code
    return reader_language(language)


def other_text(obj, base: str, language: str | None = None) -> str:
    shown = language_of(obj, base, language)
    other = ENGLISH if shown == CHINESE else CHINESE
    value = getattr(obj, f"{base}_{SUFFIX[other]}", "") or ""
    return "" if value == text_in(obj, base, language) else value


def both(obj, base: str) -> dict[str, str]:
    """Both languages of ``obj.<base>``, JSON-safe, for a notification's context."""
    return {code: getattr(obj, f"{base}_{suffix}", "") or "" for code, suffix in SUFFIX.items()}


def is_both(value) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= set(SUFFIX)
        and all(isinstance(text, str) for text in value.values())
    )


def pick(value, language: str | None = None):
    """A ``both`` value in ``language`` (default: the reader's), the other as fallback;
    anything else (an English-only string stored earlier) as it is."""
    if not is_both(value):
        return value
    for code in _order(language):
        if value.get(code):
            return value[code]
    return ""


def pick_all(value, language: str | None = None):
    """``pick`` every ``both`` value inside a context (dicts and lists, at any depth)."""
    if is_both(value):
        return pick(value, language)
    if isinstance(value, dict):
        return {key: pick_all(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [pick_all(item, language) for item in value]
    return value


def list_separator(language: str | None = None, *, clauses: bool = False) -> str:
    """How the reader's language separates the items of a list: "、" between words in
    Chinese (", " in English); with ``clauses``, between phrases that hold commas
    themselves: "；" in Chinese ("; " in English)."""
    if reader_language(language) == CHINESE:
        return "；" if clauses else "、"
    return "; " if clauses else ", "


def in_english(text) -> str:
    """A lazy label as its English source text: what a notification context or an audit
    row stores, translated again when shown (``pick`` and the templates)."""
    from django.utils import translation

    with translation.override("en"):
        return str(text)

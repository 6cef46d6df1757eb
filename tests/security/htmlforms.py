"""The fields of an HTML form, read from the page as a browser would see them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {"text", "search", "password", "tel", "hidden", "email", "url", "textarea"}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "textarea" or "select"
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None

    def _add(self, name, kind, option=None, multiple=False):
        known = self.form.fields.get(name)
        if known is None:
            known = self.form.fields[name] = Field(name, kind, multiple=multiple)
        elif kind == "checkbox":
            known.multiple = True  # a group of checkboxes: several values
        if option is not None:
            known.options.append(option)
        return known

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self.select is not None:
            if attrs.get("value") is not None:
                self.select.options.append(attrs["value"])
            return
        if tag == "form":
            action = attrs.get("action") or self.page_path
            self.form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self.form)
        elif self.form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            if attrs["name"] == "csrfmiddlewaretoken":
                return
            option = attrs.get("value", "on") if kind in {"checkbox", "radio"} else None
            self._add(attrs["name"], kind, option)
        elif tag == "textarea":
            self._add(attrs["name"], "textarea")
        elif tag == "select":
            self.select = self._add(attrs["name"], "select", multiple="multiple" in attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def find_form(html: str, page_path: str, action: str) -> Form:
    """The form on the page that submits to ``action``."""
    parser = _FormParser(page_path)
    parser.feed(html)
    matching = [form for form in parser.forms if form.action.split("?")[0] == action]
    assert matching, f"no form posting to {action} on {page_path}"
    return max(matching, key=lambda form: len(form.fields))

"""Every URL the resolver knows, as a concrete path and the kind of user it is for.

Built by walking ``django.urls.get_resolver()``, so a view added tomorrow is swept
without anyone remembering to list it.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# A value for each path parameter; the CSRF check runs before the view, so a path only
# has to resolve (the control test posts to real objects).
PARAMETER_VALUES = {
    "app_label": "talent",
    "content_type_id": "1",
    "object_id": "1",
    "uidb36": "1",
    "key": "abc",
    "token": "abc",
    "kind": "share_with_enterprises",
    "change": "grant",
    "reference": "SR-1",
    "url": "no-such-page/",
    "path": "x.png",
}
DEFAULT_BY_CONVERTER = {"int": "1", "slug": "x", "str": "x", "path": "x"}

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class SweptURL:
    path: str
    name: str
    callback: object

    @property
    def area(self) -> str:
        """Who signs in to use it: ``officer``, ``recruiter`` or ``professional``."""
        if self.path.startswith("/admin/"):
            return "officer"
        if self.path.startswith("/workspace/"):
            return "recruiter"
        return "professional"

    @property
    def csrf_exempt(self) -> bool:
        return getattr(self.callback, "csrf_exempt", False)


def _concrete(pattern: str, overrides: dict[str, str] | None = None) -> str:
    values = {**PARAMETER_VALUES, **(overrides or {})}

    def route_value(match):
        name = match["name"]
        return values.get(name, DEFAULT_BY_CONVERTER.get(match["converter"] or "str"))

    # Regex groups first: ``(?P<key>…)`` also looks like a route's ``<key>``.
    path = REGEX_GROUP.sub(lambda match: values.get(match["name"], "x"), pattern)
    path = ROUTE_PARAMETER.sub(route_value, path)
    return "/" + path.replace("^", "").replace("$", "")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def swept_urls() -> list[SweptURL]:
    urls = []
    for pattern in _walk(get_resolver().url_patterns):
        path = _concrete(pattern)
        match = resolve(path)
        urls.append(SweptURL(path=path, name=match.view_name, callback=match.func))
    return urls


def parameters(pattern: str) -> list[str]:
    """The names of a pattern's path parameters, route or regex style."""
    names = [match["name"] for match in REGEX_GROUP.finditer(pattern)]
    rest = REGEX_GROUP.sub("", pattern)
    return names + [match["name"] for match in ROUTE_PARAMETER.finditer(rest)]


def patterns_with_parameters() -> list[tuple[str, list[str]]]:
    """Each URL pattern that has path parameters, with their names."""
    found = []
    for pattern in _walk(get_resolver().url_patterns):
        names = parameters(pattern)
        if names:
            found.append((pattern, names))
    return found


def path_with(pattern: str, **overrides: str) -> str:
    """The pattern as a path, with ``overrides`` put in as they are (not quoted)."""
    return _concrete(pattern, overrides)

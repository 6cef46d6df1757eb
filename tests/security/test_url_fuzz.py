"""Junk in every path parameter and in the query parameters pages use: never a 5xx.

The patterns are the resolver's own (``urlsweep``), so a URL added later is fuzzed too;
the query parameters are read from each page as a browser sees them (the names of its
GET forms' fields and of its links' query strings: the board's ``q``, ``specialty``,
``sort``, ``page``, the admin changelists' filters …) plus a few every page might be
sent. Each area is fuzzed by the kind of user it is for, and anonymously.

On PostgreSQL, which refuses NUL in a string literal: before the bad-bytes middleware
``/services/requests/x%00y/``, ``/enterprises/join/x%00y/`` and
``/admin/notifications/notification/?state__exact=%00`` answered 500.
"""

from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from tests.enterprises.factories import EnterpriseFactory, MembershipFactory, PublishedRoleFactory
from tests.factories import OfficerFactory
from tests.talent.factories import ApplicationFactory

from .urlsweep import path_with, patterns_with_parameters, swept_urls

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

# Already percent-encoded, as they would arrive on the wire.
PATH_JUNK = [
    "x%00y",
    "%01%1F",
    "x%0Ay",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "%FF%FE",  # not UTF-8 at all
    "99999999999999999999",  # matches <int:…>, overflows bigint
    "%E5%A4%9A%E6%A8%A1%E6%80%81",
    "..%2F..%2Fetc%2Fpasswd",
    "x" * 600,
]
QUERY_JUNK = [
    "x%00y",
    "%ED%A0%80",
    "99999999999999999999",
    "-1",
    "%27%22%3C%3E",
    "x" * 2000,
]
# Sent to every page, whether or not it links them.
ALWAYS = ["q", "page", "sort", "specialty", "o", "p", "next", "lang"]


class _QueryNames(HTMLParser):
    """The query parameter names a page uses: its GET forms' fields, its links' keys."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()
        self.in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            query = urlsplit(attrs["href"]).query
            self.names.update(key for key, _value in parse_qsl(query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def query_names(html: str) -> set[str]:
    parser = _QueryNames()
    parser.feed(html)
    return parser.names


@pytest.fixture
def cast(db, sign_in_officer):
    """Clients for anonymous, professional, recruiter and officer, with real objects
    at the sweep's default parameter values (slug ``x``, pk 1 where it exists)."""
    enterprise = EnterpriseFactory(slug="x")
    recruiter = MembershipFactory(enterprise=enterprise).user
    role = PublishedRoleFactory(enterprise=enterprise, slug="x")
    professional = ApplicationFactory(role=role).profile.user

    def client_for(user=None):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        return client

    officer = sign_in_officer(client_for(), OfficerFactory())
    return {
        "anonymous": client_for(),
        "professional": client_for(professional),
        "recruiter": client_for(recruiter),
        "officer": officer,
    }


def _area(path: str) -> str:
    if path.startswith("/admin/"):
        return "officer"
    if path.startswith("/workspace/"):
        return "recruiter"
    return "professional"


def _get(client, url, failures):
    # A savepoint per request: a failed query must not poison the next ones.
    with transaction.atomic():
        response = client.get(url)
    if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
        failures.append(f"{response.status_code} {url}")
    return response


def _clients(cast, area):
    return [("anonymous", cast["anonymous"]), (area, cast[area])]


WHO = ["anonymous", "professional", "recruiter", "officer"]


@pytest.mark.parametrize("who", WHO)
def test_junk_in_any_path_parameter_never_gives_a_server_error(cast, who):
    failures = []
    for pattern, names in patterns_with_parameters():
        if pattern.startswith("^media/"):
            continue
        # Anonymous visitors are sent to sign in before /admin/ and /workspace/ views
        # read a parameter: fuzzing them there only repeats the redirect.
        if _area(path_with(pattern)) != ("professional" if who == "anonymous" else who):
            continue
        for name in names:
            for junk in PATH_JUNK:
                _get(cast[who], path_with(pattern, **{name: junk}), failures)
            _get(cast[who], "/zh-hans" + path_with(pattern, **{name: "x%00y"}), failures)

    assert failures == []


@pytest.mark.parametrize("who", WHO)
def test_junk_in_the_query_parameters_of_every_page_never_gives_a_server_error(cast, who):
    """Each page that answers gets every junk value in all its parameters at once, then
    each parameter it uses alone with one junk value (in turn): pages × (junk + names)
    requests instead of pages × junk × names, which took many minutes."""
    failures = []
    for swept in swept_urls():
        if who != "anonymous" and swept.area != who:
            continue
        client = cast[who]
        page = _get(client, swept.path, failures)
        if page.status_code != HTTPStatus.OK or "html" not in page.get("Content-Type", ""):
            continue  # a redirect or a 404 reads no parameter
        found = sorted(query_names(page.content.decode()))
        for junk in QUERY_JUNK:
            query = "&".join(f"{quote(name)}={junk}" for name in sorted({*ALWAYS, *found}))
            _get(client, f"{swept.path}?{query}", failures)
        for index, name in enumerate(found):
            junk = QUERY_JUNK[index % len(QUERY_JUNK)]
            _get(client, f"{swept.path}?{quote(name)}={junk}", failures)

    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/services/requests/x%00y/",
        "/enterprises/join/x%00y/",
        "/zh-hans/jobs/x%00y/",
        "/jobs/x%01/",
        "/jobs/x%0A/",
    ],
)
def test_a_control_character_in_the_path_is_a_404(cast, url):
    assert cast["professional"].get(url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    [
        "/admin/notifications/notification/?state__exact=%00",
        "/admin/talent/talentprofile/?q=x%00",
        "/admin/enterprises/role/?x%00=1",
    ],
)
def test_a_control_character_in_an_admin_filter_is_a_400(cast, url):
    assert cast["officer"].get(url).status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "url", ["/jobs/?q=x%00y", "/jobs/?specialty=%00", "/zh-hans/jobs/?sort=%1B", "/?page=%7F"]
)
def test_a_control_character_in_a_query_parameter_is_a_400(cast, url):
    response = cast["anonymous"].get(url)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    language = "zh-hans" if url.startswith("/zh-hans/") else "en"
    assert f'<html lang="{language}">' in response.content.decode()


def test_a_search_with_a_newline_or_a_tab_is_still_answered(cast):
    response = cast["anonymous"].get("/jobs/?q=machine%0Alearning%09")

    assert response.status_code == HTTPStatus.OK


def test_a_session_cookie_with_nul_counts_as_no_cookie(cast):
    client = Client(raise_request_exception=False)
    # A quoted cookie's octal escapes decode to NUL (http.cookies' unquoting): without
    # the middleware the session key reached PostgreSQL and the page answered 500.
    nul_key = '"' + "\\000" * 10 + '"'

    response = client.get("/me/", HTTP_COOKIE=f"sessionid={nul_key}")

    assert response.status_code == HTTPStatus.FOUND  # to sign in, as without a cookie

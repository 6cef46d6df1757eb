"""A role's title and description in both languages: Chinese optional, the reader's
language first and the other as fallback, in the workspace form, on the board, the
role page, its JSON-LD and the Atom feed."""

import json
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from enterprises.models import Role

from .factories import MembershipFactory, PublishedRoleFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TITLE_EN, TITLE_ZH = "QA Agent Evaluation Engineer", "智能体评测工程师"
TEXT_EN = "Evaluate our agents before they ship."
TEXT_ZH = "在智能体上线之前完成评测。"


@pytest.fixture
def bilingual():
    return PublishedRoleFactory(
        title_en=TITLE_EN, title_zh=TITLE_ZH, description_en=TEXT_EN, description_zh=TEXT_ZH
    )


@pytest.fixture
def english_only():
    return PublishedRoleFactory(
        title_en="Speech Engineer", title_zh="", description_en="Speech models.", description_zh=""
    )


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def _job_posting(body: str) -> dict:
    return json.loads(JSON_LD.search(body).group(1))


# ------------------------------------------------------------------------------
# The workspace form
# ------------------------------------------------------------------------------
def _role_form(**overrides) -> dict:
    data = {
        "title_en": TITLE_EN,
        "title_zh": TITLE_ZH,
        "description_en": TEXT_EN,
        "description_zh": TEXT_ZH,
        "specialties": ["ai_safety"],
        "employment_type": "full_time",
        "seniority": "mid",
        "location": "West Bund, Xuhui, Shanghai",
        "remote_policy": "onsite",
        "openings": "1",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    return {**data, **overrides}


def test_a_recruiter_writes_the_title_and_description_in_both_languages(client):
    membership = MembershipFactory(user__preferred_language="zh-hans")
    client.force_login(membership.user)
    url = f"/zh-hans/workspace/{membership.enterprise.slug}/roles/new/"

    form = _page(client, url)
    response = client.post(url, _role_form())

    assert "中文标题（选填）" in form and "中文职位描述（选填）" in form
    assert response.status_code == HTTPStatus.FOUND
    role = Role.objects.get(enterprise=membership.enterprise)
    assert (role.title_en, role.title_zh) == (TITLE_EN, TITLE_ZH)
    assert (role.description_en, role.description_zh) == (TEXT_EN, TEXT_ZH)


def test_the_chinese_title_and_description_are_optional(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    response = client.post(
        f"/workspace/{membership.enterprise.slug}/roles/new/",
        _role_form(title_zh="", description_zh=""),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Role.objects.get(enterprise=membership.enterprise).description_zh == ""


def test_the_english_description_is_required_with_a_message_in_chinese(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    response = client.post(
        f"/zh-hans/workspace/{membership.enterprise.slug}/roles/new/",
        _role_form(description_en=""),
    )

    assert response.status_code == HTTPStatus.OK
    assert "这个字段是必填项。" in response.content.decode()
    assert not Role.objects.filter(enterprise=membership.enterprise).exists()


# ------------------------------------------------------------------------------
# The board and the role page
# ------------------------------------------------------------------------------
def test_the_chinese_board_shows_chinese_titles_first_and_english_ones_otherwise(
    client, bilingual, english_only
):
    body = _page(client, "/zh-hans/jobs/")

    assert body.index(TITLE_ZH) < body.index(TITLE_EN)
    assert "Speech Engineer" in body


def test_the_english_board_shows_english_titles_first(client, bilingual):
    body = _page(client, "/jobs/")

    assert body.index(TITLE_EN) < body.index(TITLE_ZH)


def test_the_chinese_role_page_shows_the_chinese_description(client, bilingual):
    body = _page(client, f"/zh-hans/jobs/{bilingual.slug}/")

    assert re.search(rf"<h1[^>]*>{TITLE_ZH}</h1>", body)
    assert TEXT_ZH in body and TEXT_EN not in body


def test_the_english_role_page_shows_the_english_description(client, bilingual):
    body = _page(client, f"/jobs/{bilingual.slug}/")

    assert re.search(rf"<h1[^>]*>{TITLE_EN}</h1>", body)
    assert TEXT_EN in body and TEXT_ZH not in body


def test_a_role_without_chinese_shows_english_on_the_chinese_page(client, english_only):
    body = _page(client, f"/zh-hans/jobs/{english_only.slug}/")

    assert re.search(r"<h1[^>]*>Speech Engineer</h1>", body)
    assert "Speech models." in body


# ------------------------------------------------------------------------------
# JSON-LD and the feed
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("prefix", "title", "description", "language"),
    [("", TITLE_EN, TEXT_EN, "en"), ("/zh-hans", TITLE_ZH, TEXT_ZH, "zh-Hans")],
)
def test_the_job_posting_is_in_the_pages_language(
    client, bilingual, prefix, title, description, language
):
    data = _job_posting(_page(client, f"{prefix}/jobs/{bilingual.slug}/"))

    assert (data["title"], data["description"], data["inLanguage"]) == (
        title,
        description,
        language,
    )


def test_the_job_posting_says_english_when_a_chinese_page_falls_back_to_it(client, english_only):
    data = _job_posting(_page(client, f"/zh-hans/jobs/{english_only.slug}/"))

    assert (data["description"], data["inLanguage"]) == ("Speech models.", "en")


def test_the_chinese_feed_carries_chinese_titles_and_descriptions(client, bilingual, english_only):
    body = _page(client, "/zh-hans/jobs/feed/")

    assert 'xml:lang="zh-hans"' in body
    assert TITLE_ZH in body and TEXT_ZH in body
    assert TITLE_EN not in body and TEXT_EN not in body
    assert "Speech Engineer" in body


def test_the_english_feed_carries_english_titles_and_descriptions(client, bilingual):
    body = _page(client, "/jobs/feed/")

    assert TITLE_EN in body and TEXT_EN in body and TEXT_ZH not in body


# ------------------------------------------------------------------------------
# Search covers both languages
# ------------------------------------------------------------------------------
def test_search_finds_a_role_by_its_chinese_title_or_description(client, bilingual):
    for query in ("智能体评测", "上线之前"):
        roles = client.get("/zh-hans/jobs/", {"q": query}).context["roles"]
        assert [role.pk for role in roles] == [bilingual.pk]


# ------------------------------------------------------------------------------
# The migration keeps what was written
# ------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_description_as_the_english_one():
    executor = MigrationExecutor(connection)
    before = [("enterprises", "0002_search_indexes")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        enterprise = old.get_model("enterprises", "Enterprise").objects.create(
            name_en="Aurora", slug="aurora", phase=1
        )
        old.get_model("enterprises", "Role").objects.create(
            enterprise=enterprise, title_en="Speech Engineer", slug="speech", description="Speech."
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    role = Role.objects.get(slug="speech")
    assert (role.description_en, role.description_zh) == ("Speech.", "")


def test_a_title_in_the_other_language_is_marked_with_its_language(client, bilingual, english_only):
    board = _page(client, "/zh-hans/jobs/")
    assert f'lang="zh-hans">{TITLE_ZH}</a>' in board
    assert f'<span lang="en">{TITLE_EN}</span>' in board
    # A role written only in English shows its English title on the Chinese board.
    assert 'lang="en">Speech Engineer</a>' in board
    page = _page(client, f"/zh-hans/jobs/{bilingual.slug}/")
    assert f'<p class="lead text-muted mb-1" lang="en">{TITLE_EN}</p>' in page
    english = _page(client, f"/jobs/{bilingual.slug}/")
    assert f'<h1 class="h2 mb-1" lang="en">{TITLE_EN}</h1>' in english
    assert f'lang="zh-hans">{TITLE_ZH}</p>' in english

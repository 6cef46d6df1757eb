"""Lists are written as the reader's language writes them: 、 between Chinese items,
", " between English ones, and each item escaped."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.services.factories import TalentOfficerFactory
from westbund.core.bilingual import list_separator


def _render(source: str, **context) -> str:
    return Template("{% load lists %}" + source).render(Context(context))


def test_a_list_is_joined_in_the_readers_language_and_escaped():
    items = ["PyTorch", "<b>RLHF</b>", "大模型预训练"]
    with translation.override("zh-hans"):
        assert _render("{{ items|as_list }}", items=items) == (
            "PyTorch、&lt;b&gt;RLHF&lt;/b&gt;、大模型预训练"
        )
        assert _render('{{ items|as_list:"clauses" }}', items=["a, b", "c"]) == "a, b；c"
        assert list_separator() == "、"
    with translation.override("en"):
        assert _render("{{ items|as_list }}", items=items) == (
            "PyTorch, &lt;b&gt;RLHF&lt;/b&gt;, 大模型预训练"
        )
        assert _render('{{ items|as_list:"clauses" }}', items=["a, b", "c"]) == "a, b; c"


@pytest.mark.django_db
def test_the_officers_languages_are_listed_in_chinese_on_the_chinese_page(client):
    TalentOfficerFactory(languages=["zh", "en", "wuu"])
    chinese = client.get("/zh-hans/services/officers/").content.decode()
    english = client.get("/services/officers/").content.decode()
    assert "普通话、英语、上海话" in chinese
    assert "Mandarin, English, Shanghainese" in english


def test_chinese_labels_say_what_each_field_is():
    # One English word, several Chinese ones: a role's title is 职位名称, an event's
    # 标题; a person's name is 姓名, a building's 名称.
    from enterprises.models import Role
    from services.models import ApartmentBuilding, Event, TalentOfficer

    def label(model, field):
        return str(model._meta.get_field(field).verbose_name)

    with translation.override("zh-hans"):
        assert label(Role, "title_en") == "职位名称（英文）"
        assert label(Event, "title_en") == "标题（英文）"
        assert label(TalentOfficer, "name_zh") == "姓名（中文）"
        assert label(ApartmentBuilding, "name_en") == "名称（英文）"
        # A job posting is a 职位; a member's role in the enterprise a 角色.
        from enterprises.models import Membership

        assert str(Role._meta.verbose_name) == "职位"
        assert label(Membership, "role") == "角色"


def test_a_service_request_has_one_name_in_chinese():
    # 服务申请 everywhere: the admin, the dashboard, the e-mails (it was also 服务请求).
    from pathlib import Path

    from django.conf import settings

    catalogue = Path(settings.BASE_DIR, "locale/zh_Hans/LC_MESSAGES/django.po").read_text()
    assert "服务请求" not in catalogue

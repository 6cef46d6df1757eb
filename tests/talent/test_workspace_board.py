"""The pipeline board, bulk moves, search and tags of the enterprise's workspace."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import reset_queries
from django.urls import reverse
from django.utils import translation

from talent import actions
from talent.models import Application, ApplicationStageChange, Tag, TagEvent
from tests.enterprises.factories import (
    EnterpriseFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import MessageTemplateFactory, TagFactory
from westbund.core.bulk import apply_to_each

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(
            full_name="Lin Wei",
            name_zh="林伟",
            skills="PyTorch, 大模型 pre-training",
            university_code="tsinghua",
            university_other="",
        ),
        role=PublishedRoleFactory(title_en="VLM Researcher", title_zh="视觉语言模型研究员"),
    )


@pytest.fixture
def enterprise(application):
    return application.enterprise


@pytest.fixture
def recruiter(client, enterprise):
    user = RecruiterMembershipFactory(enterprise=enterprise).user
    client.force_login(user)
    return user


@pytest.fixture
def intruder(client):
    """A recruiter of another enterprise, signed in."""
    user = RecruiterMembershipFactory(enterprise=EnterpriseFactory()).user
    client.force_login(user)
    return user


def _board(enterprise, prefix=""):
    with translation.override("en"):
        return prefix + reverse("talent:workspace_board", args=[enterprise.slug])


def _list(enterprise):
    return reverse("talent:workspace_applicants", args=[enterprise.slug])


def _move_url(application):
    return reverse(
        "talent:workspace_application_move", args=[application.enterprise.slug, application.pk]
    )


def _bulk_url(enterprise):
    return reverse("talent:workspace_applications_bulk_move", args=[enterprise.slug])


def _column(body: str, stage: str) -> str:
    """The HTML of one column of the board."""
    start = body.index(f'data-stage="{stage}"')
    end = body.find("</section>", start)
    return body[start:end]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# -- The board -------------------------------------------------------------------------------


def test_board_shows_a_column_per_stage_with_counts_and_cards(client, recruiter, application):
    tag = actions.create_tag(
        enterprise=application.enterprise, name="Strong coder", colour="green", by=recruiter
    )
    actions.attach_tag(application=application, tag=tag, by=recruiter)
    response = client.get(_board(application.enterprise))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    for label in ("New", "Screening", "Interview", "Offer", "Hired", "Rejected", "Withdrawn"):
        assert label in body
    new = _column(body, "new")
    assert '<span class="board-count">1</span>' in new
    assert re.findall(r'data-card="(\d+)"', new) == [str(application.pk)]
    assert "Lin Wei" in body and "VLM Researcher" in body
    assert "0 days in this stage" in body
    assert "Strong coder" in body and "text-bg-success" in body


def test_board_in_chinese(client, recruiter, application):
    body = client.get(_board(application.enterprise, "/zh-hans")).content.decode()
    assert "招聘看板" in body
    assert "视觉语言模型研究员" in body
    assert "在此阶段 0 天" in body


def test_board_for_one_role_by_id_or_slug(client, recruiter, application):
    other = ApplicationFactory(
        role=PublishedRoleFactory(enterprise=application.enterprise),
        profile=ApplyingProfileFactory(full_name="Zed Other"),
    )
    for value in (application.role.pk, application.role.slug):
        body = client.get(_board(application.enterprise), {"role": value}).content.decode()
        assert "Lin Wei" in body
        assert "Zed Other" not in body
    assert "Zed Other" in client.get(_board(application.enterprise)).content.decode()
    assert other.pk


def test_board_for_another_enterprises_role_is_404(client, recruiter, application):
    role = PublishedRoleFactory()
    for value in (role.pk, role.slug, "no-such-role"):
        response = client.get(_board(application.enterprise), {"role": value})
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_board_is_linked_from_the_list_and_the_navigation(client, recruiter, application):
    board = _board(application.enterprise)
    assert board in client.get(_list(application.enterprise)).content.decode()
    dashboard = client.get(
        reverse("enterprises:workspace_dashboard", args=[application.enterprise.slug])
    ).content.decode()
    assert board in dashboard


def test_board_loads_its_script_from_our_static_files_under_the_csp(client, recruiter, application):
    response = client.get(_board(application.enterprise))
    body = response.content.decode()
    assert 'src="/static/js/board.js"' in body
    assert "<script>" not in body and "onclick" not in body and "ondrop" not in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert (
        "unsafe-inline"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


def test_move_from_the_board_without_javascript_returns_to_the_board(
    client, recruiter, application, mailoutbox, django_capture_on_commit_callbacks
):
    board = _board(application.enterprise) + "?q=Lin"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _move_url(application),
            {"to_stage": "interview", "reason": "", "next": board},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == board
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    assert ApplicationStageChange.objects.filter(
        application=application, to_state="interview", actor=recruiter
    ).exists()
    assert any("The professional is told" in text for text in _messages(response))
    assert len(mailoutbox) == 1
    # The undo on the application's page still steps back.
    response = client.post(
        reverse(
            "talent:workspace_application_undo", args=[application.enterprise.slug, application.pk]
        ),
        {"reason": "Wrong card"},
    )
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW


def test_each_cards_move_form_is_its_own(client, recruiter, application):
    """The board stamps one rendered move form per set of stages onto its cards: each
    card still posts to its own application, with its own ids, the page to return to
    and its applicant's name escaped; a closed application has no form."""
    import re

    hostile = ApplicationFactory(
        role=application.role,
        profile=ApplyingProfileFactory(full_name='<img src=x onerror="alert(1)"> Mo'),
    )
    screening = ApplicationFactory(role=application.role, stage=Application.Stage.SCREENING)
    hired = ApplicationFactory(role=application.role, stage=Application.Stage.HIRED)
    body = client.get(_board(application.enterprise) + "?q=").content.decode()

    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*data-move-form', body)
    assert sorted(forms) == sorted(_move_url(a) for a in (application, hostile, screening))
    assert _move_url(hired) not in body
    for card in (application, hostile, screening):
        assert f'id="reason-{card.pk}"' in body and f'for="internal-{card.pk}"' in body
    assert f'id="move-{screening.pk}-interview"' in body
    assert f'id="move-{screening.pk}-screening"' not in body  # its own stages, not another's
    assert '<img src=x onerror="alert(1)">' not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Mo" in body
    assert body.count('name="csrfmiddlewaretoken"') >= 3
    assert f'name="next" value="{_board(application.enterprise)}?q="' in body


def test_board_refusal_is_told_on_the_board_in_the_users_language(client, recruiter, application):
    board = _board(application.enterprise, "/zh-hans")
    response = client.post(
        "/zh-hans" + _move_url(application),
        {"to_stage": "rejected", "reason": "", "next": board},
        follow=True,
    )
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert response.redirect_chain[-1][0] == board
    assert any("林伟" in text or "Lin Wei" in text for text in _messages(response))
    assert any("不予录用" in text for text in _messages(response))


@pytest.mark.parametrize("stage", ["new", "withdrawn", "bogus", ""])
def test_board_move_the_lifecycle_refuses_saves_nothing(client, recruiter, application, stage):
    client.post(_move_url(application), {"to_stage": stage, "next": _board(application.enterprise)})
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert application.history.count() == 1


def test_move_with_an_outside_next_stays_on_the_site(client, recruiter, application):
    response = client.post(
        _move_url(application), {"to_stage": "screening", "next": "https://evil.example/"}
    )
    assert response["Location"] == application.workspace_url()


def _grow(enterprise, count, recruiter):
    for index in range(count):
        grown = ApplicationFactory(role=PublishedRoleFactory(enterprise=enterprise))
        if index % 2:
            actions.move_application(application=grown, to_stage="screening", by=recruiter)
        tag = Tag.objects.filter(enterprise=enterprise).first()
        if tag:
            actions.attach_tag(application=grown, tag=tag, by=recruiter)


@pytest.mark.parametrize("query", ["", "?q=PyTorch", "?tag=first"])
def test_board_query_count_does_not_grow(
    client, recruiter, application, django_assert_max_num_queries, query
):
    tag = TagFactory(enterprise=application.enterprise)
    query = query.replace("first", str(tag.pk))
    url = _board(application.enterprise) + query
    _grow(application.enterprise, 3, recruiter)
    client.get(url)
    cache.clear()  # measured uncached: the columns are kept once rendered
    reset_queries()  # the query log keeps 9,000 entries: the factories filled it
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    small = len(small.captured_queries)  # read before the log is reset again
    _grow(application.enterprise, 12, recruiter)
    cache.clear()
    reset_queries()
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.content.decode().count("data-card=") >= 12


@pytest.mark.parametrize("union", [True, False], ids=["one-union", "a-query-per-column"])
def test_board_shows_the_newest_cards_and_links_to_the_rest(
    client, recruiter, application, settings, monkeypatch, union
):
    from django.db import connection

    from talent import workspace

    # SQLite (make run) cannot slice inside a UNION: the board asks column by column.
    if union and connection.vendor == "sqlite":
        pytest.skip("SQLite has no sliced UNION")
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", union)
    monkeypatch.setattr(workspace, "BOARD_CARDS_PER_COLUMN", 2)
    for _ in range(3):
        ApplicationFactory(role=application.role)
    response = client.get(_board(application.enterprise))
    new = _column(response.content.decode(), "new")
    assert '<span class="board-count">4</span>' in new
    assert new.count("data-card=") == 2
    assert "2 more in the list" in new


# -- Search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, found",
    [
        ("Lin", True),
        ("林伟", True),
        ("pytorch", True),
        ("LLM", True),  # 大模型 in the skills: the board's vocabulary
        ("Tsinghua", True),
        ("清华", True),
        ("Fudan", False),
        ("Lin Fudan", False),
    ],
)
def test_search_by_name_skill_or_university(client, recruiter, application, query, found):
    ApplicationFactory(
        role=application.role,
        profile=ApplyingProfileFactory(
            full_name="Zed Other", skills="Go", university_code="", university_other="MIT"
        ),
    )
    for url in (_list(application.enterprise), _board(application.enterprise)):
        body = client.get(url, {"q": query}).content.decode()
        assert ("Lin Wei" in body) is found, (url, query)
        assert "Zed Other" not in body


def test_search_with_a_nul_byte_or_hostile_text_is_harmless(client, recruiter, application):
    for url in (_list(application.enterprise), _board(application.enterprise)):
        # A NUL in a query parameter is a malformed request everywhere (badbytes).
        assert client.get(url, {"q": "Lin\x00"}).status_code == HTTPStatus.BAD_REQUEST
        for query in ("' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000, "%_\\"):
            response = client.get(url, {"q": query})
            assert response.status_code == HTTPStatus.OK
            assert "<script>alert(1)" not in response.content.decode()
            # A query too long for the field is ignored, as every invalid filter is.
            assert ("Lin Wei" in response.content.decode()) is (len(query) > 200)


# -- Bulk moves ------------------------------------------------------------------------------


def test_bulk_move_moves_each_and_reports_each_refusal(
    client, recruiter, application, mailoutbox, django_capture_on_commit_callbacks
):
    second = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name="Ma Li")
    )
    hired = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name="Done Already")
    )
    actions.move_application(application=hired, to_stage="hired", by=recruiter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _bulk_url(application.enterprise),
            {
                "applications": [application.pk, second.pk, hired.pk],
                "to_stage": "screening",
                "reason": "Looks promising",
                "next": _list(application.enterprise),
            },
            follow=True,
        )
    texts = _messages(response)
    assert "2 applications moved to “Screening”." in texts
    assert any(text.startswith("Done Already: ") and "cannot move" in text for text in texts)
    stages = dict(Application.objects.values_list("pk", "stage"))
    assert stages[application.pk] == stages[second.pk] == "screening"
    assert stages[hired.pk] == "hired"
    assert len(mailoutbox) == 2


def test_bulk_rejection_without_a_reason_moves_nothing(client, recruiter, application):
    second = ApplicationFactory(role=application.role)
    response = client.post(
        "/zh-hans" + _bulk_url(application.enterprise),
        {"applications": [application.pk, second.pk], "to_stage": "rejected"},
        follow=True,
    )
    assert Application.objects.filter(stage="new").count() == 2
    texts = _messages(response)
    assert len(texts) == 2 and all("不予录用" in text for text in texts)


@pytest.mark.parametrize(
    "data",
    [
        {"to_stage": "screening"},  # nothing ticked
        {"applications": ["x"], "to_stage": "screening"},
        {"applications": ["1"], "to_stage": "bogus"},
        {"applications": ["1"], "to_stage": "screening", "reason": "nul\x00"},
    ],
)
def test_bulk_move_bad_input_saves_nothing(client, recruiter, application, data):
    data = {
        key: [str(application.pk) if v == "1" else v for v in value]
        if isinstance(value, list)
        else value
        for key, value in data.items()
    }
    response = client.post(_bulk_url(application.enterprise), data, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert _messages(response)
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW


def test_bulk_move_cannot_reach_another_enterprises_application(client, recruiter, application):
    foreign = ApplicationFactory()
    response = client.post(
        _bulk_url(application.enterprise),
        {"applications": [foreign.pk], "to_stage": "screening"},
        follow=True,
    )
    foreign.refresh_from_db()
    assert foreign.stage == Application.Stage.NEW
    assert _messages(response)


def test_bulk_move_template_hook_is_absent_until_templates_exist(client, recruiter, application):
    body = client.get(_list(application.enterprise)).content.decode()
    assert 'name="applications"' in body
    assert 'name="message_template"' not in body


def test_bulk_move_sends_the_chosen_template_to_each_applicant(recruiter, application):
    template = MessageTemplateFactory(enterprise=application.enterprise)

    result = actions.move_applications(
        applications=[application], to_stage="screening", by=recruiter, message_template=template.pk
    )

    assert result.done == [application] and result.errors == []
    message = application.messages.get()
    assert application.role.title_en in message.body


def test_bulk_move_with_another_enterprises_template_moves_nothing(recruiter, application):
    foreign = MessageTemplateFactory()

    result = actions.move_applications(
        applications=[application], to_stage="screening", by=recruiter, message_template=foreign.pk
    )

    assert result.done == [] and len(result.errors) == 1
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert not application.messages.exists()


def test_apply_to_each_rolls_back_only_the_refused_row(application, recruiter):
    other = ApplicationFactory(role=application.role)

    def move_then_fail(item):
        actions.move_application(application=item, to_stage="screening", by=recruiter)
        if item.pk == other.pk:
            from django.core.exceptions import ValidationError

            raise ValidationError("no")

    result = apply_to_each([application, other], move_then_fail)
    assert result.done == [application]
    assert result.error_lines(lambda item: "row") == ["row: no"]
    assert Application.objects.get(pk=other.pk).stage == "new"
    assert Application.objects.get(pk=application.pk).stage == "screening"


def test_list_query_count_does_not_grow_with_tags(
    client, recruiter, application, django_assert_max_num_queries
):
    TagFactory(enterprise=application.enterprise)
    url = _list(application.enterprise)
    _grow(application.enterprise, 2, recruiter)
    cache.clear()  # measured uncached: the rows are kept once rendered
    reset_queries()  # the query log keeps 9,000 entries: the factories filled it
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    small = len(small.captured_queries)  # read before the log is reset again
    _grow(application.enterprise, 10, recruiter)
    cache.clear()
    reset_queries()
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.content.decode().count('name="applications" value=') == 13


# -- Tags --------------------------------------------------------------------------------------


def _tags_url(enterprise, prefix=""):
    return prefix + reverse("talent:workspace_tags", args=[enterprise.slug])


def test_member_creates_attaches_filters_and_detaches_a_tag(client, recruiter, application):
    enterprise = application.enterprise
    response = client.post(_tags_url(enterprise), {"name": "  Call   back ", "colour": "amber"})
    assert response.status_code == HTTPStatus.FOUND
    tag = Tag.objects.get(enterprise=enterprise)
    assert (tag.name, tag.colour, tag.created_by) == ("Call back", "amber", recruiter)
    untagged = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name="Zed")
    )
    client.post(
        reverse("talent:workspace_application_tag", args=[enterprise.slug, application.pk]),
        {"tag": tag.pk},
    )
    assert list(application.tags.all()) == [tag]
    for url in (_list(enterprise), _board(enterprise)):
        body = client.get(url, {"tag": tag.pk}).content.decode()
        assert "Lin Wei" in body and "Zed" not in body
    assert "Call back" in client.get(application.workspace_url()).content.decode()
    client.post(
        reverse(
            "talent:workspace_application_untag", args=[enterprise.slug, application.pk, tag.pk]
        )
    )
    assert not application.tags.exists()
    assert list(TagEvent.objects.values_list("cause", "from_state", "to_state", "actor")) == [
        ("tag_created", "", "present", recruiter.pk),
        ("tag_attached", "absent", "present", recruiter.pk),
        ("tag_detached", "present", "absent", recruiter.pk),
    ]
    assert untagged.pk


@pytest.mark.parametrize(
    "name, message_en, message_zh",
    [
        ("", "This field is required.", "这个字段是必填项。"),
        ("   ", "This field is required.", "这个字段是必填项。"),
        ("x" * 41, "at most 40 characters", "40"),
        ("bad\x00name", "Null characters are not allowed.", "不允许"),
        ("bad\x07name", "control characters", "控制字符"),
        ("call BACK", "already has a tag", "已有标签"),
    ],
)
def test_bad_tag_names_are_refused_in_the_users_language(
    client, recruiter, application, name, message_en, message_zh
):
    TagFactory(enterprise=application.enterprise, name="Call back")
    for prefix, message in (("", message_en), ("/zh-hans", message_zh)):
        response = client.post(
            _tags_url(application.enterprise, prefix), {"name": name, "colour": "blue"}
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert message in response.content.decode()
    assert Tag.objects.count() == 1
    assert not TagEvent.objects.exists()


def test_colour_outside_the_palette_is_refused(client, recruiter, application):
    response = client.post(_tags_url(application.enterprise), {"name": "Odd", "colour": "#ff00ff"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Tag.objects.exists()


def test_hostile_tag_name_is_stored_as_text_and_escaped(client, recruiter, application):
    client.post(_tags_url(application.enterprise), {"name": "<b>x</b>\u202e", "colour": "red"})
    tag = Tag.objects.get()
    assert tag.name == "<b>x</b>"
    body = client.get(_tags_url(application.enterprise)).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>x</b>" not in body


def test_another_enterprises_tag_cannot_be_attached_or_seen(client, recruiter, application):
    foreign = TagFactory(name="Their secret tag")
    client.post(
        reverse(
            "talent:workspace_application_tag", args=[application.enterprise.slug, application.pk]
        ),
        {"tag": foreign.pk},
    )
    assert not application.tags.exists()
    response = client.post(
        reverse(
            "talent:workspace_application_untag",
            args=[application.enterprise.slug, application.pk, foreign.pk],
        )
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    for url in (
        _tags_url(application.enterprise),
        _list(application.enterprise),
        _board(application.enterprise),
    ):
        assert "Their secret tag" not in client.get(url).content.decode()
    # Its id in the filter is ignored, not a way in.
    body = client.get(_list(application.enterprise), {"tag": foreign.pk}).content.decode()
    assert "Lin Wei" in body


def test_tag_actions_refuse_outsiders(application):
    from django.core.exceptions import PermissionDenied

    outsider = RecruiterMembershipFactory(enterprise=EnterpriseFactory()).user
    tag = TagFactory(enterprise=application.enterprise)
    with pytest.raises(PermissionDenied):
        actions.create_tag(enterprise=application.enterprise, name="x", colour="blue", by=outsider)
    with pytest.raises(PermissionDenied):
        actions.attach_tag(application=application, tag=tag, by=outsider)
    foreign_tag = TagFactory()
    member = RecruiterMembershipFactory(enterprise=application.enterprise).user
    with pytest.raises(PermissionDenied):
        actions.attach_tag(application=application, tag=foreign_tag, by=member)


# -- Another enterprise's member: 404 everywhere ----------------------------------------------


def _urls(application, tag):
    slug = application.enterprise.slug
    return {
        "get": [
            reverse("talent:workspace_board", args=[slug]),
            reverse("talent:workspace_tags", args=[slug]),
        ],
        "post": [
            reverse("talent:workspace_board", args=[slug]),
            reverse("talent:workspace_tags", args=[slug]),
            reverse("talent:workspace_applications_bulk_move", args=[slug]),
            reverse("talent:workspace_application_move", args=[slug, application.pk]),
            reverse("talent:workspace_application_tag", args=[slug, application.pk]),
            reverse("talent:workspace_application_untag", args=[slug, application.pk, tag.pk]),
        ],
    }


def test_another_enterprises_member_gets_404_on_every_new_page_and_post(
    client, intruder, application
):
    tag = TagFactory(enterprise=application.enterprise)
    urls = _urls(application, tag)
    for url in urls["get"]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
        assert client.get("/zh-hans" + url).status_code == HTTPStatus.NOT_FOUND, url
    data = {
        "applications": [application.pk],
        "to_stage": "screening",
        "tag": tag.pk,
        "name": "mine",
        "colour": "blue",
    }
    for url in urls["post"]:
        assert client.post(url, data).status_code == HTTPStatus.NOT_FOUND, url
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert not application.tags.exists()
    assert Tag.objects.count() == 1


def test_visitor_is_sent_to_sign_in(client, application):
    response = client.get(_board(application.enterprise))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_tags_go_when_the_applicant_deletes_their_account(recruiter, application):
    from talent.models import ApplicationTag
    from talent.privacy import anonymise_for_enterprises

    tag = actions.create_tag(
        enterprise=application.enterprise, name="Strong", colour="green", by=recruiter
    )
    actions.attach_tag(application=application, tag=tag, by=recruiter)
    anonymise_for_enterprises(profile=application.profile)
    assert not ApplicationTag.objects.exists()
    assert list(TagEvent.objects.values_list("cause", flat=True)) == ["tag_created"]
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_board_is_read_only(client, recruiter, application):
    response = client.post(_board(application.enterprise), {"to_stage": "screening"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


# -- The kept columns ---------------------------------------------------------------------------


def _changes(application, recruiter):
    """Each a (prepare, change, what the board shows after) triple."""

    def tag_attached():
        tag = actions.create_tag(
            enterprise=application.enterprise, name="Strong coder", colour="green", by=recruiter
        )
        actions.attach_tag(application=application, tag=tag, by=recruiter)

    def tag_renamed():
        tag = Tag.objects.get(enterprise=application.enterprise, name="Kept tag")
        tag.name = "Renamed tag"
        tag.save()

    def tag_detached():
        tag = Tag.objects.get(enterprise=application.enterprise, name="Kept tag")
        actions.detach_tag(application=application, tag=tag, by=recruiter)

    def with_kept_tag():
        tag = actions.create_tag(
            enterprise=application.enterprise, name="Kept tag", colour="blue", by=recruiter
        )
        actions.attach_tag(application=application, tag=tag, by=recruiter)

    def moved():
        actions.move_application(
            application=application, to_stage=Application.Stage.SCREENING, by=recruiter
        )

    def renamed_applicant():
        application.profile.full_name = "Lin Wei-Renamed"
        application.profile.save()

    def renamed_role():
        application.role.title_en = "Renamed Researcher"
        application.role.save()

    def newcomer():
        ApplicationFactory(
            role=application.role, profile=ApplyingProfileFactory(full_name="New Comer")
        )

    return {
        "tag attached": (None, tag_attached, lambda body: "Strong coder" in _column(body, "new")),
        "tag renamed": (
            with_kept_tag,
            tag_renamed,
            lambda body: "Renamed tag" in _column(body, "new"),
        ),
        "tag detached": (
            with_kept_tag,
            tag_detached,
            lambda body: "Kept tag" not in _column(body, "new"),
        ),
        "moved": (
            None,
            moved,
            lambda body: f'data-card="{application.pk}"' in _column(body, "screening"),
        ),
        "applicant renamed": (None, renamed_applicant, lambda body: "Lin Wei-Renamed" in body),
        "role renamed": (
            None,
            renamed_role,
            lambda body: "Renamed Researcher" in _column(body, "new"),
        ),
        "new application": (None, newcomer, lambda body: "New Comer" in body),
    }


@pytest.mark.parametrize(
    "change",
    [
        "tag attached",
        "tag renamed",
        "tag detached",
        "moved",
        "applicant renamed",
        "role renamed",
        "new application",
    ],
)
def test_the_kept_board_follows_every_change_at_once(client, recruiter, application, change):
    prepare, make_change, shows = _changes(application, recruiter)[change]
    if prepare:
        prepare()
    url = _board(application.enterprise)
    assert not shows(client.get(url).content.decode())  # rendered and kept
    assert not shows(client.get(url).content.decode())  # from the cache

    make_change()

    assert shows(client.get(url).content.decode())


def _csrf(body: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return found.group(1) if found else ""


def test_a_move_posted_from_the_kept_board_passes_the_csrf_check(recruiter, application):
    """The kept columns carry each request's own CSRF token, stamped in after the cache."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(recruiter)
    board = _board(application.enterprise)
    browser.get(board)  # rendered and kept
    body = browser.get(board).content.decode()  # from the cache
    token = _csrf(body)
    assert token and "__" not in token
    response = browser.post(
        _move_url(application),
        {"csrfmiddlewaretoken": token, "to_stage": "screening", "next": board},
    )
    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.stage == Application.Stage.SCREENING


def test_another_enterprise_never_sees_the_kept_board(client, recruiter, application):
    client.get(_board(application.enterprise))  # kept for this enterprise
    other = RecruiterMembershipFactory(enterprise=EnterpriseFactory()).user
    client.force_login(other)
    assert client.get(_board(application.enterprise)).status_code == HTTPStatus.NOT_FOUND


def _row(body: str, application) -> str:
    """The HTML of one row of the applicant list ("" when it is not listed)."""
    start = body.find(f'id="select-{application.pk}"')
    if start == -1:
        return ""
    return body[start : body.find("</tr>", start)]


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        ("tag attached", lambda row: "Strong coder" in row),
        ("tag renamed", lambda row: "Renamed tag" in row),
        ("tag detached", lambda row: "Kept tag" not in row),
        ("moved", lambda row: "Screening" in row),
        ("applicant renamed", lambda row: "Lin Wei-Renamed" in row),
        ("role renamed", lambda row: "Renamed Researcher" in row),
    ],
)
def test_the_kept_applicant_rows_follow_every_change_at_once(
    client, recruiter, application, change, shows
):
    prepare, make_change, _board_shows = _changes(application, recruiter)[change]
    if prepare:
        prepare()
    url = _list(application.enterprise)
    assert not shows(_row(client.get(url).content.decode(), application))  # kept
    assert not shows(_row(client.get(url).content.decode(), application))  # from the cache

    make_change()

    assert shows(_row(client.get(url).content.decode(), application))


def test_a_new_application_is_listed_at_once(client, recruiter, application):
    url = _list(application.enterprise)
    client.get(url)
    newcomer = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name="New Comer")
    )
    assert "New Comer" in _row(client.get(url).content.decode(), newcomer)


def test_the_role_filter_tells_two_roles_of_one_title_apart(client, recruiter, application):
    from enterprises.models import Role

    for seniority in (Role.Seniority.SENIOR, Role.Seniority.JUNIOR):
        PublishedRoleFactory(
            enterprise=application.enterprise, title_zh="多模态算法工程师", seniority=seniority
        )
    body = client.get(f"/zh-hans{_board(application.enterprise)}").content.decode()
    assert "多模态算法工程师 · 高级 · 已发布</option>" in body
    assert "多模态算法工程师 · 初级 · 已发布</option>" in body

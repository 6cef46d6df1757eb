"""The admin in Chinese for an officer who prefers it (issue 17, finding 2 and "every
label, action, filter, help text, message, confirmation page and the dashboard
translated"): no English msgid of our catalogue or of Django's admin catalogue is left
in what the pages show."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.admin_catalogue import leaked_msgids, visible_text

pytestmark = pytest.mark.django_db

# What the demo data writes in English on purpose (names, e-mail addresses, free text):
# data, not interface.
DATA_WORDS = (
    "West Bund",
    "Xuhui",
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="wang.fang@talent.westbund.example")


def _strings(value):
    if isinstance(value, str):
        yield value
        yield from value.splitlines()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _data_values(obj) -> list[str]:
    """The object's own texts (its name, its fields' values, what it points to): data,
    not interface."""
    values = [str(obj)]
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            related = getattr(obj, field.name, None)
            if related is not None:
                values.append(str(related))
            continue
        values.extend(_strings(getattr(obj, field.attname, None)))
    return [value.strip() for value in values if value and value.strip()]


def _choices(model) -> list[str]:
    """The names of what the model points to: the options of its filters and selects."""
    return [
        str(related)
        for field in model._meta.concrete_fields
        if field.is_relation
        for related in field.related_model._default_manager.all()[:500]
    ]


def _leaks(client, url, *, ignore=()):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return leaked_msgids(visible_text(response.content.decode()), ignore=(*DATA_WORDS, *ignore))


def test_every_admin_page_an_officer_opens_is_chinese(client, demo, sign_in_officer):
    officer = demo
    sign_in_officer(client, officer)
    found = {}
    if leaks := _leaks(client, reverse("admin:index")):
        found["admin:index"] = leaks
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = client.get(reverse("admin:index")).wsgi_request
        request.user = officer
        if not model_admin.has_view_or_change_permission(request):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        objects = list(model_admin.get_queryset(request)[:100])
        ignore = [value for obj in objects for value in _data_values(obj)] + _choices(model)
        if leaks := _leaks(client, changelist, ignore=ignore):
            found[changelist] = leaks
        if objects:
            obj = objects[0]
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            related = [
                value
                for relation in obj._meta.related_objects
                if relation.one_to_many
                for child in getattr(obj, relation.get_accessor_name()).all()[:50]
                for value in _data_values(child)
            ]
            if leaks := _leaks(client, change, ignore=[*ignore, *related]):
                found[change] = leaks
        if model_admin.has_add_permission(request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            if leaks := _leaks(client, add, ignore=_choices(model)):
                found[add] = leaks
    assert not found, "English left on the Chinese admin:\n" + "\n".join(
        f"{url}: {leaks}" for url, leaks in found.items()
    )


def _posted_leaks(client, url, data, *, ignore=()):
    response = client.post(url, data, follow=True)
    assert response.status_code == HTTPStatus.OK, url
    text = visible_text(response.content.decode())
    return leaked_msgids(text, ignore=(*DATA_WORDS, *ignore))


def test_confirmation_pages_and_messages_are_chinese(client, sign_in_officer):
    """The intermediate pages of the actions (a message, a reason, an officer to choose),
    their errors and the messages that follow."""
    from enterprises.models import Role
    from services.models import ServiceRequest
    from talent.models import TalentProfile
    from tests.enterprises.factories import PendingRoleFactory
    from tests.factories import OfficerFactory
    from tests.services.factories import AssignedServiceRequestFactory
    from tests.talent.factories import InReviewProfileFactory, SubmittedProfileFactory

    officer = OfficerFactory(preferred_language="zh-hans")
    sign_in_officer(client, officer)
    profile = SubmittedProfileFactory()
    in_review = InReviewProfileFactory()
    role = PendingRoleFactory()
    service_request = AssignedServiceRequestFactory()
    ignore = [
        value
        for model in (TalentProfile, Role, ServiceRequest, type(officer))
        for obj in model._default_manager.all()
        for value in _data_values(obj)
    ]
    profiles = "/admin/talent/talentprofile/"
    pages = {
        # The actions' intermediate pages, then their errors, then their messages.
        **{
            f"{profiles} {action}": (profiles, {"action": action, "_selected_action": [profile.pk]})
            for action in (
                "decide_verified",
                "decide_changes_requested",
                "decide_declined",
                "assign_to_officer",
            )
        },
        "decline without a reason": (
            profiles,
            {"action": "decide_declined", "_selected_action": [profile.pk], "apply": "1"},
        ),
        "start review (wrong state)": (
            profiles,
            {"action": "start_review", "_selected_action": [in_review.pk]},
        ),
        "start review": (profiles, {"action": "start_review", "_selected_action": [profile.pk]}),
        "decide page without a message": (
            f"{profiles}{in_review.pk}/decide/changes_requested/",
            {},
        ),
        "reject roles": (
            "/admin/enterprises/pendingrole/",
            {"action": "reject_selected", "_selected_action": [role.pk]},
        ),
        "reject without a reason": (
            f"/admin/enterprises/pendingrole/{role.pk}/decide/",
            {"reject": "1", "reason": ""},
        ),
        "handle a request": (
            f"/admin/services/servicerequest/{service_request.pk}/handle/",
            {"reply": "您好", "status": ServiceRequest.Status.IN_PROGRESS, "reason": ""},
        ),
        "mark resolved": (
            "/admin/services/servicerequest/",
            {"action": "mark_resolved", "_selected_action": [service_request.pk]},
        ),
    }
    found = {}
    for name, (url, data) in pages.items():
        if leaks := _posted_leaks(client, url, data, ignore=ignore):
            found[name] = leaks
    for url in (
        f"/admin/services/servicerequest/{service_request.pk}/handle/",
        f"{profiles}{in_review.pk}/decide/verified/",
    ):
        if leaks := _leaks(client, url, ignore=ignore):
            found[url] = leaks
    assert not found, "English left on the Chinese admin:\n" + "\n".join(
        f"{url}: {leaks}" for url, leaks in found.items()
    )


def test_admin_page_titles_read_as_chinese_sentences(client, sign_in_officer):
    # Django's own catalogue spaces a Chinese name like a Latin word ("选择 人才档案 来修改").
    from tests.factories import OfficerFactory
    from tests.services.factories import EventFactory

    officer = OfficerFactory(preferred_language="zh-hans")
    sign_in_officer(client, officer)
    event = EventFactory()
    listing = client.get("/admin/services/event/").content.decode()
    change = client.get(f"/admin/services/event/{event.pk}/change/").content.decode()
    assert "<h1>选择要修改的活动</h1>" in listing
    assert "<h1>修改活动</h1>" in change
    assert "选择 活动 来修改" not in listing


def test_view_site_leads_to_the_site_in_the_admins_language(client, sign_in_officer):
    from tests.factories import OfficerFactory

    sign_in_officer(client, OfficerFactory(preferred_language="zh-hans"))
    body = client.get("/admin/").content.decode()
    assert '<a href="/zh-hans/">查看站点</a>' in body

"""Random values in every field of every form of ours: never a server error, and a
refused form leaves nothing half-saved.

Each form is read from its page like a browser would (``htmlforms.find_form``), so a
field added later is fuzzed too. Values: any text (NUL, control and RTL characters
included), numbers out of range, malformed dates, choices that are not on the list,
files of random bytes.
"""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enterprises.models import Enterprise, Invitation, Role
from services.models import (
    MembershipApplication,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestMessage,
)
from talent.models import Application, ApplicationNote, CVDocument, JobAlert, TalentProfile
from tests.enterprises.factories import DraftRoleFactory, PublishedRoleFactory
from tests.services.factories import ServiceRequestFactory

from .htmlforms import Field, find_form

pytestmark = [
    pytest.mark.django_db,
    # Made-up query strings make long cache keys (memcached's limit, not Redis'): the
    # cache-filling risk this shows is in SECURITY.md, "Known issues".
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COUNTED = [
    Role,
    Invitation,
    Application,
    ApplicationNote,
    CVDocument,
    JobAlert,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestMessage,
    MembershipApplication,
]

any_text = st.text(max_size=300)


def value_for(field: Field):
    if field.kind == "file":
        return st.builds(
            lambda name, data: SimpleUploadedFile(name or "x", data),
            st.text(min_size=0, max_size=40).map(lambda s: s.replace("\x00", "") + ".pdf"),
            st.binary(max_size=2048),
        )
    if field.kind == "number":
        return st.one_of(st.integers(-(10**15), 10**15).map(str), st.text(max_size=12))
    if field.kind == "date":
        return st.one_of(st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))
    if field.kind == "email":
        return st.one_of(st.emails(), any_text)
    if field.options:
        choice = st.one_of(st.sampled_from(field.options), st.text(max_size=12))
        if field.multiple:
            return st.lists(choice, max_size=4)
        if field.kind == "checkbox":
            return st.one_of(st.just(None), choice)
        return choice
    return any_text


@pytest.fixture
def fingerprint(professional, enterprise):
    def take():
        profile = TalentProfile.objects.get(user=professional)
        return (
            {model.__name__: model.objects.count() for model in COUNTED},
            model_to_dict(profile, exclude=["updated_at"]),
            model_to_dict(Enterprise.objects.get(pk=enterprise.pk), exclude=["logo"]),
            [model_to_dict(role) for role in Role.objects.order_by("pk")],
        )

    return take


@pytest.fixture
def forms(professional, recruiter, enterprise, application):
    draft = DraftRoleFactory(enterprise=enterprise)
    open_role = PublishedRoleFactory(enterprise=enterprise)
    service_request = ServiceRequestFactory(requester=professional)
    slug = enterprise.slug
    workspace_application = f"/workspace/{slug}/applicants/{application.pk}/"
    return {
        # (who, page, where the form goes)
        "signup": (None, "/accounts/signup/", "/accounts/signup/"),
        "login": (None, "/accounts/login/", "/accounts/login/"),
        "password reset": (None, "/accounts/password/reset/", "/accounts/password/reset/"),
        "job search": (None, "/jobs/", "/jobs/"),
        "directory filter": (None, "/enterprises/", "/enterprises/"),
        "policy filter": (None, "/services/policies/", "/services/policies/"),
        "profile": (professional, "/me/profile/", "/me/profile/"),
        "cv": (professional, "/me/cv/", "/me/cv/"),
        "job alert": (professional, "/me/alerts/", "/me/alerts/"),
        "e-mail choices": (professional, "/me/inbox/preferences/", "/me/inbox/preferences/"),
        "language": (professional, "/me/language/", "/me/language/"),
        "delete account": (professional, "/me/privacy/delete/", "/me/privacy/delete/"),
        "apply": (professional, f"/jobs/{open_role.slug}/apply/", f"/jobs/{open_role.slug}/apply/"),
        "service request": (professional, "/services/requests/new/", "/services/requests/new/"),
        "request reply": (
            professional,
            service_request.get_absolute_url(),
            service_request.get_absolute_url(),
        ),
        "association": (
            professional,
            "/services/community/association/",
            "/services/community/association/",
        ),
        "role create": (
            recruiter,
            f"/workspace/{slug}/roles/new/",
            f"/workspace/{slug}/roles/new/",
        ),
        "role edit": (
            recruiter,
            f"/workspace/{slug}/roles/{draft.pk}/edit/",
            f"/workspace/{slug}/roles/{draft.pk}/edit/",
        ),
        "enterprise page": (recruiter, f"/workspace/{slug}/page/", f"/workspace/{slug}/page/"),
        "invite": (recruiter, f"/workspace/{slug}/members/", f"/workspace/{slug}/members/invite/"),
        "applicant move": (recruiter, workspace_application, f"{workspace_application}move/"),
        "applicant note": (recruiter, workspace_application, f"{workspace_application}notes/"),
        "applicant filter": (
            recruiter,
            f"/workspace/{slug}/applicants/",
            f"/workspace/{slug}/applicants/",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "signup",
        "login",
        "password reset",
        "job search",
        "directory filter",
        "policy filter",
        "profile",
        "cv",
        "job alert",
        "e-mail choices",
        "language",
        "delete account",
        "apply",
        "service request",
        "request reply",
        "association",
        "role create",
        "role edit",
        "enterprise page",
        "invite",
        "applicant move",
        "applicant note",
        "applicant filter",
    ],
)
def test_random_input_never_breaks_a_form(client, forms, fingerprint, name):
    user, page, action = forms[name]
    if user is not None:
        client.force_login(user)
    form = find_form(client.get(page).content.decode(), page, action)
    assert form.fields, f"{name}: no fields found on {page}"

    @FUZZ
    @given(data=st.data())
    def check(data):
        values = {}
        for field in form.fields.values():
            value = data.draw(value_for(field), label=field.name)
            if value is not None:
                values[field.name] = value
        before = fingerprint()

        if form.method == "post":
            response = client.post(action, values)
        else:
            response = client.get(action, {k: v for k, v in values.items() if k})

        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
        if form.method == "post" and response.status_code == HTTPStatus.OK:
            # The form came back with its errors: nothing of it may have been saved.
            assert fingerprint() == before

    check()

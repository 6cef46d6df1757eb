"""One lifecycle shape and one history shape across the portal."""

import pytest

from enterprises.models import Role, RoleTransition
from services.models import (
    RSVP,
    MembershipApplication,
    MembershipApplicationHistory,
    RSVPHistory,
    ServiceRequest,
    ServiceRequestHistory,
)
from talent.models import Application, ApplicationStageChange, ProfileReviewEvent, TalentProfile
from westbund.core.history import Lifecycle, Transition, record_transition

LIFECYCLES = [Role, TalentProfile, Application, ServiceRequest, MembershipApplication, RSVP]
HISTORIES = {
    RoleTransition: Role,
    ProfileReviewEvent: TalentProfile,
    ApplicationStageChange: Application,
    ServiceRequestHistory: ServiceRequest,
    MembershipApplicationHistory: MembershipApplication,
    RSVPHistory: RSVP,
}


@pytest.mark.parametrize("model", LIFECYCLES, ids=lambda model: model.__name__)
def test_every_lifecycle_names_each_of_its_states_and_moves_only_to_its_own(model):
    assert issubclass(model, Lifecycle)
    choices = model._meta.get_field(model.state_field).choices
    states = {value for value, _label in choices}
    assert set(model.TRANSITIONS) == states
    for targets in model.TRANSITIONS.values():
        assert set(targets) <= states


@pytest.mark.parametrize("history", HISTORIES, ids=lambda model: model.__name__)
def test_every_history_has_the_one_shape(history):
    assert issubclass(history, Transition)
    subject = history._meta.get_field(history.subject_field)
    assert subject.related_model is HISTORIES[history]
    assert subject.remote_field.related_name == "history"
    names = {field.name for field in history._meta.get_fields()}
    assert {"actor", "created_at", "from_state", "to_state", "reason", "cause"} <= names
    assert any(
        index.fields == [history.subject_field, "created_at"] for index in history._meta.indexes
    )
    assert history._meta.ordering == ["created_at", "id"]


def test_record_transition_refuses_a_cause_the_history_does_not_name():
    with pytest.raises(ValueError, match="no cause"):
        record_transition(
            RoleTransition, Role(), actor=None, from_state="", to_state="draft", cause="event full"
        )


def test_an_anonymised_application_can_only_be_rejected():
    application = Application(stage=Application.Stage.SCREENING)
    assert [stage for stage, _label in application.next_stages()] == [
        "interview",
        "offer",
        "hired",
        "rejected",
    ]
    application.anonymised_at = "2026-01-01T00:00:00Z"
    assert [stage for stage, _label in application.next_stages()] == ["rejected"]
    assert not application.can_move_to(Application.Stage.WITHDRAWN)


def test_templates_ask_a_state_by_name_and_a_wrong_name_is_an_error():
    from django.template import Context, Template

    from enterprises.models import Role

    role = Role(state=Role.State.REJECTED)
    assert role.state_is.rejected is True
    assert role.state_is.draft is False
    page = Template("{% if role.state_is.rejected %}rejected{% endif %}")
    assert page.render(Context({"role": role})) == "rejected"
    with pytest.raises(ValueError, match="no state 'rejectd'"):
        Template("{% if role.state_is.rejectd %}x{% endif %}").render(Context({"role": role}))


@pytest.mark.django_db
def test_a_move_saves_the_state_and_its_changes_and_records_who_from_to_and_why():
    from django.utils import timezone

    from tests.enterprises.factories import DraftRoleFactory
    from tests.factories import OfficerFactory

    role = DraftRoleFactory()
    officer = OfficerFactory()
    at = timezone.now()
    row = role.move(
        Role.State.PENDING_REVIEW,
        by=officer,
        history=RoleTransition,
        refusal="never shown",
        reason="ready",
        changes={"submitted_at": at},
        at=at,
    )
    stored = Role.objects.get(pk=role.pk)
    assert (stored.state, stored.submitted_at) == (Role.State.PENDING_REVIEW, at)
    assert stored.updated_at >= at
    assert (row.actor, row.from_state, row.to_state, row.reason, row.created_at) == (
        officer,
        Role.State.DRAFT,
        Role.State.PENDING_REVIEW,
        "ready",
        at,
    )
    assert list(role.history.values_list("to_state", flat=True)).count("pending_review") == 1


@pytest.mark.django_db
def test_a_move_the_lifecycle_forbids_is_refused_in_the_actions_words_and_nothing_is_written():
    from django.core.exceptions import ValidationError

    from tests.enterprises.factories import DraftRoleFactory

    role = DraftRoleFactory()
    before = role.history.count()
    with pytest.raises(ValidationError) as refused:
        role.move(
            Role.State.CLOSED,
            by=None,
            history=RoleTransition,
            refusal="A role that is %(from)s cannot become %(to)s.",
            changes={"closed_at": None},
        )
    assert refused.value.messages == ["A role that is Draft cannot become Closed."]
    assert refused.value.error_list[0].code == "invalid_transition"
    # Without the action's words, a forbidden move is a programming error.
    with pytest.raises(ValueError, match="cannot move to 'closed'"):
        role.move(Role.State.CLOSED, by=None, history=RoleTransition)
    assert Role.objects.get(pk=role.pk).state == Role.State.DRAFT
    assert role.history.count() == before


@pytest.mark.django_db
def test_a_correction_puts_back_a_state_the_lifecycle_would_not_move_to():
    from tests.talent.factories import ApplicationFactory

    application = ApplicationFactory(stage=Application.Stage.REJECTED)
    assert not application.can_move_to(Application.Stage.SCREENING)
    row = application.move(
        Application.Stage.SCREENING,
        by=None,
        history=ApplicationStageChange,
        correction=True,
        kind=ApplicationStageChange.Kind.CORRECTION,
    )
    assert Application.objects.get(pk=application.pk).stage == Application.Stage.SCREENING
    assert (row.from_state, row.kind) == ("rejected", "correction")


def test_no_template_compares_a_state_with_a_raw_string():
    # A state is asked by name (``subject.state_is.<state>``, an error on a typo) or by a
    # model property; a compared string that names no state would be silently false.
    import re
    from pathlib import Path

    from django.conf import settings

    compared = re.compile(r"\.(state|status|stage|review_state|kind)\s*[!=]=\s*['\"]")
    offenders = [
        f"{path}:{number}"
        for root in [Path(settings.BASE_DIR) / "templates"]
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if compared.search(line)
    ]
    assert offenders == []

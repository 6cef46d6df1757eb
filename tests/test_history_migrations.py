"""The migrations that put the six history tables on one shape keep every row.

The subjects (roles, profiles, applications, RSVPs, memberships, service requests) are
made at the latest schema; the database is then migrated back to before the history
migrations, history rows are written with the historical models (old column names,
English reasons), and migrated forward again: each row is still there, its fields
under their new names, the portal's reasons coded.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from tests.enterprises.factories import PublishedRoleFactory
from tests.factories import UserFactory
from tests.services.factories import (
    EventFactory,
    MembershipApplicationFactory,
    RSVPFactory,
    ServiceRequestFactory,
)
from tests.talent.factories import ApplicationFactory, SubmittedProfileFactory

BEFORE = [
    ("enterprises", "0003_role_description_zh"),
    ("services", "0002_servicerequest_enterprise"),
    ("talent", "0010_privacy_models_moved"),
]
AFTER = [
    ("enterprises", "0004_role_history"),
    ("services", "0003_history"),
    ("talent", "0011_history"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_history_migrations_keep_every_row_and_code_the_portals_reasons():
    actor = UserFactory()
    role = PublishedRoleFactory()
    profile = SubmittedProfileFactory()
    application = ApplicationFactory()
    rsvp = RSVPFactory(event=EventFactory())
    membership = MembershipApplicationFactory()
    service_request = ServiceRequestFactory()
    when = timezone.now() - timedelta(days=3)

    old = _migrate(BEFORE)
    try:
        role_rows = [
            old.get_model("enterprises", "RoleTransition").objects.create(
                role_id=role.pk, from_state=from_state, to_state=to_state, by_id=by, reason=reason
            )
            for from_state, to_state, by, reason in (
                ("published", "pending_review", actor.pk, "Edited after publication"),
                ("published", "closed", None, "The application deadline passed."),
                ("pending_review", "rejected", actor.pk, "No salary range given."),
            )
        ]
        review = old.get_model("talent", "ProfileReviewEvent").objects.create(
            profile_id=profile.pk,
            actor_id=actor.pk,
            from_state="verified",
            to_state="submitted",
            message="Please check the degree.",
            reason="certified_changed",
            created_at=when,
        )
        stage = old.get_model("talent", "ApplicationStageChange").objects.create(
            application_id=application.pk,
            actor_id=actor.pk,
            from_stage="new",
            to_stage="interview",
            reason="See you Monday",
            internal=True,
            created_at=when,
        )
        RSVPHistory = old.get_model("services", "RSVPHistory")
        rsvp_rows = [
            RSVPHistory.objects.create(
                rsvp_id=rsvp.pk,
                from_status=from_status,
                to_status=to_status,
                by_id=actor.pk,
                reason=reason,
                at=when,
            )
            for from_status, to_status, reason in (
                ("", "waitlisted", "event full"),
                ("waitlisted", "confirmed", "seat freed by a cancellation"),
                ("waitlisted", "confirmed", "seats added by an officer"),
                ("confirmed", "cancelled", "cancelled by an officer"),
                ("confirmed", "cancelled", "I am ill"),
            )
        ]
        member = old.get_model("services", "MembershipApplicationHistory").objects.create(
            application_id=membership.pk,
            from_status="pending",
            to_status="approved",
            by_id=actor.pk,
            reason="Welcome aboard.",
            at=when,
        )
        request_row = old.get_model("services", "ServiceRequestHistory").objects.create(
            request_id=service_request.pk,
            change="status",
            from_status="open",
            to_status="in_progress",
            by_id=actor.pk,
            reason="On it.",
            at=when,
        )
    finally:
        # Whatever happened, the database is left at the latest state.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    new = MigrationExecutor(connection).loader.project_state(AFTER).apps
    RoleTransition = new.get_model("enterprises", "RoleTransition")
    assert [
        RoleTransition.objects.filter(pk=row.pk)
        .values_list("from_state", "to_state", "actor_id", "cause", "reason")
        .get()
        for row in role_rows
    ] == [
        ("published", "pending_review", actor.pk, "edited_after_publication", ""),
        ("published", "closed", None, "deadline_passed", ""),
        ("pending_review", "rejected", actor.pk, "", "No salary range given."),
    ]
    assert (
        new.get_model("talent", "ProfileReviewEvent")
        .objects.filter(pk=review.pk)
        .values_list("actor_id", "from_state", "to_state", "reason", "cause", "created_at")
        .get()
    ) == (actor.pk, "verified", "submitted", "Please check the degree.", "certified_changed", when)
    assert (
        new.get_model("talent", "ApplicationStageChange")
        .objects.filter(pk=stage.pk)
        .values_list("actor_id", "from_state", "to_state", "reason", "internal", "cause")
        .get()
    ) == (actor.pk, "new", "interview", "See you Monday", True, "")
    RSVPHistory = new.get_model("services", "RSVPHistory")
    assert [
        RSVPHistory.objects.filter(pk=row.pk)
        .values_list("from_state", "to_state", "actor_id", "created_at", "cause", "reason")
        .get()
        for row in rsvp_rows
    ] == [
        ("", "waitlisted", actor.pk, when, "event_full", ""),
        ("waitlisted", "confirmed", actor.pk, when, "seat_freed", ""),
        ("waitlisted", "confirmed", actor.pk, when, "seats_added", ""),
        ("confirmed", "cancelled", actor.pk, when, "cancelled_by_officer", ""),
        ("confirmed", "cancelled", actor.pk, when, "", "I am ill"),
    ]
    assert (
        new.get_model("services", "MembershipApplicationHistory")
        .objects.filter(pk=member.pk)
        .values_list("from_state", "to_state", "actor_id", "created_at", "reason", "cause")
        .get()
    ) == ("pending", "approved", actor.pk, when, "Welcome aboard.", "")
    assert (
        new.get_model("services", "ServiceRequestHistory")
        .objects.filter(pk=request_row.pk)
        .values_list("change", "from_state", "to_state", "actor_id", "created_at", "reason")
        .get()
    ) == ("status", "open", "in_progress", actor.pk, when, "On it.")
    # Nothing else was lost: the rows the factories wrote are there too.
    assert new.get_model("talent", "ApplicationStageChange").objects.count() == 2

    # The portal's reasons are shown in the reader's language.
    closed = role.history.get(pk=role_rows[1].pk)
    with translation.override("en"):
        assert closed.why == "The application deadline passed."
    with translation.override("zh-hans"):
        assert closed.why == "申请截止日期已过。"
    assert rsvp.history.get(pk=rsvp_rows[4].pk).why == "I am ill"

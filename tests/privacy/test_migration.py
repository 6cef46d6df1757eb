"""Moving consents, the privacy log and the audit trail into the privacy app keeps every
row, every permission row and every grant of the staff groups."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from westbund.accounts.groups import ADMINISTRATOR_GROUP, OFFICER_GROUP
from westbund.privacy.models import AuditEvent, Consent, PrivacyEvent

BEFORE = [
    ("talent", "0007_auditevent_attachment_viewed"),
    ("accounts", "0004_staff_groups_officer_workspace"),
    ("privacy", None),
]
MOVED = ("consent", "privacyevent", "auditevent")


@pytest.mark.django_db(transaction=True)
def test_migrating_keeps_the_rows_and_the_officers_and_administrators_grants():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE[:2]).apps
        Group = old.get_model("auth", "Group")
        Permission = old.get_model("auth", "Permission")
        User = old.get_model("accounts", "User")
        talent = {
            codename: Permission.objects.get(content_type__app_label="talent", codename=codename)
            for codename in ("view_consent", "view_privacyevent", "view_auditevent")
        }
        # As the groups stood before the move (westbund.accounts.groups then).
        officers, _ = Group.objects.get_or_create(name=OFFICER_GROUP)
        officers.permissions.add(talent["view_consent"], talent["view_privacyevent"])
        administrators, _ = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
        administrators.permissions.add(*talent.values())
        officer = User.objects.create(email="officer@example.com", is_staff=True)
        officer.groups.add(officers)
        administrator = User.objects.create(email="admin@example.com", is_staff=True)
        administrator.groups.add(administrators)
        # A person granted one by hand (not through a group) keeps it too.
        auditor = User.objects.create(email="auditor@example.com", is_staff=True)
        auditor.user_permissions.add(talent["view_auditevent"])
        old.get_model("talent", "Consent").objects.create(user=officer, kind="profile_processing")
        old.get_model("talent", "PrivacyEvent").objects.create(subject="abc", kind="data_exported")
        old.get_model("talent", "AuditEvent").objects.create(
            actor=officer, action="cv_viewed", target_type="talent.cvdocument", target_id="7"
        )
        ids = {codename: permission.pk for codename, permission in talent.items()}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Permission as CurrentPermission
    from django.contrib.contenttypes.models import ContentType

    assert not ContentType.objects.filter(app_label="talent", model__in=MOVED).exists()
    for codename, pk in ids.items():
        assert CurrentPermission.objects.get(pk=pk).content_type.app_label == "privacy", codename
    users = get_user_model().objects
    officer = users.get(email="officer@example.com")
    assert officer.has_perm("privacy.view_consent")
    assert officer.has_perm("privacy.view_privacyevent")
    assert not officer.has_perm("privacy.view_auditevent")
    assert users.get(email="admin@example.com").has_perm("privacy.view_auditevent")
    assert users.get(email="auditor@example.com").has_perm("privacy.view_auditevent")
    assert Consent.objects.get().user == officer
    assert PrivacyEvent.objects.get().subject == "abc"
    assert AuditEvent.objects.get().target_id == "7"

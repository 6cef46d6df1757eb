"""A person's service requests, RSVPs and association applications are in their data
export, and nobody else's are."""

import io
import json
import zipfile

import pytest

from talent.actions import export_personal_data
from tests.factories import UserFactory

from .factories import MembershipApplicationFactory, RSVPFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


def _export(user) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=user)))
    name = next(n for n in archive.namelist() if n.endswith(".json"))
    return json.loads(archive.read(name))


def test_the_export_carries_my_requests_rsvps_and_association_applications():
    me, someone = UserFactory(), UserFactory()
    ServiceRequestFactory(requester=me, subject="Talent apartment")
    ServiceRequestFactory(requester=someone, subject="Someone else's visa")
    RSVPFactory(user=me)
    MembershipApplicationFactory(applicant=me, company="Tiny Robots")

    data = _export(me)

    assert [r["subject"] for r in data["service_requests"]] == ["Talent apartment"]
    assert len(data["event_rsvps"]) == 1
    assert data["association_applications"][0]["company"] == "Tiny Robots"
    assert "Someone else's visa" not in json.dumps(data)

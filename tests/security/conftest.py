"""The cast of the security sweep: a professional who applied, the recruiter (an admin of
the enterprise), a recruiter of another enterprise and a talent officer."""

import pytest
from django.test import Client

from tests.enterprises.factories import EnterpriseFactory, MembershipFactory, PublishedRoleFactory
from tests.factories import OfficerFactory
from tests.talent.factories import ApplicationFactory


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def recruiter(enterprise):
    """An admin of ``enterprise`` (may edit its page, post roles, invite)."""
    return MembershipFactory(enterprise=enterprise).user


@pytest.fixture
def role(enterprise):
    return PublishedRoleFactory(enterprise=enterprise)


@pytest.fixture
def application(role):
    """An application to ``role`` from a professional with a complete profile and CV."""
    return ApplicationFactory(role=role)


@pytest.fixture
def professional(application):
    return application.profile.user


@pytest.fixture
def officer(db):
    return OfficerFactory()


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF like a browser-facing server does."""
    return Client(enforce_csrf_checks=True)

"""Two submissions of the same application at the same moment (a double click, two
tabs): exactly one application, the other gets the "already applied" refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from talent import actions
from talent.models import Application
from tests.enterprises.factories import PublishedRoleFactory

from .factories import ApplyingProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_submissions_make_one_application():
    profile = ApplyingProfileFactory()
    role = PublishedRoleFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            actions.submit_application(profile=profile, role=role, cover_letter="Hi")
            outcomes.append("applied")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["applied", "duplicate"]
    assert Application.objects.count() == 1

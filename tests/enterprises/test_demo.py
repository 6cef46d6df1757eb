"""The demo data behind `make run`: a full job board, the demo recruiters' workspaces."""

from http import HTTPStatus
from io import StringIO

import pytest

from enterprises import demo
from enterprises.models import Enterprise, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_users):
    demo.load_demo(users=demo_users, stdout=StringIO())
    return demo_users


def test_the_demo_fills_the_innovation_center(loaded):
    assert Enterprise.objects.count() == 70
    assert set(Enterprise.objects.values_list("phase", flat=True)) == {1, 2}
    assert Role.objects.published().count() >= 250
    assert Role.objects.pending_review().exists()
    assert Role.objects.filter(state=Role.State.DRAFT).exists()


def test_the_demo_recruiters_administer_their_enterprises(loaded):
    aurora = Membership.objects.get(user=loaded["recruiter_a"])
    huangpu = Membership.objects.get(user=loaded["recruiter_b"])

    assert (aurora.enterprise.name_en, aurora.enterprise.name_zh) == (
        "Aurora Foundation Models",
        "曙光基础模型",
    )
    assert (huangpu.enterprise.name_en, huangpu.enterprise.name_zh) == (
        "Huangpu Embodied Robotics",
        "黄浦具身机器人",
    )
    assert aurora.role == huangpu.role == Membership.Role.ADMIN


def test_the_demo_officer_can_moderate_roles(loaded):
    assert loaded["officer"].has_perm("enterprises.change_role")


def test_loading_the_demo_twice_changes_nothing(loaded):
    roles = set(Role.objects.values_list("slug", flat=True))

    demo.load_demo(users=loaded, stdout=StringIO())

    assert Enterprise.objects.count() == 70
    assert set(Role.objects.values_list("slug", flat=True)) == roles
    assert Membership.objects.count() == 2


def test_the_demo_is_the_same_on_every_fresh_database(demo_users):
    demo.load_demo(users=demo_users, stdout=StringIO())
    first = list(Role.objects.order_by("slug").values_list("slug", "title_zh", "salary_max"))
    Enterprise.objects.all().delete()

    demo.load_demo(users=demo_users, stdout=StringIO())

    assert list(Role.objects.order_by("slug").values_list("slug", "title_zh", "salary_max")) == (
        first
    )


def test_the_demo_board_answers_a_chinese_search(client, loaded):
    response = client.get("/jobs/", {"q": "多模态"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["page"].paginator.count > 0


def test_the_demo_recruiter_sees_the_aurora_workspace(client, loaded):
    client.force_login(loaded["recruiter_a"])

    response = client.get("/workspace/", follow=True)

    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[-1][0] == "/workspace/aurora-foundation-models/"

"""The public pages of the service package, in both languages."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from services.models import HousingOption, Policy

from .factories import (
    EventFactory,
    ExpiredPolicyFactory,
    PolicyFactory,
    TalentOfficerFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "services:index",
    "services:policy_list",
    "services:officer_list",
    "services:housing",
    "services:apartments",
    "services:manual_index",
    "services:manual_search",
    "services:manual_print",
    "services:community",
    "services:association",
]


@pytest.fixture
def demo(demo_users):
    from io import StringIO

    from services.demo import load_demo

    load_demo(users=demo_users, stdout=StringIO())
    return demo_users


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_public_pages_render_with_the_demo_data(client, demo, name, prefix):
    response = client.get(prefix + reverse(name))

    assert response.status_code == HTTPStatus.OK


def test_demo_data_is_bilingual_and_idempotent(client, demo):
    from io import StringIO

    from services.demo import load_demo

    counts = Policy.objects.count(), HousingOption.objects.count()
    load_demo(users=demo, stdout=StringIO())

    assert (Policy.objects.count(), HousingOption.objects.count()) == counts
    url = reverse("services:policy_list")
    assert "Talent apartment scheme" in client.get(url).text
    assert "人才公寓计划" in client.get("/zh-hans" + url).text


def test_demo_apartments_are_offered_and_the_demo_officer_looks_after_the_enterprises(client, demo):
    from enterprises.models import Enterprise

    page = client.get(reverse("services:apartments")).text
    assert "West Bund Talent Apartments, Building 1" in page
    assert "5 units are free now." in page
    assert "西岸人才公寓1号楼" in client.get("/zh-hans" + reverse("services:apartments")).text
    assert not Enterprise.objects.filter(account_officer__isnull=True).exists()


def test_demo_officer_is_in_the_public_directory(client, demo):
    url = reverse("services:officer_list")

    assert "Wang Fang" in client.get(url).text
    assert "王芳" in client.get("/zh-hans" + url).text


def test_policy_list_filters_by_category_and_search(client):
    PolicyFactory(title_en="Rental subsidy", category=Policy.Category.HOUSING)
    PolicyFactory(title_en="Talent apartment", category=Policy.Category.HOUSING)
    PolicyFactory(title_en="Tax award", category=Policy.Category.TAX)

    by_category = client.get(reverse("services:policy_list"), {"category": "housing"})
    by_search = client.get(reverse("services:policy_list"), {"q": "apartment"})

    assert [p.title_en for p, _ in by_category.context["rows"]] == [
        "Rental subsidy",
        "Talent apartment",
    ]
    assert [p.title_en for p, _ in by_search.context["rows"]] == ["Talent apartment"]


def test_policy_search_finds_chinese_text(client):
    PolicyFactory(title_en="Healthcare green channel", title_zh="医疗绿色通道")

    response = client.get(reverse("services:policy_list"), {"q": "绿色通道"})

    assert "Healthcare green channel" in response.text


def test_expired_policy_is_hidden_from_the_list_but_reachable_with_a_notice(client):
    expired = ExpiredPolicyFactory(title_en="Old relocation allowance")

    listing = client.get(reverse("services:policy_list"))
    page = client.get(expired.get_absolute_url())

    assert "Old relocation allowance" not in listing.text
    assert page.status_code == HTTPStatus.OK
    assert "This policy expired on" in page.text


def test_unpublished_policy_is_404(client):
    policy = PolicyFactory(is_published=False)

    assert client.get(policy.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_policy_detail_in_chinese_shows_the_chinese_text(client):
    policy = PolicyFactory(title_zh="人才安家补贴", summary_zh="一次性安家补贴。")

    response = client.get("/zh-hans" + policy.get_absolute_url())

    assert "人才安家补贴" in response.text
    assert "一次性安家补贴。" in response.text


def test_policy_list_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    for _ in range(15):
        PolicyFactory()

    with django_assert_max_num_queries(4):
        response = client.get(reverse("services:policy_list"))

    assert len(response.context["rows"]) == 15


def test_officer_directory_shows_languages_areas_and_hides_inactive(client):
    TalentOfficerFactory(name_en="Li Jun", languages=["zh", "ja"], areas=["work_permit"])
    TalentOfficerFactory(name_en="Gone Away", is_active=False)

    response = client.get(reverse("services:officer_list"))

    assert "Li Jun" in response.text
    assert "Mandarin, Japanese" in response.text
    assert "Work permit and visa" in response.text
    assert "Gone Away" not in response.text


def test_assigned_officer_include_renders_the_officer():
    from django.template.loader import render_to_string

    officer = TalentOfficerFactory(name_en="Wang Fang", email="wang.fang@example.com")

    html = render_to_string("services/_assigned_officer.html", {"officer": officer})

    assert "Your talent officer" in html
    assert "wang.fang@example.com" in html
    assert render_to_string("services/_assigned_officer.html", {"officer": None}).strip() == ""


def test_officer_directory_entry_for_a_staff_account():
    from services.models import TalentOfficer
    from tests.factories import StaffUserFactory

    staff = StaffUserFactory()
    officer = TalentOfficerFactory(user=staff)

    assert TalentOfficer.objects.for_user(staff) == officer
    assert TalentOfficer.objects.for_user(None) is None


def test_housing_page_shows_rents_and_commutes(client):
    HousingOption.objects.create(
        slug="riverside",
        kind=HousingOption.Kind.TALENT_APARTMENT,
        name_en="Riverside apartments",
        summary_en="By the Huangpu River.",
        rent_min=4200,
        rent_max=6800,
        commute_minutes=10,
    )

    response = client.get(reverse("services:housing"))

    assert "CNY 4,200–6,800" in response.text
    assert "10 minutes" in response.text
    assert "Apply for a talent apartment" in response.text


def test_index_is_a_landing_page_of_the_service_package(client):
    EventFactory(title_en="Next demo day")
    PolicyFactory()

    response = client.get(reverse("services:index"))

    assert "Next demo day" in response.text
    assert reverse("services:policy_list") in response.text
    assert reverse("services:request_create") in response.text


def test_my_requests_include_lists_the_requests_given():
    from django.template.loader import render_to_string

    from .factories import ServiceRequestFactory

    service_request = ServiceRequestFactory(subject="Flat near the river")

    html = render_to_string("services/_my_requests.html", {"service_requests": [service_request]})

    assert "Flat near the river" in html
    assert service_request.get_absolute_url() in html


def test_sitemap_lists_policies_chapters_and_events_in_both_languages(client):
    from .factories import ManualChapterFactory

    policy = PolicyFactory(slug="settlement-subsidy")
    ExpiredPolicyFactory(slug="old-allowance")
    ManualChapterFactory(slug="arriving")
    EventFactory(slug="demo-day")

    response = client.get("/sitemap.xml")

    text = response.content.decode()
    assert policy.get_absolute_url() in text
    assert "/zh-hans/services/policies/settlement-subsidy/" in text
    assert "old-allowance" not in text
    assert "/services/manual/arriving/" in text
    assert "/services/community/events/demo-day/" in text


def _ask_officer_href(page_text: str) -> str:
    import re
    from html import unescape

    match = re.search(r'href="([^"]+)"[^>]*>\s*Ask an officer about this policy', page_text)
    assert match, "no “Ask an officer” link"
    return unescape(match.group(1))


@pytest.mark.parametrize(
    ("category", "request_category"),
    [
        (Policy.Category.HOUSING, "housing"),
        (Policy.Category.TALENT_SUBSIDY, "policy_subsidy"),
        (Policy.Category.WORK_PERMIT, "work_permit"),
        (Policy.Category.EDUCATION, "schooling"),
    ],
)
def test_ask_an_officer_preselects_the_policys_own_category(client, category, request_category):
    """Finding 18: a housing policy's "Ask an officer" pre-selected "Policy subsidy"."""
    from tests.factories import UserFactory

    policy = PolicyFactory(category=category, title_en="Talent apartment scheme")
    client.force_login(UserFactory())

    href = _ask_officer_href(client.get(policy.get_absolute_url()).text)
    form = client.get(href).context["form"]

    assert form.initial["category"] == request_category
    assert form.initial["subject"] == "About “Talent apartment scheme”"


def test_the_talent_apartment_policy_links_to_its_next_step(client):
    policy = PolicyFactory(
        slug="talent-apartment-scheme",
        category=Policy.Category.HOUSING,
        title_en="Talent apartment scheme",
    )

    page = client.get(policy.get_absolute_url())

    housing_url = reverse("services:housing")
    assert f'href="{housing_url}"' in page.text
    assert "Next step: talent apartments and housing options" in page.text
    # …where "Apply for a talent apartment" opens the talent-apartments page.
    assert "Apply for a talent apartment" in client.get(housing_url).text


def test_a_policy_without_a_next_step_shows_only_ask_an_officer(client):
    policy = PolicyFactory(category=Policy.Category.TAX)

    page = client.get(policy.get_absolute_url())

    assert "Next step:" not in page.text
    assert "Ask an officer about this policy" in page.text

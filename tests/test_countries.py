"""Country names as a Xuhui district portal shows them: Taiwan, Hong Kong and Macao as
regions of China (中国台湾, "Taiwan, China" …), never as countries beside it, and no
wrong or untranslated name, on every form, filter, admin page and export, in both
languages."""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from talent.admin import NationalityFilter
from talent.forms import ApplicantFilterForm, TalentProfileForm
from talent.models import TalentProfile
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import OfficerFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db

REGIONS = {
    "en": {"TW": "Taiwan, China", "HK": "Hong Kong SAR, China", "MO": "Macao SAR, China"},
    "zh-hans": {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门"},
}
# What django-countries alone shows, and must never be seen.
AS_COUNTRIES = {
    "en": ["Taiwan", "Hong Kong", "Macao"],
    "zh-hans": ["台湾", "香港", "澳门"],
}


def _choices(field) -> dict[str, str]:
    return {str(code): str(label) for code, label in field.choices if code}


@pytest.fixture(autouse=True)
def _english_after():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "form", [lambda: TalentProfileForm(), lambda: ApplicantFilterForm()], ids=["profile", "filter"]
)
def test_form_choices_name_the_regions_as_part_of_china(language, form):
    with translation.override(language):
        choices = _choices(form().fields["nationality"])
    for code, name in REGIONS[language].items():
        assert choices[code] == name
    assert not set(AS_COUNTRIES[language]) & set(choices.values())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_nationality_filter_names_the_regions_as_part_of_china(language):
    for code in ("TW", "HK", "MO"):
        ApplyingProfileFactory(nationality=code)
    request = RequestFactory().get("/admin/talent/talentprofile/")
    request.user = OfficerFactory()
    profile_admin = site._registry[TalentProfile]
    field = TalentProfile._meta.get_field("nationality")
    with translation.override(language):
        list_filter = NationalityFilter(
            field, request, {}, TalentProfile, profile_admin, "nationality"
        )
        choices = dict(list_filter.lookup_choices(SimpleNamespace(model=TalentProfile)))
        assert {code: str(name) for code, name in choices.items()} == REGIONS[language]


def test_english_names_nauru_in_english_not_in_nauruan():
    with translation.override("en"):
        assert Country("NR").name == "Nauru"
        assert "Naoero" not in {str(name) for _code, name in countries}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("NR", "瑙鲁"),
        ("WS", "萨摩亚"),
        ("NP", "尼泊尔"),
        ("TJ", "塔吉克斯坦"),
        ("BA", "波斯尼亚和黑塞哥维那"),
        ("MK", "北马其顿"),
        ("SJ", "斯瓦尔巴群岛和扬马延岛"),
    ],
)
def test_chinese_names_are_the_right_ones(code, name):
    with translation.override("zh-hans"):
        assert Country(code).name == name


def test_every_chinese_country_name_is_chinese():
    with translation.override("zh-hans"):
        names = [str(name) for _code, name in countries]
    assert [name for name in names if re.search("[A-Za-z]", name) or name != name.strip()] == []
    # No two countries share a name (美属萨摩亚群岛 was both Samoas).
    assert len(names) == len(set(names))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_workspace_page_and_filter_show_the_region_as_part_of_china(client, language):
    application = ApplicationFactory(profile=ApplyingProfileFactory(nationality="HK"))
    client.force_login(RecruiterMembershipFactory(enterprise=application.enterprise).user)
    with translation.override(language):
        url = reverse("talent:workspace_applicants", args=[application.enterprise.slug])
        detail = application.workspace_url()
    body = client.get(url).content.decode()
    name = REGIONS[language]["HK"]
    assert f'<option value="HK">{name}</option>' in body
    assert f"<td>{name}</td>" in body
    assert name in client.get(detail).content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_workspace_csv_names_the_region_as_part_of_china(client, language):
    application = ApplicationFactory(profile=ApplyingProfileFactory(nationality="TW"))
    client.force_login(RecruiterMembershipFactory(enterprise=application.enterprise).user)
    with translation.override(language):
        url = reverse(
            "talent:workspace_role_applicants_csv",
            args=[application.enterprise.slug, application.role.pk],
        )
    text = client.get(url).content.decode("utf-8-sig")
    assert REGIONS[language]["TW"] in text
    assert f",{AS_COUNTRIES[language][0]}," not in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_profile_csv_names_the_region_as_part_of_china(language):
    ApplyingProfileFactory(nationality="MO")
    profile_admin = site._registry[TalentProfile]
    rows = list(profile_admin._rows(TalentProfile.objects.all(), language))
    [row] = list(csv.reader(io.StringIO("".join(rows).lstrip("\ufeff"))))[1:]
    assert REGIONS[language]["MO"] in row
    assert AS_COUNTRIES[language][2] not in row


def test_admin_profile_list_shows_the_region_as_part_of_china(client, sign_in_officer):
    ApplyingProfileFactory(nationality="TW")
    sign_in_officer(client, OfficerFactory())
    body = client.get(reverse("admin:talent_talentprofile_changelist")).content.decode()
    assert "Taiwan, China" in body
    assert ">Taiwan<" not in body

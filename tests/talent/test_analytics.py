"""/admin/analytics/: the officers' recruitment figures, checked against a small data
set built by hand, who may read them, and what a page costs."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from talent import analytics
from talent.models import Application
from tests.admin_catalogue import leaked_msgids, visible_text
from tests.enterprises.factories import EnterpriseFactory, PublishedRoleFactory
from tests.factories import OfficerFactory, StaffUserFactory, moved_application
from westbund.education import C9University
from westbund.privacy.models import AuditEvent

from .factories import ApplyingProfileFactory, SubmittedProfileFactory, VerifiedProfileFactory

pytestmark = pytest.mark.django_db

S = Application.Stage
URL = "/admin/analytics/"


@pytest.fixture
def dataset():
    """Eight applications to two enterprises (phase 1 and phase 2):

    ========  ====  =========================  ======================  ==========
    who       ent.  path                       profile                 source
    ========  ====  =========================  ======================  ==========
    a1        A     hired after 10 days        C9, Chinese             board
    a2        A     hired after 20 days        not C9, British, permit search
    a3        B     hired after 30 days        C9, American            alert
    a4        B     hired after 40 days        C9, Chinese             direct
    a5        A     rejected at interview      C9, Chinese             feed
    a6        A     withdrawn at screening     C9, Chinese             recommended
    a7        B     at offer                   C9, Chinese             board
    a8        B     new                        C9, Chinese             direct
    ========  ====  =========================  ======================  ==========
    """
    a = EnterpriseFactory(name_en="Alpha Models", name_zh="阿尔法模型", phase=Enterprise.Phase.ONE)
    b = EnterpriseFactory(name_en="Beta Robotics", name_zh="贝塔机器人", phase=Enterprise.Phase.TWO)
    role_a, role_b = PublishedRoleFactory(enterprise=a), PublishedRoleFactory(enterprise=b)
    hired = [S.SCREENING, S.INTERVIEW, S.OFFER, S.HIRED]
    foreign = {"university_code": "", "university_other": "Imperial College London"}
    rows = [
        (role_a, hired, 10, {}, "board"),
        (role_a, hired, 20, {**foreign, "nationality": "GB", "needs_work_permit": True}, "search"),
        (role_b, hired, 30, {"nationality": "US"}, "alert"),
        (role_b, hired, 40, {}, "direct"),
        (role_a, [S.SCREENING, S.INTERVIEW, S.REJECTED], 5, {}, "feed"),
        (role_a, [S.SCREENING, S.WITHDRAWN], 4, {}, "recommended"),
        (role_b, [S.SCREENING, S.OFFER], 3, {}, "board"),
        (role_b, [], 0, {}, "direct"),
    ]
    for role, path, days, profile, source in rows:
        moved_application(
            role=role,
            path=path,
            days=days,
            applied_at=timezone.now() - timedelta(days=60),
            profile=ApplyingProfileFactory(**profile),
            source=source,
        )
    analytics.rebuild()
    return a, b


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def officer_client(client, sign_in_officer, officer):
    return sign_in_officer(client, officer)


def test_funnel_counts_each_application_at_every_stage_it_reached(dataset):
    figures = analytics.figures()
    assert figures.funnel == [
        (S.NEW, 8),
        (S.SCREENING, 7),
        (S.INTERVIEW, 6),
        (S.OFFER, 5),
        (S.HIRED, 4),
    ]


def test_time_to_hire_median_and_90th_percentile(dataset):
    figures = analytics.figures()
    assert figures.hired == 4
    assert figures.hire_median == 25  # 10, 20, 30, 40 days
    assert figures.hire_p90 == pytest.approx(37)


def test_shares_of_c9_international_and_sponsorship(dataset):
    figures = analytics.figures()
    assert figures.share("hired_c9", "hired") == 75.0
    assert figures.share("hired_international", "hired") == 50.0  # Britain, the US
    assert figures.share("hired_sponsored", "hired") == 25.0
    assert figures.share("applied_c9", "applied") == 87.5


def test_hires_by_enterprise_phase_and_sources(dataset):
    a, b = dataset
    figures = analytics.figures()
    assert {enterprise.pk: n for enterprise, n in figures.hires_by_enterprise} == {a.pk: 2, b.pk: 2}
    assert [n for _label, n in figures.hires_by_phase] == [2, 2]
    sources = {str(label): n for label, n in figures.sources}
    assert sources["Job board"] == 2
    assert sources["Direct link"] == 2
    assert sources["Search results"] == sources["Job alert e-mail"] == 1
    assert sources["Feed"] == sources["Recommendation on My hub"] == 1
    assert sources["Talent pool invitation"] == 0


def test_filters_by_phase_and_enterprise(dataset):
    a, _b = dataset
    phase_two = analytics.figures(phase=Enterprise.Phase.TWO)
    assert phase_two.funnel[0] == (S.NEW, 4)
    assert phase_two.hire_median == 35  # 30 and 40 days
    only_a = analytics.figures(enterprise=a)
    assert only_a.funnel == [
        (S.NEW, 4),
        (S.SCREENING, 4),
        (S.INTERVIEW, 3),
        (S.OFFER, 2),
        (S.HIRED, 2),
    ]


def test_the_funnel_of_each_month(dataset):
    figures = analytics.figures()
    applied_in = timezone.localdate(timezone.now() - timedelta(days=60)).replace(day=1)
    row = next(row for row in figures.months if row["month"] == applied_in)
    assert row["funnel"] == [8, 7, 6, 5, 4]


def test_period_filter_leaves_out_other_months(dataset):
    long_ago = timezone.localdate().replace(day=1) - timedelta(days=800)
    figures = analytics.figures(start=long_ago.replace(day=1), end=long_ago.replace(day=1))
    assert figures.funnel[0] == (S.NEW, 0)
    assert figures.hire_median is None


def test_review_backlog_and_time_to_verify():
    now = timezone.now()
    SubmittedProfileFactory(submitted_at=now - timedelta(days=3))
    SubmittedProfileFactory(submitted_at=now - timedelta(days=1))
    for days in (2, 4, 6):
        VerifiedProfileFactory(
            submitted_at=now - timedelta(days=days + 1), decided_at=now - timedelta(days=1)
        )
    analytics.rebuild()
    figures = analytics.figures()
    assert figures.backlog == 2
    assert figures.verified == 3
    assert figures.verify_median == 4
    assert figures.verify_p90 == pytest.approx(5.6)


def test_figures_are_kept_until_the_next_rebuild_and_the_backlog_is_live():
    """The monthly figures are cached until the tables are rebuilt; the backlog, read
    live, moves at once."""
    now = timezone.now()
    VerifiedProfileFactory(submitted_at=now - timedelta(days=3), decided_at=now)
    analytics.rebuild()
    assert analytics.figures().verified == 1

    VerifiedProfileFactory(submitted_at=now - timedelta(days=5), decided_at=now)
    SubmittedProfileFactory(submitted_at=now)
    assert analytics.figures().verified == 1  # as of the last rebuild (hourly, by beat)
    assert analytics.figures().backlog == 1

    analytics.rebuild()
    assert analytics.figures().verified == 2


def test_rebuild_is_idempotent(dataset):
    before = list(analytics.ApplicationMonth.objects.values_list("month", "applied", "hired"))
    analytics.rebuild()
    assert list(analytics.ApplicationMonth.objects.values_list("month", "applied", "hired")) == (
        before
    )


def test_percentile_interpolates_between_ranks():
    assert analytics.percentile({"1": 1, "3": 1}, 0.5) == 2
    assert analytics.percentile({"7": 5}, 0.9) == 7
    assert analytics.percentile({}, 0.5) is None


# -- The page --------------------------------------------------------------------------------


def test_officer_reads_the_page_with_charts_and_tables(officer_client, dataset):
    response = officer_client.get(URL, {"period": "all"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Recruitment analytics" in page
    figures = [
        chunk.split("</figure>")[0] for chunk in page.split('<figure class="analytics-figure">')[1:]
    ]
    assert len(figures) == 7
    for figure in figures:
        assert figure.startswith("<svg")
        assert "<script" not in figure  # pygal's tooltip script is off: no CDN, CSP holds
        assert "<title>" in figure
    assert '<th scope="row">Alpha Models</th><td>2</td>' in page
    assert "<td>25</td>" in page and "<td>37</td>" in page  # median and p90 of days to hire


def test_the_page_is_in_chinese_for_a_chinese_officer(client, sign_in_officer, dataset):
    officer = OfficerFactory(preferred_language="zh-hans")
    page = sign_in_officer(client, officer).get(URL, {"period": "all"}).content.decode()
    assert "招聘数据分析" in page
    assert "贝塔机器人" in page
    assert "从申请到录用的天数中位数" in page
    # The officer's (made-up) name is data: "Amber Murphy" is not the colour's msgid.
    data = ("Alpha Models", "Beta Robotics", "CSV", officer.display_name, officer.email)
    assert not leaked_msgids(visible_text(page), ignore=data)


def test_the_admin_home_links_to_the_analytics(officer_client):
    page = officer_client.get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in page


def test_bad_filters_fall_back_to_the_default(officer_client, dataset):
    response = officer_client.get(URL, {"period": "forever", "phase": "x", "enterprise": "999999"})
    assert response.status_code == HTTPStatus.OK


def test_the_page_computes_once_when_the_beat_has_not_run(officer_client):
    moved_application(path=[S.SCREENING])
    assert officer_client.get(URL).status_code == HTTPStatus.OK
    assert analytics.ApplicationMonth.objects.exists()


def test_staff_without_the_analytics_area_is_refused(client, sign_in_officer, dataset):
    staff = StaffUserFactory()  # staff, but in no officers' group
    assert sign_in_officer(client, staff).get(URL).status_code == HTTPStatus.FORBIDDEN


def test_an_officer_whose_group_lost_the_area_is_refused(officer_client, officer, dataset):
    from django.contrib.auth.models import Group

    Group.objects.get(name="Talent officer").permissions.remove(
        Permission.objects.get(codename="view_applicationmonth")
    )
    assert officer_client.get(URL).status_code == HTTPStatus.FORBIDDEN
    assert officer_client.get(URL + "export.csv").status_code == HTTPStatus.FORBIDDEN


def test_an_officer_without_two_factor_is_sent_to_set_it_up(client, officer):
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == HTTPStatus.FOUND
    assert "/analytics/" not in response["Location"] or "login" in response["Location"]


def test_a_professional_is_sent_to_the_admin_sign_in(client, dataset):
    profile = Application.objects.first().profile
    client.force_login(profile.user)
    for url in (URL, URL + "export.csv"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "login" in response["Location"]


def test_csv_export_has_the_numbers_and_is_audited(officer_client, officer, dataset):
    response = officer_client.get(URL + "export.csv", {"period": "all", "phase": "2"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Median days to hire", "35"] in rows
    assert ["Beta Robotics", "2"] in rows
    event = AuditEvent.objects.get(action=AuditEvent.Action.CSV_EXPORTED)
    assert event.actor == officer
    assert event.target_type == "talent.applicationmonth"
    assert "phase=2" in event.details["query"]


def test_csv_cells_never_start_a_formula(officer_client):
    enterprise = EnterpriseFactory(name_en='=HYPERLINK("http://evil")')
    moved_application(role=PublishedRoleFactory(enterprise=enterprise), path=[S.HIRED], days=3)
    analytics.rebuild()
    body = officer_client.get(URL + "export.csv", {"period": "all"}).content.decode()
    assert "'=HYPERLINK" in body


def test_the_page_costs_the_same_queries_whatever_the_data(officer_client, dataset):
    officer_client.get(URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        officer_client.get(URL, {"period": "all"})
    for n in range(4):
        enterprise = EnterpriseFactory(phase=Enterprise.Phase.TWO)
        for days in (3, 9):
            moved_application(
                role=PublishedRoleFactory(enterprise=enterprise),
                path=[S.OFFER, S.HIRED],
                days=days + n,
                applied_at=timezone.now() - timedelta(days=40 * n + 20),
                profile=ApplyingProfileFactory(university_code=C9University.PKU),
            )
    analytics.rebuild()
    with CaptureQueriesContext(connection) as large:
        officer_client.get(URL, {"period": "all"})
    assert len(large) == len(small)

"""What people type is shown on a phone without widening the page: a long word (a
pasted link, a word with no spaces) wraps instead of pushing the page sideways."""

import pytest

from tests.enterprises.factories import PublishedRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# As long as the search box takes.
LONG_WORD = "a" * 200


@pytest.mark.parametrize("language", ["", "/zh-hans"], ids=["en", "zh"])
def test_a_long_search_word_wraps_on_a_phone(live_server, browser, language):
    PublishedRoleFactory()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{language}/jobs/?q={LONG_WORD}")
    assert LONG_WORD in page.content()
    # A phone lays the page out wider than the screen (and zooms out) when it is.
    assert page.evaluate("[innerWidth, document.documentElement.scrollWidth]") == [
        PHONE["width"],
        PHONE["width"],
    ]
    context.close()


def test_the_applicant_table_keeps_readable_columns_on_a_phone(live_server, browser):
    from tests.browser_helpers import sign_in_browser
    from tests.enterprises.factories import MembershipFactory
    from tests.factories import InterviewFactory
    from tests.talent.factories import ApplicationFactory

    role = PublishedRoleFactory(title_zh="多模态大模型算法工程师")
    InterviewFactory(application=ApplicationFactory(role=role))
    recruiter = MembershipFactory(enterprise=role.enterprise).user
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in_browser(context, live_server, recruiter)
    page = context.new_page()
    for path in ("applicants/", "interviews/"):
        page.goto(f"{live_server.url}/zh-hans/workspace/{role.enterprise.slug}/{path}")
        widths = page.eval_on_selector_all(
            "main table th:not(:has(.visually-hidden))",
            """cells => cells.filter(cell => cell.innerText.trim())
                .map(cell => cell.getBoundingClientRect().width)""",
        )
        # Each titled column holds two Chinese characters a line at least; the table
        # scrolls in its frame, not the page.
        assert widths and min(widths) >= 32, (path, widths)
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"], path
    context.close()


@pytest.mark.parametrize("language", ["", "/zh-hans"], ids=["en", "zh"])
def test_footer_links_are_large_enough_to_tap(live_server, browser, language):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{language}/")
    heights = page.eval_on_selector_all(
        ".site-footer a", "links => links.map(link => link.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24, heights
    context.close()

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

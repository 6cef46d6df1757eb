import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request to /zh-hans/ leaves Chinese active in the thread; reverse() in the next
    # test would then build Chinese paths.
    with translation.override("en"):
        yield

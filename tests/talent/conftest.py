import pytest


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    """CVs are written to a throwaway private root, never the repository's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request under /zh-hans/ leaves Chinese active in the thread; without this the
    next test's ``reverse()`` would build /zh-hans/ URLs and its messages be Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield

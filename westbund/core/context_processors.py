from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_LABELS = {"en": "English", "zh-hans": "简体中文"}


def site(request):
    """What every page's frame needs: the site's name and this page in each language.

    The language switcher is a pair of plain links (no form, no cookie): pages stay
    cacheable for anonymous visitors and crawlers see both versions.
    """
    current = get_language()
    path = request.get_full_path()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": [
            {
                "code": code,
                "label": LANGUAGE_LABELS.get(code, code),
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }

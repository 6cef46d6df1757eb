from django.conf import settings


def site(request):
    """What every page's frame needs: the site's name and the languages to switch to."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_CHOICES": [
            ("en", "English"),
            ("zh-hans", "简体中文"),
        ],
    }

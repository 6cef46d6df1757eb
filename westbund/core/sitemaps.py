from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class BilingualSitemap(Sitemap):
    """Every page in each of the site's languages, each listing the others (hreflang)
    and the default (x-default)."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "enterprises:jobs",
            "enterprises:directory",
            "services:index",
            "talent:hub_in_numbers",
        ]

    def location(self, item):
        return reverse(item)

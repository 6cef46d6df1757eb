from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
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

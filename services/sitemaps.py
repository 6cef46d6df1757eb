"""The service package's public pages for crawlers, in both languages."""

from django.urls import reverse

from westbund.core.sitemaps import BilingualSitemap

from .models import Event, HousingGuide, ManualChapter, Policy


class ServicePagesSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "services:policy_list",
            "services:officer_list",
            "services:housing",
            "services:manual_index",
            "services:community",
            "services:association",
        ]

    def location(self, item):
        return reverse(item)


class PolicySitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Policy.objects.in_force().order_by("pk")

    def lastmod(self, policy):
        return policy.updated_at


class ManualSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return ManualChapter.objects.published()

    def lastmod(self, chapter):
        return chapter.updated_at


class HousingGuideSitemap(BilingualSitemap):
    def items(self):
        return HousingGuide.objects.published()

    def lastmod(self, guide):
        return guide.updated_at


class EventSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self):
        return Event.objects.upcoming()

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {
    "services": ServicePagesSitemap,
    "policies": PolicySitemap,
    "manual": ManualSitemap,
    "housing-guides": HousingGuideSitemap,
    "events": EventSitemap,
}

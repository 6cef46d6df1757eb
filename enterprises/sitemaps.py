from django.contrib.sitemaps import Sitemap

from .models import Enterprise, Role


class RoleSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    limit = 2000

    def items(self):
        return Role.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, role):
        return role.updated_at


class EnterpriseSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Enterprise.objects.active().order_by("pk").only("slug", "updated_at")

    def lastmod(self, enterprise):
        return enterprise.updated_at

from westbund.core.sitemaps import BilingualSitemap

from .models import Enterprise, Role


class RoleSitemap(BilingualSitemap):
    changefreq = "daily"
    limit = 2000

    def items(self):
        return Role.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, role):
        return role.updated_at


class EnterpriseSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Enterprise.objects.active().order_by("pk").only("slug", "updated_at")

    def lastmod(self, enterprise):
        return enterprise.updated_at

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from enterprises.sitemaps import EnterpriseSitemap, RoleSitemap
from services.sitemaps import SITEMAPS as SERVICE_SITEMAPS
from talent import analytics_views
from westbund.accounts import views as account_views
from westbund.core import views as core_views
from westbund.core.sitemaps import StaticPagesSitemap
from westbund.portal import views as portal_views

admin.site.site_header = _("West Bund Talent Hub · officers")
admin.site.site_title = _("West Bund Talent Hub")
admin.site.index_title = _("Talent officers' workspace")

sitemaps = {
    "pages": StaticPagesSitemap,
    "roles": RoleSitemap,
    "enterprises": EnterpriseSitemap,
    **SERVICE_SITEMAPS,
}

urlpatterns = [
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path(
        "admin/language/",
        admin.site.admin_view(account_views.admin_language),
        name="admin_language",
    ),
    # The officers' recruitment analytics (staff with two-factor sign-in, the analytics
    # area): ahead of the admin's own URLs, inside its login and language.
    path(
        "admin/analytics/",
        admin.site.admin_view(analytics_views.analytics_page),
        name="admin_analytics",
    ),
    path(
        "admin/analytics/export.csv",
        admin.site.admin_view(analytics_views.analytics_export),
        name="admin_analytics_export",
    ),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/inbox/", include("westbund.notifications.urls")),
    path("me/language/", account_views.language, name="accounts_language"),
    # /me/…, /jobs/<slug>/apply/ and /workspace/<slug>/applicants/… (one namespace).
    path("", include("talent.urls")),
    path("", include("enterprises.urls")),
    path("services/", include("services.urls")),
    prefix_default_language=False,
)

handler400 = "westbund.core.views.bad_request"
handler403 = "westbund.core.views.permission_denied"
handler404 = "westbund.core.views.page_not_found"
handler500 = "westbund.core.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

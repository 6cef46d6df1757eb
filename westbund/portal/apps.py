from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site assembly: the home page, the officers' dashboard, demo and scale data,
    the benchmarks and the chaos drill. It may import every app; nothing imports it
    (an import-linter contract in pyproject.toml)."""

    name = "westbund.portal"
    label = "portal"
    verbose_name = _("Portal")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service package")

    def ready(self):
        # Registers the service package's sections of the personal data export.
        from . import privacy  # noqa: F401
        from .permit import connect_invalidation

        connect_invalidation()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "westbund.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()

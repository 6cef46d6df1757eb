from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent")

    def ready(self):
        from .counts import connect_invalidation

        connect_invalidation()
        # The talent app's sections of the data export, its personal files (CVs), what
        # account deletion and consent withdrawal do here (westbund.privacy.registry).
        from . import privacy  # noqa: F401
        from .invitations import register_invitations

        register_invitations()

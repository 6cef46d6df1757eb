from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent")

    def ready(self):
        from .counts import connect_invalidation

        connect_invalidation()

        from .invitations import register_invitations

        register_invitations()

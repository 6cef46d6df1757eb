from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "westbund.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # The export sections of what this app holds itself (account, consents, ...).
        from . import export  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "westbund.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from .unread import connect_invalidation

        connect_invalidation()

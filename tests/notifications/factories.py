import factory

from tests.factories import UserFactory
from westbund.notifications.models import Kind, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.PROFILE_REVIEW_DECIDED
    context = factory.LazyFunction(lambda: {"decision_label": "Verified", "message": ""})
    link = "/me/"


class SentNotificationFactory(NotificationFactory):
    state = Notification.State.SENT
    attempts = 1

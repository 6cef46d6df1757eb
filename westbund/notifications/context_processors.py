from django.utils.functional import SimpleLazyObject


def unread(request):
    """The navbar's unread count: one indexed COUNT, only for pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    def count():
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(count)}

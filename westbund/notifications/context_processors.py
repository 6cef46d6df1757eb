from django.utils.functional import SimpleLazyObject

from .unread import unread_count


def unread(request):
    """The navbar's unread count: kept per user (unread.py), asked only by pages that
    show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}

"""How the portal names a person in allauth's messages ("Successfully signed in as …"):
as the pages greet them, the name of their profile in the page's language."""

from django.utils.encoding import force_str


def user_display(user) -> str:
    from .models import TalentProfile

    profile = TalentProfile.objects.filter(user_id=user.pk).only("full_name", "name_zh").first()
    if profile is not None and profile.full_name:
        return profile.reader_name
    return force_str(user)

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _


def uses_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """Whether this session's sign-in included a second factor (allauth records it)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class MFAAdapter(DefaultMFAAdapter):
    # allauth's "Incorrect code." reads as "error code" in its Chinese catalogue (错误代码):
    # said in our words, which our catalogue translates.
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code is not right. Check your authenticator app and try again."),
    }

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator


def uses_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """Whether this session's sign-in included a second factor (allauth records it)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)

"""The demo accounts that `make run` prints, and the code that makes them exist."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

# Printed by `make run` on purpose: demo accounts exist only in local demo databases.
DEMO_PASSWORD = "westbund-demo-2026"  # noqa: S105
# The demo officer's authenticator secret (base32), printed too: add it to any TOTP app
# (or run `oathtool --totp -b SECRET`) to pass the admin's two-factor check.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPWESTBUND"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    display_name: str
    role: str
    preferred_language: str = "en"
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("professional", "lin.wei@demo.westbund.example", "Lin Wei", "professional"),
    DemoAccount(
        "recruiter_a",
        "zhang.min@aurora-models.example",
        "Zhang Min",
        "recruiter, Aurora Foundation Models",
        preferred_language="zh-hans",
    ),
    DemoAccount(
        "recruiter_b",
        "sarah.chen@huangpu-robotics.example",
        "Sarah Chen",
        "recruiter, Huangpu Embodied Robotics",
    ),
    DemoAccount(
        "officer",
        "wang.fang@talent.westbund.example",
        "Wang Fang",
        "talent officer (Django admin)",
        preferred_language="zh-hans",
        is_staff=True,
    ),
)


@transaction.atomic
def ensure_demo_accounts() -> dict[str, object]:
    """Create or refresh the demo accounts: verified e-mail, the demo password.

    Safe to run any number of times; returns the users by key.
    """
    User = get_user_model()
    users = {}
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "preferred_language": account.preferred_language,
                "is_staff": account.is_staff,
            },
        )
        # Re-hashing an unchanged password would sign out every session of the user.
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user,
            email=account.email,
            defaults={"verified": True, "primary": True},
        )
        if account.is_staff:
            _ensure_totp(user)
        users[account.key] = user
    return users


def _ensure_totp(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from westbund.portal.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    ensure_demo_accounts,
)

# Each app contributes its demo data through ``<app>/demo.py: load_demo(*, users, stdout)``,
# in this order (roles need enterprises, applications need roles).
DEMO_MODULES = ("enterprises.demo", "services.demo", "talent.demo")


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = ensure_demo_accounts()
            for module_path in DEMO_MODULES:
                try:
                    module = importlib.import_module(module_path)
                except ModuleNotFoundError as error:
                    if error.name != module_path:
                        raise
                    continue
                module.load_demo(users=users, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts:"))
        width = max(len(account.email) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<{width}}  {DEMO_PASSWORD}  {account.role}")
        self.stdout.write(
            f"The officer's two-factor secret (add it to a TOTP app): {DEMO_TOTP_SECRET}"
        )

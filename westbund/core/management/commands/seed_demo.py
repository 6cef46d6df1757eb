from django.core.management.base import BaseCommand

from westbund.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        ensure_demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts:"))
        width = max(len(account.email) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<{width}}  {DEMO_PASSWORD}  {account.role}")

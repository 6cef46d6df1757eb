"""Recompute the stored search vectors of roles and talent profiles (PostgreSQL).

Run once after the migrations that changed how they are built (jieba segmentation),
or whenever the vocabulary of ``westbund.search`` changes.
"""

from django.core.management.base import BaseCommand

from enterprises.models import Role

from ...models import TalentProfile


class Command(BaseCommand):
    help = "Recompute the stored search vectors of roles and talent profiles."

    def handle(self, *args, **options):
        roles = Role.objects.all().update_search_vector()
        profiles = TalentProfile.objects.all().update_search_vector()
        self.stdout.write(f"{roles} roles, {profiles} profiles reindexed.")

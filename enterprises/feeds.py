from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from westbund.core.text import strip_control_characters

from .models import Role

FEED_SIZE = 50


class LatestRolesFeed(Feed):
    """The newest published roles, as Atom."""

    feed_type = Atom1Feed
    title = _("New AI roles at the West Bund")
    subtitle = _(
        "Roles published by the enterprises of the Shanghai Foundation Model Innovation Center."
    )

    def link(self):
        return reverse("enterprises:jobs")

    def items(self):
        return (
            Role.objects.published()
            .select_related("enterprise")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    # Rows stored before forms refused control characters must not break the XML.
    def item_title(self, item):
        return strip_control_characters(f"{item.title} · {item.enterprise.name}")

    def item_description(self, item):
        return strip_control_characters(item.description)

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return strip_control_characters(item.enterprise.name)

    def item_categories(self, item):
        return [str(label) for label in item.specialty_labels()]

    def item_link(self, item):
        # Applications that follow record the feed as their source.
        return f"{item.get_absolute_url()}?src=feed"

    def item_guid(self, item):
        created = timezone.localtime(item.created_at).date().isoformat()
        return f"tag:westbund,{created}:role/{item.slug}"

"""Private file storage: CVs and other personal documents.

Files here are never served under ``MEDIA_URL``: the only way out is a view that checks
who is asking (``talent.views.cv_download``). In production ``PRIVATE_MEDIA_ROOT`` is a
shared volume, like ``MEDIA_ROOT``, so any web node can read what another stored.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    # The location is read from settings on each use, not frozen at import, so that
    # tests (and a settings change) can point it elsewhere.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; link to the permission-checked download view."
        )


def private_storage() -> PrivateStorage:
    """The storage of ``CVDocument.file`` (a callable: migrations store its path)."""
    return PrivateStorage()

"""Storage for private uploads: outside MEDIA_ROOT, never served by a public URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``.

    The root is read when a file is touched, not at import, so that tests (and any
    setting override) move it. There is no public URL: permission-checked views stream
    the files.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise NotImplementedError("private files have no public URL; use the download view")


def private_storage() -> PrivateStorage:
    return PrivateStorage()

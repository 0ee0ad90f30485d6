"""Where case documents live: a private storage, never under ``MEDIA_URL``.

Decisions, receipts and the applicant's supplements carry personal data, so they are not in the
public media tree (which a web server may serve directly). They are read only through the
permission-checked download views, which send them as attachments. ``RATUSZ_CASES_ROOT`` (default
``<VAR_DIR>/private/cases``) is read on every access so tests can point it at a temporary directory.
A deployment on S3 defines ``STORAGES["cases"]`` and that backend is used instead.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateCaseStorage(FileSystemStorage):
    """File system storage without a URL, rooted at ``settings.RATUSZ_CASES_ROOT``."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        root = getattr(settings, "RATUSZ_CASES_ROOT", None) or os.path.join(
            settings.MEDIA_ROOT, "..", "private", "cases"
        )
        return str(root)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("case documents have no public URL; use the download view")

    def deconstruct(self):
        return ("eservices.cases.storage.PrivateCaseStorage", (), {})


def case_storage():
    """The storage of ``CaseDocument.file``: ``STORAGES["cases"]`` if configured, else private files."""
    if "cases" in settings.STORAGES:
        return storages["cases"]
    return PrivateCaseStorage()

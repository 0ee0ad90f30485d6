"""Serving uploaded media during development (``DEBUG``), the way nginx serves it in production.

Django's ``static()`` helper would serve an uploaded ``.html`` or ``.svg`` inline, where a browser
runs what it contains on the site's origin. Here only image types are shown inline; everything else
is sent as an attachment, always with its real type (guessed from the name, never sniffed by the
browser: ``nosniff``) and a ``default-src 'none'`` policy. Only images are reachable at all: other
uploads (documents, e-form attachments) are served by permission-checked views. ``deploy/nginx``
applies the same rules in production.
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import re_path
from django.utils._os import safe_join

# The only media directories served as files: Wagtail's image originals, renditions and staff avatars.
PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/", "avatar_images/")
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}


def media_headers(response, *, name: str) -> None:
    """Attachment unless a known raster image; the real type; no sniffing; nothing executes."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response["Content-Type"] = content_type
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{posixpath.basename(name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"


def serve_media(request, path: str):
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except ValueError as error:  # SuspiciousFileOperation: outside MEDIA_ROOT
        raise Http404 from error
    if not full.is_file():
        raise Http404
    response = FileResponse(full.open("rb"))
    media_headers(response, name=path)
    return response


def media_urlpatterns() -> list:
    """For ``cms/urls.py`` under ``DEBUG`` (replaces ``django.conf.urls.static.static``)."""
    prefix = settings.MEDIA_URL.lstrip("/")
    if not prefix or "://" in settings.MEDIA_URL:
        return []
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media)]

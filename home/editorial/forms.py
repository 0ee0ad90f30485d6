"""The document form of the Wagtail admin (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) with upload checks.

Wagtail builds every document form from this base — the single upload, the multiple uploader and the
edit form — so the checks apply wherever an editor can put a file on the site. Validation runs before
anything is saved: a refused upload leaves no ``Document`` row and no file in the media storage.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from .uploads import content_mismatch


def _too_large_message(size: int | None) -> str:
    limit = filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    if size is None:
        return _("Plik jest za duży. Największy dopuszczalny rozmiar to %(limit)s.") % {"limit": limit}
    return _(
        "Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s. "
        "Zmniejsz go (np. zapisz PDF w niższej rozdzielczości) albo podziel na części."
    ) % {"size": filesizeformat(size), "limit": limit}


class CheckedDocumentForm(BaseDocumentForm):
    """Refuses a file whose content does not match its extension, with a Polish message naming both.

    Also words Wagtail's size-limit error in Polish: Wagtail 8's Polish catalogue lacks it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and getattr(field, "max_upload_size", None):
            field.help_text = _("Największy dopuszczalny rozmiar pliku: %(limit)s.") % {
                "limit": filesizeformat(field.max_upload_size)
            }

    def _clean_fields(self):
        super()._clean_fields()
        errors = self._errors.get("file")
        if errors and any(error.code == "file_too_large" for error in errors.as_data()):
            upload = self.files.get(self.add_prefix("file"))
            self.errors["file"] = self.error_class([_too_large_message(getattr(upload, "size", None))])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "read") or "file" not in self.changed_data:
            return upload
        mismatch = content_mismatch(upload, upload.name)
        if mismatch is not None:
            raise ValidationError(
                _(
                    "Zawartość pliku „%(name)s” to %(found)s, a rozszerzenie wskazuje na %(claimed)s. "
                    "Zapisz plik we właściwym formacie albo popraw rozszerzenie."
                )
                % {"name": upload.name, "found": mismatch.found, "claimed": mismatch.claimed},
                code="content_mismatch",
            )
        return upload

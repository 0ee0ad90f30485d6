"""Forms of the resident's case pages: a message, a supplement, the withdrawal, the code check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.accounts.forms import AccessibleFormMixin

from .verification import normalise_code


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; returns a list (empty when none chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class MessageForm(AccessibleFormMixin, forms.Form):
    prefix = "wiadomosc"
    text = forms.CharField(
        label=_("Treść wiadomości"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Napisz treść wiadomości.")},
    )
    files = MultipleFileField(label=_("Załączniki"), help_text=_("PDF, JPG, PNG, ODT, DOCX lub TXT, każdy do 10 MB."))


class SupplementForm(AccessibleFormMixin, forms.Form):
    prefix = "uzupelnienie"
    text = forms.CharField(
        label=_("Twoja odpowiedź"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )
    files = MultipleFileField(
        label=_("Dokumenty uzupełniające"), help_text=_("PDF, JPG, PNG, ODT, DOCX lub TXT, każdy do 10 MB.")
    )

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("files") and not self.errors:
            raise forms.ValidationError(_("Napisz odpowiedź albo dołącz plik."))
        return data


class WithdrawForm(AccessibleFormMixin, forms.Form):
    prefix = "wycofanie"
    confirm = forms.BooleanField(
        label=_("Potwierdzam, że chcę wycofać ten wniosek. Tej czynności nie można cofnąć."),
        error_messages={"required": _("Zaznacz potwierdzenie, aby wycofać wniosek.")},
    )


class VerifyForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Kod weryfikacyjny z potwierdzenia"),
        max_length=20,
        help_text=_("12 znaków, np. ABCD-EFGH-JKLM (wielkość liter i myślniki nie mają znaczenia)."),
        error_messages={"required": _("Wpisz kod weryfikacyjny.")},
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("To nie jest poprawny kod: ma 12 liter i cyfr, np. ABCD-EFGH-JKLM."))
        return code

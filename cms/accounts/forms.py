"""Forms of ``/konto/``: Polish messages next to the fields, ``autocomplete`` on every input, and
``aria-describedby`` pointing at the help and error texts (``AccessibleFormMixin``)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .throttle import client_ip, login_is_locked, throttle_settings
from .validators import validate_pesel, validate_postal_code


class AccessibleFormMixin:
    """Ties each input to its help text and its error message (GOV.UK pattern).

    The template renders the error as ``<p id="<id>_error">`` and the help as ``<p id="<id>_helptext">``.
    """

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"{self[name].auto_id}_helptext")


def _text(autocomplete: str, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class RegistrationForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=254,
        help_text=_("Wyślemy na niego link potwierdzający. Będzie to także Twój login."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Wpisz adres e-mail."),
            "invalid": _("Wpisz adres e-mail w formacie nazwa@domena.pl."),
        },
    )
    first_name = forms.CharField(
        label=_("Imię"), max_length=150, widget=_text("given-name"), error_messages={"required": _("Wpisz imię.")}
    )
    last_name = forms.CharField(
        label=_("Nazwisko"),
        max_length=150,
        widget=_text("family-name"),
        error_messages={"required": _("Wpisz nazwisko.")},
    )
    password1 = forms.CharField(
        label=_("Hasło"),
        strip=False,
        help_text=_("Co najmniej 10 znaków; nie same cyfry i nie popularne hasło."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Wpisz hasło.")},
    )
    password2 = forms.CharField(
        label=_("Powtórz hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Wpisz hasło jeszcze raz.")},
    )
    consent = forms.BooleanField(
        label=_("Zapoznałem(-am) się z informacją o przetwarzaniu danych osobowych"),
        help_text=_("Informacja jest na stronie Ochrona danych osobowych."),
        error_messages={"required": _("Potwierdź, że znasz informację o przetwarzaniu danych osobowych.")},
    )

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hasła się różnią. Wpisz to samo hasło dwa razy."))
        elif password1:
            candidate = get_user_model()(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendConfirmationForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Wpisz adres e-mail."),
            "invalid": _("Wpisz adres e-mail w formacie nazwa@domena.pl."),
        },
    )


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Sign-in by e-mail, refused with a clear message while the throttle holds the address or IP."""

    username = forms.EmailField(
        label=_("Adres e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "spellcheck": "false"}),
        error_messages={
            "required": _("Wpisz adres e-mail."),
            "invalid": _("Wpisz adres e-mail w formacie nazwa@domena.pl."),
        },
    )
    password = forms.CharField(
        label=_("Hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Wpisz hasło.")},
    )

    error_messages = {
        "invalid_login": _(
            "Nieprawidłowy adres e-mail lub hasło. Jeśli konto jest nowe, najpierw kliknij link z e-maila "
            "potwierdzającego."
        ),
        "inactive": _("To konto jest nieaktywne."),
        "throttled": _(
            "Zbyt wiele nieudanych prób logowania. Ze względów bezpieczeństwa logowanie jest wstrzymane "
            "na %(minutes)s minut. Spróbuj później albo ustaw nowe hasło."
        ),
    }

    def clean(self):
        email = (self.cleaned_data.get("username") or "").lower()
        self.cleaned_data["username"] = email
        if login_is_locked(email=email, ip=client_ip(self.request)):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": throttle_settings().lockout // 60},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            # This failure may have been the one that set the lock: say so now, not on the next try.
            if login_is_locked(email=email, ip=client_ip(self.request)):
                raise forms.ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"minutes": throttle_settings().lockout // 60},
                ) from None
            raise


class ProfileForm(AccessibleFormMixin, forms.ModelForm):
    """The resident's own data. For a verified account the name and PESEL are read-only."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "phone", "street", "house_number", "postal_code", "locality", "pesel"]
        widgets = {
            "first_name": _text("given-name"),
            "last_name": _text("family-name"),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "street": _text("address-line1"),
            "house_number": _text("address-line2"),
            "postal_code": _text("postal-code", inputmode="numeric", size="6"),
            "locality": _text("address-level2"),
            "pesel": _text("off", inputmode="numeric", size="11", spellcheck="false"),
        }
        help_texts = {
            "phone": _("Np. 600 100 200. Zadzwonimy tylko w sprawie Twoich wniosków."),
            "postal_code": _("W formacie 00-000."),
            "house_number": _("Np. 12 albo 12/3."),
            "pesel": _("Nieobowiązkowy. Uzupełnimy nim Twoje wnioski."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].error_messages["required"] = _("Wpisz imię.")
        self.fields["last_name"].error_messages["required"] = _("Wpisz nazwisko.")
        self.fields["postal_code"].validators.append(validate_postal_code)
        self.fields["pesel"].validators.append(validate_pesel)
        self.fields["pesel"].max_length = None  # the PESEL validator says what is wrong, in Polish
        self.fields["pesel"].widget.attrs.pop("maxlength", None)
        if self.instance.is_identity_verified:
            for name in ("first_name", "last_name", "pesel"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Potwierdzone przy weryfikacji tożsamości. Aby je zmienić, skontaktuj się z urzędem."
                )
        # Re-run the mixin's wiring: help texts were changed above.
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_helptext"

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = phone.replace(" ", "").replace("-", "")
        if digits.startswith("+"):
            digits = digits[1:]
        if phone and (not digits.isdigit() or not 9 <= len(digits) <= 15):
            raise forms.ValidationError(_("Wpisz numer telefonu cyframi, np. 600 100 200 albo +48 600 100 200."))
        return phone

    def clean_pesel(self):
        pesel = self.cleaned_data["pesel"].strip()
        if pesel and not self.fields["pesel"].disabled:
            user_model = get_user_model()
            if user_model.objects.filter(pesel=pesel).exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("Ten PESEL jest już przypisany do innego konta. Jeśli to Twój numer, skontaktuj się z urzędem.")
                )
        return pesel


class ResidentPasswordResetForm(AccessibleFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Wpisz adres e-mail."),
            "invalid": _("Wpisz adres e-mail w formacie nazwa@domena.pl."),
        },
    )


class ResidentSetPasswordForm(AccessibleFormMixin, SetPasswordForm):
    error_messages = {"password_mismatch": _("Hasła się różnią. Wpisz to samo hasło dwa razy.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nowe hasło")
        self.fields["new_password1"].help_text = _("Co najmniej 10 znaków; nie same cyfry i nie popularne hasło.")
        self.fields["new_password1"].widget.attrs["aria-describedby"] = f"{self['new_password1'].auto_id}_helptext"
        self.fields["new_password2"].label = _("Powtórz nowe hasło")

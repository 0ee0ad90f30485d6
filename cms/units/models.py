"""The town office and its subordinate units (jednostki organizacyjne gminy)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

postal_code_validator = RegexValidator(r"^\d{2}-\d{3}$", _("Kod pocztowy w formacie 00-000."))
phone_validator = RegexValidator(r"^[0-9 +()-]{6,25}$", _("Numer telefonu może zawierać cyfry, spacje, +, ( ) i -."))
epuap_validator = RegexValidator(
    r"^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$",
    _("Adres skrzynki ePUAP w formacie /identyfikator/skrytka, np. /glogowmlp/SkrytkaESP."),
)


class OrgUnit(models.Model):
    """An organisational unit of the gmina: the office itself or one of its subordinate units.

    ``code`` is the unit's short symbol used in case references (``UM``, ``SP1``, ``MOPS``) — KPA
    and the office instruction (instrukcja kancelaryjna) require it as the first part of a znak sprawy.
    """

    class UnitType(models.TextChoices):
        OFFICE = "office", _("urząd")
        SCHOOL = "school", _("szkoła")
        KINDERGARTEN = "kindergarten", _("przedszkole")
        LIBRARY = "library", _("biblioteka")
        CULTURE = "culture", _("ośrodek kultury")
        SOCIAL = "social", _("pomoc społeczna")
        UTILITY = "utility", _("gospodarka komunalna")
        SPORT = "sport", _("sport i rekreacja")
        OTHER = "other", _("inna")

    code = models.SlugField(
        _("symbol"),
        max_length=12,
        unique=True,
        allow_unicode=False,
        help_text=_("Krótki symbol jednostki używany w znakach spraw, np. UM, SP1, MOPS."),
    )
    name = models.CharField(_("pełna nazwa"), max_length=255, unique=True)
    short_name = models.CharField(_("nazwa skrócona"), max_length=120, blank=True)
    unit_type = models.CharField(_("rodzaj"), max_length=20, choices=UnitType.choices, default=UnitType.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("jednostka nadrzędna"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    street = models.CharField(_("ulica i numer"), max_length=255)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, validators=[postal_code_validator])
    city = models.CharField(_("miejscowość"), max_length=120)
    phone = models.CharField(_("telefon"), max_length=25, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    epuap_address = models.CharField(_("adres skrytki ePUAP"), max_length=120, blank=True, validators=[epuap_validator])
    head_name = models.CharField(_("kierownik (imię i nazwisko)"), max_length=120, blank=True)
    head_title = models.CharField(_("stanowisko kierownika"), max_length=120, blank=True)
    opening_hours = models.TextField(
        _("godziny otwarcia"), blank=True, help_text=_("Jedna linia na dzień lub zakres dni.")
    )
    nip = models.CharField(_("NIP"), max_length=13, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)

    class Meta:
        verbose_name = _("jednostka organizacyjna")
        verbose_name_plural = _("jednostki organizacyjne")
        ordering = ["parent_id", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.postal_code} {self.city}"]

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


from .places import Locality, Street  # noqa: E402  (the territorial register, see places.py)

__all__ = ["Locality", "OrgUnit", "Street"]

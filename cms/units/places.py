"""The gmina's territorial register: localities (miejscowości) and their streets (ulice).

Codes follow TERYT, the national territorial register kept by GUS: a locality has a 7-digit SIMC
identifier, a street a 5-digit ULIC symbol. The ULIC symbol names a street *name*, not one street:
the same symbol is reused in every locality that has a street of that name, so a street is unique
by ``(locality, ulic)``. Application forms (addresses), alert areas and the participatory budget
read the register through ``cms.units.selectors``.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

simc_validator = RegexValidator(r"^\d{7}$", _("Identyfikator SIMC ma 7 cyfr."))
ulic_validator = RegexValidator(r"^\d{5}$", _("Symbol ULIC ma 5 cyfr."))
_postal_code_validator = RegexValidator(r"^\d{2}-\d{3}$", _("Kod pocztowy w formacie 00-000."))


class Locality(models.Model):
    """A miejscowość of the gmina: the town, a village or a part (osiedle, część wsi) of either."""

    class Kind(models.TextChoices):
        TOWN = "miasto", _("miasto")
        VILLAGE = "wies", _("wieś")
        PART = "czesc", _("osiedle lub część miejscowości")

    name = models.CharField(_("nazwa"), max_length=100)
    simc = models.CharField(
        _("identyfikator SIMC"),
        max_length=7,
        unique=True,
        validators=[simc_validator],
        help_text=_("7 cyfr z rejestru TERYT (GUS)."),
    )
    kind = models.CharField(_("rodzaj"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    solectwo = models.CharField(
        _("sołectwo"),
        max_length=100,
        blank=True,
        help_text=_("Sołectwo (wieś) lub osiedle (miasto), do którego należy."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("miejscowość nadrzędna"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("Dla osiedla lub części: miasto albo wieś, w której leży."),
    )
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, validators=[_postal_code_validator])

    class Meta:
        verbose_name = _("miejscowość")
        verbose_name_plural = _("miejscowości")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="units_locality_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    """An ulica (or aleja, plac, rynek...) of a locality, with its TERYT ULIC symbol."""

    class Feature(models.TextChoices):
        STREET = "ul.", "ul."
        AVENUE = "al.", "al."
        SQUARE = "pl.", "pl."
        ESTATE = "os.", "os."
        ROUNDABOUT = "rondo", "rondo"
        GREEN = "skwer", "skwer"
        OTHER = "inne", _("inne (bez przedrostka, np. Rynek)")

    locality = models.ForeignKey(
        Locality, verbose_name=_("miejscowość"), on_delete=models.CASCADE, related_name="streets"
    )
    feature = models.CharField(_("cecha"), max_length=6, choices=Feature.choices, default=Feature.STREET)
    name = models.CharField(_("nazwa"), max_length=150, help_text=_("Bez cechy, np. „Kościuszki”, „Rynek”."))
    ulic = models.CharField(
        _("symbol ULIC"), max_length=5, validators=[ulic_validator], help_text=_("5 cyfr z rejestru TERYT (GUS).")
    )

    class Meta:
        verbose_name = _("ulica")
        verbose_name_plural = _("ulice")
        ordering = ["locality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "ulic"], name="units_street_unique_ulic_in_locality"),
            models.UniqueConstraint(fields=["locality", "name"], name="units_street_unique_name_in_locality"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name as written in an address: ``ul. Kościuszki``, ``Rynek``."""
        return self.name if self.feature == self.Feature.OTHER else f"{self.feature} {self.name}"

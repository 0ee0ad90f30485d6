"""Address fields of application forms, with the locality and street taken from the gmina's register.

An address answer is a JSON dict::

    {"locality": "Głogów Małopolski", "locality_simc": "0662041",
     "street": "ul. Rzeszowska", "street_ulic": "19345",
     "house_number": "12", "flat_number": "3", "postal_code": "36-060"}

Names for people, TERYT codes (SIMC of the locality, ULIC of the street) for systems that match
addresses (alert areas, registers). A village without streets has ``street`` and ``street_ulic`` empty.

With the register (``cms.units`` Locality/Street) the locality is a select and the street a select
grouped by locality (``<optgroup>``: works without JavaScript); the server checks that the street
belongs to the chosen locality. An address block with ``use_register`` off (an address anywhere in
Poland, e.g. for correspondence), or any address while the register is empty, is typed in instead and
stored with empty codes. Answers stored before the register existed (no codes) are matched by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.accounts.validators import validate_postal_code
from cms.units.models import Locality, Street
from cms.units.selectors import localities_with_streets

PARTS = ("locality", "street", "house_number", "flat_number", "postal_code")
OPTIONAL_PARTS = ("street", "flat_number")  # a village has no streets; a house has no flats
_FLAT_SEPARATORS = ("/", " m. ", " m ", " lok. ")


def uses_register(spec: dict) -> bool:
    return spec.get("use_register", True) is not False


def street_key(locality: Locality, street: Street) -> str:
    """The value of a street option: SIMC and ULIC, since a ULIC symbol repeats across localities."""
    return f"{locality.simc}-{street.ulic}"


def _normalised(name: str) -> str:
    name = " ".join((name or "").replace(".", ". ").split()).casefold()
    for feature in ("ul. ", "al. ", "pl. ", "os. ", "ulica ", "aleja ", "plac "):
        name = name.removeprefix(feature)
    return name


@dataclass(frozen=True)
class Register:
    """The localities and streets of the gmina, loaded once (two queries) for one form or one summary."""

    localities: dict[str, Locality]  # by SIMC, in display order
    streets: dict[str, tuple[Locality, Street]]  # by ``street_key``

    @classmethod
    def load(cls) -> Register | None:
        """``None`` when the register is empty: addresses are then typed in."""
        localities = {locality.simc: locality for locality in localities_with_streets()}
        if not localities:
            return None
        streets = {
            street_key(locality, street): (locality, street)
            for locality in localities.values()
            for street in locality.streets.all()
        }
        return cls(localities=localities, streets=streets)

    @staticmethod
    def locality_label(locality: Locality) -> str:
        return f"{locality.name} ({locality.parent.name})" if locality.parent_id else locality.name

    def locality_choices(self) -> list[tuple[str, str]]:
        return [("", _("— wybierz miejscowość —"))] + [
            (simc, self.locality_label(locality)) for simc, locality in self.localities.items()
        ]

    def street_choices(self) -> list:
        groups = [
            (self.locality_label(locality), [(street_key(locality, s), s.full_name) for s in locality.streets.all()])
            for locality in self.localities.values()
            if locality.streets.all()
        ]
        return [("", _("— bez ulicy (miejscowość nie ma ulic) —")), *groups]

    def has_streets(self, simc: str) -> bool:
        locality = self.localities.get(simc)
        return bool(locality and locality.streets.all())

    def match_locality(self, name: str) -> Locality | None:
        wanted = _normalised(name)
        return next((loc for loc in self.localities.values() if loc.name.casefold() == wanted), None)

    def match_street(self, locality: Locality, name: str) -> Street | None:
        wanted = _normalised(name)
        if not wanted:
            return None
        return next(
            (s for s in locality.streets.all() if wanted in (s.name.casefold(), _normalised(s.full_name))), None
        )


def build_fields(spec: dict, *, register: Register | None, required: bool) -> dict[str, forms.Field]:
    """The Django fields of one address, keyed by part, in display order."""
    fields: dict[str, forms.Field] = {}
    if register is not None and uses_register(spec):
        fields["locality"] = forms.ChoiceField(
            label=_("Miejscowość"), choices=register.locality_choices(), required=required,
            error_messages={"invalid_choice": _("Wybierz miejscowość z listy.")},
            widget=forms.Select(attrs={"autocomplete": "address-level2"}),
        )  # fmt: skip
        fields["street"] = forms.ChoiceField(
            label=_("Ulica"), choices=register.street_choices(), required=False,
            help_text=_("Ulice są pogrupowane według miejscowości: wybierz ulicę ze swojej miejscowości. "
                        "W miejscowości bez ulic wybierz „bez ulicy” i podaj tylko numer domu."),
            error_messages={"invalid_choice": _("Wybierz ulicę z listy.")},
        )  # fmt: skip
    else:
        fields["locality"] = forms.CharField(
            label=_("Miejscowość"), max_length=100, required=required,
            widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        )  # fmt: skip
        fields["street"] = forms.CharField(
            label=_("Ulica"), max_length=150, required=False,
            help_text=_("Pomiń, jeśli miejscowość nie ma ulic."),
        )  # fmt: skip
    fields["house_number"] = forms.CharField(label=_("Numer domu"), max_length=20, required=required)
    fields["flat_number"] = forms.CharField(label=_("Numer lokalu"), max_length=10, required=False)
    fields["postal_code"] = forms.CharField(
        label=_("Kod pocztowy"), max_length=6, required=required, help_text=_("Np. 36-060."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )  # fmt: skip
    return fields


def clean(form: forms.Form, name: str, spec: dict, cleaned: dict, register: Register | None) -> None:
    """Add the address errors to ``form``, each next to its part (the street next to the street)."""

    def key(part: str) -> str:
        return f"{name}__{part}"

    if not any(cleaned.get(key(part)) for part in PARTS):
        return  # empty: the "required" errors, if any, are already there
    for part in PARTS:
        if part not in OPTIONAL_PARTS and not cleaned.get(key(part)) and key(part) not in form.errors:
            form.add_error(key(part), form.required_message)  # a part-filled address must be whole
    postal = cleaned.get(key("postal_code"))
    if postal:
        try:
            validate_postal_code(postal)
        except ValidationError as error:
            form.add_error(key("postal_code"), error)
    if register is None or not uses_register(spec):
        return
    simc, chosen = cleaned.get(key("locality")), cleaned.get(key("street"))
    locality = register.localities.get(simc or "")
    if locality is None:
        return
    if chosen:
        street_locality, street = register.streets[chosen]  # a valid choice, so it is there
        if street_locality.simc != simc:
            if register.has_streets(simc):
                message = _("Ulica „%(street)s” nie leży w miejscowości %(locality)s, tylko w %(other)s. "
                            "Wybierz ulicę z grupy „%(locality)s”.")  # fmt: skip
            else:
                message = _("Ulica „%(street)s” nie leży w miejscowości %(locality)s, tylko w %(other)s. "
                            "%(locality)s nie ma ulic: wybierz „bez ulicy” i podaj tylko numer domu.")  # fmt: skip
            form.add_error(key("street"), message % {"street": street.full_name, "locality": locality.name,
                                                     "other": street_locality.name})  # fmt: skip
    elif register.has_streets(simc):
        form.add_error(key("street"), _("Wybierz ulicę w miejscowości %(locality)s.") % {"locality": locality.name})


def answer(cleaned: dict, name: str, spec: dict, register: Register | None) -> dict:
    """The stored form of an address (see the module docstring); parts that did not validate are empty."""
    values = {part: (cleaned.get(f"{name}__{part}") or "").strip() for part in PARTS}
    result = {**values, "locality_simc": "", "street_ulic": ""}
    if register is not None and uses_register(spec):
        locality = register.localities.get(values["locality"])
        street = register.streets.get(values["street"])
        result["locality"] = locality.name if locality else ""
        result["locality_simc"] = locality.simc if locality else ""
        result["street"] = street[1].full_name if street else ""
        result["street_ulic"] = street[1].ulic if street else ""
    return result


def data(value: dict, spec: dict, register: Register | None) -> dict[str, str]:
    """Form data (by part) that reproduces a stored address; an answer without codes is matched by name."""
    value = value or {}
    result = {part: value.get(part, "") or "" for part in PARTS}
    if register is None or not uses_register(spec):
        return result
    locality = register.localities.get(value.get("locality_simc", "")) or register.match_locality(value.get("locality"))
    result["locality"] = locality.simc if locality else ""
    street = None
    if locality is not None:
        pair = register.streets.get(f"{locality.simc}-{value.get('street_ulic', '')}")
        street = pair[1] if pair else register.match_street(locality, value.get("street", ""))
    result["street"] = street_key(locality, street) if street else ""
    return result


def from_profile(user, spec: dict, register: Register | None) -> dict[str, str]:
    """The profile's address (by part) as far as it matches the register: nothing from outside the gmina."""
    house, flat = user.house_number or "", ""
    for separator in _FLAT_SEPARATORS:
        if separator in house:
            house, flat = (piece.strip() for piece in house.split(separator, 1))
            break
    typed = {"locality": user.locality, "street": user.street, "house_number": house, "flat_number": flat,
             "postal_code": user.postal_code}  # fmt: skip
    if register is None or not uses_register(spec):
        return typed
    locality = register.match_locality(user.locality)
    if locality is None:
        return {}
    street = register.match_street(locality, user.street)
    if user.street and street is None:
        return {"locality": locality.simc}  # the street is not in the register: let the resident choose
    return {**typed, "locality": locality.simc, "street": street_key(locality, street) if street else ""}


def display(value: dict) -> str:
    """``ul. Rzeszowska 12/3, 36-060 Głogów Małopolski``; ``Styków 210, 36-060 Styków`` without a street."""
    number = value.get("house_number", "")
    if value.get("flat_number"):
        number = f"{number}/{value['flat_number']}"
    place = value.get("street") or value.get("locality", "")
    return f"{place} {number}, {value.get('postal_code', '')} {value.get('locality', '')}".strip()

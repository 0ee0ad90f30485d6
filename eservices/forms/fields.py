"""From a form definition (the StreamField's raw data) to steps and Django forms, and back to answers.

Everything works on the *raw* definition (a list of ``{"type", "value"}`` dicts), the same data the
submission snapshot keeps, so a stored submission can always be shown with the definition it was
made with.

Conditions: a field whose ``show_if_field`` is in an earlier step is left out of its step when the
condition is false. When the controlling field is in the same step, the page works without
JavaScript: the field is shown with a hint ("fill in only if …"), is required only when the condition
holds in the submitted data, and its value is dropped when it does not. Hidden fields are never stored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import address, validators

LAYOUT_TYPES = {"heading", "step_break"}
YES, NO = "tak", "nie"
ADDRESS_PARTS = address.PARTS


@dataclass
class Step:
    number: int
    title: str
    items: list[dict] = field(default_factory=list)  # {"type": ..., "value": {...}}

    @property
    def field_items(self) -> list[dict]:
        return [item for item in self.items if item["type"] not in LAYOUT_TYPES]


def definition_of(application_form) -> dict:
    """A deep, JSON-only copy of the form: what ``Submission.form_snapshot`` keeps."""
    return json.loads(
        json.dumps(
            {
                "title": application_form.title,
                "first_step_title": application_form.first_step_title,
                "declaration": application_form.declaration,
                "fields": list(application_form.fields.get_prep_value()),
            },
            default=str,
        )
    )


def _choices(value: dict) -> list[str]:
    # ListBlock stores items as {"type": "item", "value": ...} (Wagtail ≥ 2.16) or plain strings.
    return [item["value"] if isinstance(item, dict) else item for item in value.get("choices") or []]


def steps_of(definition: dict) -> list[Step]:
    steps = [Step(1, definition.get("first_step_title") or _("Twoje dane"))]
    for item in definition["fields"]:
        if item["type"] == "step_break":
            steps.append(Step(len(steps) + 1, item["value"].get("title") or ""))
        else:
            steps[-1].items.append(item)
    return [step for step in steps if step.items] or steps[:1]


def _step_of_names(steps: list[Step]) -> dict[str, int]:
    return {item["value"]["name"]: step.number for step in steps for item in step.field_items}


def condition_holds(spec: dict, values: dict) -> bool:
    controller = spec.get("show_if_field")
    if not controller:
        return True
    expected = (spec.get("show_if_value") or "").strip().casefold()
    actual = values.get(controller)
    if isinstance(actual, list):
        return expected in [str(v).casefold() for v in actual]
    if isinstance(actual, bool):
        actual = YES if actual else NO
    return actual is not None and str(actual).strip().casefold() == expected


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to ``max_files`` files in one ``<input type="file" multiple>``; cleans to a list of uploads.

    The count is checked here; the type (by content) and size of each file in ``StepForm``.
    """

    widget = MultipleFileInput

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            super().clean(None, initial)  # "required", unless a draft already has the files
            return []
        if len(uploads) > self.max_files:
            raise ValidationError(
                _("Za dużo plików: wybrano %(count)s, a można dołączyć najwyżej %(max)s.")
                % {"count": len(uploads), "max": self.max_files},
                code="file_count",
            )
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


def max_files_of(spec: dict) -> int:
    return max(int(spec.get("max_files") or 1), 1)


def _file_field(spec: dict, common: dict, *, has_file: bool) -> forms.FileField:
    common["required"] = common["required"] and not has_file
    allowed = spec.get("allowed_types") or ["pdf"]
    attrs = {"accept": ",".join(f".{kind}" for kind in allowed)}
    max_files = max_files_of(spec)
    if max_files == 1:
        return forms.FileField(widget=forms.ClearableFileInput(attrs=attrs), **common)
    common["help_text"] = " ".join(filter(None, [
        common["help_text"], _("Możesz dołączyć do %(max)s plików naraz; nowe pliki zastępują dołączone wcześniej.")
        % {"max": max_files}]))  # fmt: skip
    return MultipleFileField(max_files=max_files, widget=MultipleFileInput(attrs=attrs), **common)


def _make_field(kind: str, spec: dict, *, has_file: bool) -> forms.Field:
    common = {"label": spec["label"], "help_text": spec.get("help_text") or "", "required": spec.get("required", True)}
    if kind == "text":
        return forms.CharField(max_length=spec.get("max_length") or 200, **common)
    if kind == "long_text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, **common)
    if kind == "email":
        return forms.EmailField(error_messages={"invalid": _("Wpisz adres e-mail, np. jan@example.pl.")}, **common)
    if kind == "phone":
        return forms.RegexField(
            regex=r"^\+?[\d\s-]{9,15}$",
            error_messages={"invalid": _("Wpisz numer telefonu, np. 600 100 200.")},
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **common,
        )
    if kind == "number":
        low, high = spec.get("min_value"), spec.get("max_value")
        return forms.DecimalField(
            min_value=Decimal(str(low)) if low not in (None, "") else None,
            max_value=Decimal(str(high)) if high not in (None, "") else None,
            error_messages={"invalid": _("Wpisz liczbę.")},
            **common,
        )
    if kind == "date":
        return forms.DateField(
            error_messages={"invalid": _("Wpisz datę w formacie DD.MM.RRRR, np. 15.03.2024.")},
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **common,
        )
    if kind == "choice":
        options = [(c, c) for c in _choices(spec)]
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == "multiple_choice":
        options = [(c, c) for c in _choices(spec)]
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
    if kind == "yes_no":
        return forms.ChoiceField(choices=[(YES, _("tak")), (NO, _("nie"))], widget=forms.RadioSelect, **common)
    if kind == "file":
        return _file_field(spec, common, has_file=has_file)
    if kind in ("pesel", "nip", "regon", "nrb"):
        attrs = {"inputmode": "numeric"}
        if kind == "pesel":
            attrs["autocomplete"] = "off"
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs=attrs), **common)
    if kind == "consent":
        return forms.BooleanField(**common)
    raise ValueError(kind)


_ID_VALIDATORS = {
    "pesel": validators.validate_pesel,
    "nip": validators.validate_nip,
    "regon": validators.validate_regon,
    "nrb": validators.validate_nrb,
}


class StepForm(forms.Form):
    """One step of an application; built by ``step_form``."""

    required_message = _("To pole jest obowiązkowe.")

    def __init__(self, *args, step: Step, known: dict, draft_files: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.entries: list[dict] = []  # what the template renders, in order
        self.visible: list[dict] = []
        self.same_step_conditions: dict[str, dict] = {}
        self.register = _register_for(step.field_items)
        own_names = {item["value"]["name"] for item in step.field_items}
        for item in step.items:
            kind, spec = item["type"], item["value"]
            if kind == "heading":
                self.entries.append({"kind": "heading", "heading": spec["heading"], "text": spec.get("text", "")})
                continue
            name = spec["name"]
            controller = spec.get("show_if_field")
            if controller and controller not in own_names and not condition_holds(spec, known):
                continue  # hidden by an answer given in an earlier step
            conditional_here = bool(controller and controller in own_names)
            if kind == "address":
                required = spec.get("required", True) and not conditional_here
                names = []
                for part, form_field in address.build_fields(spec, register=self.register, required=required).items():
                    self.fields[f"{name}__{part}"] = form_field
                    names.append(f"{name}__{part}")
                self.entries.append({"kind": "address", "name": name, "label": spec["label"], "names": names,
                                     "help_text": spec.get("help_text", "")})  # fmt: skip
            else:
                form_field = _make_field(kind, spec, has_file=name in draft_files)
                if conditional_here:
                    form_field.required = False
                    form_field.help_text = " ".join(
                        filter(None, [
                            form_field.help_text,
                            _("Wypełnij tylko, jeśli w polu „%(field)s” wybierzesz „%(value)s”.")
                            % {"field": self._label_of(step, controller), "value": spec.get("show_if_value", "")},
                        ])
                    )  # fmt: skip
                self.fields[name] = form_field
                self.entries.append({"kind": "field", "name": name, "type": kind})
            if conditional_here:
                self.same_step_conditions[name] = item
            self.visible.append(item)

    @staticmethod
    def _label_of(step: Step, name: str) -> str:
        for item in step.field_items:
            if item["value"]["name"] == name:
                return item["value"]["label"]
        return name

    def _clean_item(self, kind: str, spec: dict, cleaned: dict) -> None:
        name = spec["name"]
        value = cleaned.get(name)
        if kind in _ID_VALIDATORS and value:
            try:
                cleaned[name] = _ID_VALIDATORS[kind](value)
            except ValidationError as error:
                self.add_error(name, error)
        elif kind == "file" and value:
            uploads = value if isinstance(value, list) else [value]
            problems = []
            for upload in uploads:
                try:
                    validators.validate_upload(upload, allowed=spec.get("allowed_types") or ["pdf"],
                                               max_mb=spec.get("max_size_mb") or 5)  # fmt: skip
                except ValidationError as error:
                    problems += [f"„{upload.name}”: {m}" if len(uploads) > 1 else m for m in error.messages]
            if problems:
                self.add_error(name, problems)  # the whole set is refused: nothing half-attached
        elif kind == "date" and value:
            today = timezone.localdate()
            if not spec.get("allow_past", True) and value < today:
                self.add_error(name, _("Podaj dzisiejszą lub przyszłą datę."))
            elif not spec.get("allow_future", True) and value > today:
                self.add_error(name, _("Data nie może być z przyszłości."))
            elif not dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31):
                self.add_error(name, _("Podaj datę między 1900 a 2100 rokiem."))
        elif kind == "address":
            address.clean(self, name, spec, cleaned, self.register)

    def clean(self):
        cleaned = super().clean()
        for item in self.visible:
            kind, spec = item["type"], item["value"]
            name = spec["name"]
            if name in self.same_step_conditions and not condition_holds(spec, cleaned):
                for key in self._keys_of(kind, name):
                    self.errors.pop(key, None)
                    cleaned.pop(key, None)
                continue
            if name in self.same_step_conditions and spec.get("required", True):
                keys = [k for k in self._keys_of(kind, name)
                        if not k.endswith(tuple(f"__{part}" for part in address.OPTIONAL_PARTS))]  # fmt: skip
                for key in keys:
                    if (
                        key not in self.errors
                        and _is_empty(cleaned.get(key))
                        and not (kind == "file" and self.fields[key].required is False and self._has_file(key))
                    ):
                        self.add_error(key, self.required_message)
            self._clean_item(kind, spec, cleaned)
        return cleaned

    def _has_file(self, name: str) -> bool:
        return bool(self.initial.get(f"__file__{name}"))

    @staticmethod
    def _keys_of(kind: str, name: str) -> list[str]:
        return [f"{name}__{part}" for part in ADDRESS_PARTS] if kind == "address" else [name]

    def shown_names(self) -> list[str]:
        """Names of the fields whose answers are kept (condition true or no condition)."""
        names = []
        for item in self.visible:
            spec = item["value"]
            if spec["name"] in self.same_step_conditions and not condition_holds(spec, self.cleaned_data):
                continue
            names.append(spec["name"])
        return names

    def answers(self) -> dict:
        """The step's answers as JSON values (files are handled by the caller)."""
        result = {}
        kinds = {item["value"]["name"]: item["type"] for item in self.visible}
        specs = {item["value"]["name"]: item["value"] for item in self.visible}
        for name in self.shown_names():
            kind = kinds[name]
            if kind == "file":
                continue
            if kind == "address":
                result[name] = address.answer(self.cleaned_data, name, specs[name], self.register)
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            result[name] = value
        return result

    def answers_so_far(self) -> dict:
        """The answers that did validate, kept in the draft when the rest of the step did not."""
        return {
            k: v for k, v in self.answers().items()
            if v not in (None, "", []) and not (isinstance(v, dict) and not any(v.values()))
        }  # fmt: skip

    def uploads(self) -> dict:
        """The files chosen in this step for the shown file fields, to be stored by the caller.

        A field with ``max_files`` 1 gives one ``UploadedFile`` (kept in the draft as one file meta
        dict, as before); a field taking more gives a list (kept as a list of metas, replacing the
        earlier set). Fields left empty are absent, so the files already in the draft stay.
        """
        kinds = {item["value"]["name"]: item["type"] for item in self.visible}
        return {
            name: self.cleaned_data[name]
            for name in self.shown_names()
            if kinds[name] == "file" and self.cleaned_data.get(name)
        }


def step_form(step: Step, *, known: dict, draft_files: dict, data=None, files=None, initial=None) -> StepForm:
    initial = dict(initial or {})
    for name in draft_files:
        initial[f"__file__{name}"] = True
    return StepForm(data, files, step=step, known=known, draft_files=draft_files, initial=initial)


def _register_for(items: list[dict]) -> address.Register | None:
    """The gmina's register, loaded only when an address of these items uses it."""
    if any(item["type"] == "address" and address.uses_register(item["value"]) for item in items):
        return address.Register.load()
    return None


def data_from_answers(step: Step, answers: dict) -> dict:
    """Form data that reproduces stored answers (to show a step again or re-check it before submitting)."""
    data = {}
    register = _register_for(step.field_items)
    for item in step.field_items:
        kind, name = item["type"], item["value"]["name"]
        if name not in answers:
            continue
        value = answers[name]
        if kind == "address":
            for part, part_value in address.data(value, item["value"], register).items():
                data[f"{name}__{part}"] = part_value
        elif kind == "consent":
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def _is_empty(value) -> bool:
    """A missing answer: ``0`` and ``Decimal("0")`` are answers (``0 == False`` in Python)."""
    return value is None or value is False or (isinstance(value, str | list) and not value)


# E-mail, phone and PESEL are prefilled only into the fields about the applicant: a form may also ask
# for a child's or a spouse's PESEL (``dziecko-pesel``), which must not get the parent's number.
APPLICANT_FIELD_NAMES = {"email": {"email", "e-mail"}, "phone": {"telefon", "phone"}, "pesel": {"pesel"}}


def _about_applicant(kind: str, name: str) -> bool:
    return name in APPLICANT_FIELD_NAMES[kind] or name.endswith("-wnioskodawcy")


def initial_from_profile(step: Step, user) -> dict:
    """Name, e-mail, phone, PESEL and address from the resident's profile."""
    initial = {}
    register = _register_for(step.field_items)
    for item in step.field_items:
        kind, spec = item["type"], item["value"]
        name = spec["name"]
        if kind in APPLICANT_FIELD_NAMES and not _about_applicant(kind, name):
            continue
        if kind == "email":
            initial[name] = user.email
        elif kind == "phone":
            initial[name] = user.phone
        elif kind == "pesel":
            initial[name] = user.pesel
        elif kind == "address":
            for part, value in address.from_profile(user, spec, register).items():
                initial[f"{name}__{part}"] = value
        elif kind == "text" and spec.get("prefill"):
            initial[name] = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "full_name": user.get_full_name(),
            }.get(spec["prefill"], "")
    return initial


FILE_INDEX_SEPARATOR = "."  # not allowed in a field name (``validate_slug``), so ``name.2`` cannot clash


def file_entries(files: dict | None) -> list[tuple[str, dict]]:
    """Every stored file as ``(key, meta)``: the field name for a one-file field, ``name.1``, ``name.2``...
    for a field that takes several (its value in ``files`` is then a list of metas)."""
    entries = []
    for name, meta in (files or {}).items():
        if isinstance(meta, list):
            entries += [(f"{name}{FILE_INDEX_SEPARATOR}{i}", one) for i, one in enumerate(meta, start=1)]
        elif meta:
            entries.append((name, meta))
    return entries


def file_meta(files: dict | None, key: str) -> dict | None:
    """The meta of the file ``key`` names (as in ``file_entries``), or ``None``."""
    return dict(file_entries(files)).get(key)


def display_answer(kind: str, value, files: dict | None = None, name: str = "") -> str:
    """An answer as the summary and the clerk see it."""
    if kind == "file":
        meta = (files or {}).get(name)
        metas = meta if isinstance(meta, list) else [meta] if meta else []
        return ", ".join(one["name"] for one in metas) or "—"
    if value in (None, "", []):
        return "—"
    if kind == "address":
        return address.display(value)
    if kind == "consent":
        return _("tak") if value else _("nie")
    if kind == "date":
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def preview_form(kind: str, spec: dict) -> StepForm:
    """The form a resident sees for one field block alone (block previews in the admin), unconditionally."""
    spec = {**spec, "show_if_field": ""}
    return step_form(Step(1, "", [{"type": kind, "value": spec}]), known={}, draft_files={})

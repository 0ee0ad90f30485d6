"""The Polish grading scale (rozporządzenie MEN o ocenianiu, §… skala 1–6) and its numeric values.

Current grades may carry ``+`` or ``-``; ``1-`` and ``6+`` do not exist. Non-numeric marks (``np``
nieprzygotowany, ``bz`` brak zadania, ``+`` and ``-`` for activity) are kept but never averaged.
Term and year grades are whole numbers with names (celujący … niedostateczny).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

NON_NUMERIC = ("np", "bz", "+", "-")
NUMERIC = ("1", "1+", "2-", "2", "2+", "3-", "3", "3+", "4-", "4", "4+", "5-", "5", "5+", "6-", "6")
ALL_MARKS = NUMERIC + NON_NUMERIC

TERM_GRADE_CHOICES = [
    (6, _("celujący")),
    (5, _("bardzo dobry")),
    (4, _("dobry")),
    (3, _("dostateczny")),
    (2, _("dopuszczający")),
    (1, _("niedostateczny")),
]

BEHAVIOUR_CHOICES = [
    ("wzorowe", _("wzorowe")),
    ("bardzo_dobre", _("bardzo dobre")),
    ("dobre", _("dobre")),
    ("poprawne", _("poprawne")),
    ("nieodpowiednie", _("nieodpowiednie")),
    ("naganne", _("naganne")),
]


def normalize_mark(raw: str) -> str:
    """Typed marks as stored: trimmed, lower case, the typographic minus and dash as ``-``."""
    return (raw or "").strip().lower().replace("−", "-").replace("–", "-")


def is_valid_mark(mark: str) -> bool:
    return mark in ALL_MARKS


def mark_value(mark: str, *, plus_minus: Decimal) -> Decimal | None:
    """The number a mark counts as in an average, or ``None`` for marks that are not averaged."""
    if mark not in NUMERIC:
        return None
    base = Decimal(mark[0])
    if mark.endswith("+"):
        return base + plus_minus
    if mark.endswith("-"):
        return base - plus_minus
    return base


def weighted_average(marks: list[tuple[str, Decimal]], *, plus_minus: Decimal) -> Decimal | None:
    """Σ value·weight / Σ weight over numeric marks, to two places (as Librus and Wulkanowy show it)."""
    total = weight_sum = Decimal("0")
    for mark, weight in marks:
        value = mark_value(mark, plus_minus=plus_minus)
        if value is None:
            continue
        total += value * weight
        weight_sum += weight
    if not weight_sum:
        return None
    return (total / weight_sum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

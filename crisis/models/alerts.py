"""Alerts in the shape of OASIS CAP 1.2, their areas, text templates and the four-eyes decisions.

CAP's own ``status`` (Actual, Exercise, Test…) says what kind of message it is; our ``state`` says
where it is in the office's workflow (draft → submitted → approved → broadcasting → sent, or
rejected). The two are independent: an approved Exercise alert is broadcast like an Actual one, but
may be approved by its own author (``Alert.needs_second_person``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """CAP 1.2 ``category``; ``bit`` is the subscription mask bit (see ``Subscription.categories_mask``)."""

    GEO = "Geo", _("geofizyczne (np. osuwisko)")
    MET = "Met", _("meteorologiczne (burza, upał, mróz)")
    SAFETY = "Safety", _("bezpieczeństwo publiczne")
    SECURITY = "Security", _("bezpieczeństwo państwa i porządek")
    RESCUE = "Rescue", _("ratownictwo")
    FIRE = "Fire", _("pożar")
    HEALTH = "Health", _("zdrowie (np. skażenie wody)")
    ENV = "Env", _("środowisko (np. zanieczyszczenie powietrza)")
    TRANSPORT = "Transport", _("transport (utrudnienia, zamknięcia dróg)")
    INFRA = "Infra", _("infrastruktura (prąd, woda, gaz)")
    CBRNE = "CBRNE", _("zagrożenia chemiczne i radiacyjne")
    OTHER = "Other", _("inne")

    @classmethod
    def bit(cls, value: str) -> int:
        return 1 << list(cls.values).index(value)

    @classmethod
    def mask(cls, values) -> int:
        mask = 0
        for value in values:
            mask |= cls.bit(value)
        return mask

    @classmethod
    def from_mask(cls, mask: int) -> list[str]:
        return [value for i, value in enumerate(cls.values) if mask & (1 << i)]


ALL_CATEGORIES_MASK = (1 << len(Category.values)) - 1


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("natychmiastowa")
    EXPECTED = "Expected", _("oczekiwana (w ciągu godziny)")
    FUTURE = "Future", _("w przyszłości")
    PAST = "Past", _("przeszła")
    UNKNOWN = "Unknown", _("nieznana")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("ekstremalne")
    SEVERE = "Severe", _("poważne")
    MODERATE = "Moderate", _("umiarkowane")
    MINOR = "Minor", _("niewielkie")
    UNKNOWN = "Unknown", _("nieznane")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("zaobserwowane")
    LIKELY = "Likely", _("prawdopodobne")
    POSSIBLE = "Possible", _("możliwe")
    UNLIKELY = "Unlikely", _("mało prawdopodobne")
    UNKNOWN = "Unknown", _("nieznane")


class Level(models.TextChoices):
    """The three levels of Poland's Regionalny System Ostrzegania (RSO)."""

    NOTIFICATION = "powiadomienie", _("powiadomienie")
    WARNING = "ostrzezenie", _("ostrzeżenie")
    ALARM = "alarm", _("alarm")


_polygon_validator = RegexValidator(
    r"^\s*(-?\d+(\.\d+)?,-?\d+(\.\d+)?\s+){3,}-?\d+(\.\d+)?,-?\d+(\.\d+)?\s*$",
    _("Wielokąt w formacie CAP: co najmniej 4 pary „szerokość,długość” oddzielone spacjami."),
)


def default_sms_max_parts() -> int:
    """The office's limit of SMS parts for a new alert (setting ``RATUSZ_CRISIS_SMS_MAX_PARTS``, default 2:
    306 characters without Polish letters, the length Alert RCB keeps to)."""
    return int(getattr(settings, "RATUSZ_CRISIS_SMS_MAX_PARTS", 2))


class AlertArea(models.Model):
    """A part of the gmina an alert can target: a sołectwo, a town district (osiedle) or the whole gmina.

    Its localities give the TERYT SIMC geocodes of the CAP ``area``; its streets are those of the
    localities (``cms.units.selectors``). A subscriber chooses areas, an alert targets areas, and a
    subscriber of ``whole_gmina`` areas hears every alert.
    """

    class Kind(models.TextChoices):
        GMINA = "gmina", _("cała gmina")
        SOLECTWO = "solectwo", _("sołectwo")
        OSIEDLE = "osiedle", _("osiedle (dzielnica miasta)")

    name = models.CharField(_("nazwa"), max_length=120, unique=True)
    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True)
    kind = models.CharField(_("rodzaj"), max_length=10, choices=Kind.choices, default=Kind.SOLECTWO)
    localities = models.ManyToManyField(
        "units.Locality", verbose_name=_("miejscowości"), blank=True, related_name="alert_areas"
    )
    polygon = models.TextField(
        _("wielokąt (CAP)"),
        blank=True,
        validators=[_polygon_validator],
        help_text=_("Opcjonalnie: punkty „szerokość,długość” oddzielone spacjami; pierwszy równy ostatniemu."),
    )
    sort_order = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    class Meta:
        verbose_name = _("obszar ostrzegania")
        verbose_name_plural = _("obszary ostrzegania")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class AlertTemplate(models.Model):
    """Text prefilled into a new alert for a type of event. Placeholders: ``{obszar}``, ``{do}``."""

    name = models.CharField(_("nazwa"), max_length=120, unique=True)
    event = models.CharField(_("zdarzenie"), max_length=120)
    category = models.CharField(_("kategoria"), max_length=10, choices=Category.choices)
    level = models.CharField(_("stopień RSO"), max_length=15, choices=Level.choices, default=Level.WARNING)
    urgency = models.CharField(_("pilność"), max_length=10, choices=Urgency.choices, default=Urgency.EXPECTED)
    severity = models.CharField(_("dotkliwość"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    certainty = models.CharField(_("pewność"), max_length=10, choices=Certainty.choices, default=Certainty.LIKELY)
    headline = models.CharField(_("nagłówek"), max_length=160)
    description = models.TextField(_("opis"))
    instruction = models.TextField(_("zalecenia"), blank=True)
    sms_text = models.TextField(_("treść SMS"), blank=True)

    class Meta:
        verbose_name = _("szablon ostrzeżenia")
        verbose_name_plural = _("szablony ostrzeżeń")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """One CAP 1.2 ``alert`` with a single ``info`` block (Polish) and its areas."""

    class Status(models.TextChoices):  # CAP status
        ACTUAL = "Actual", _("rzeczywiste")
        EXERCISE = "Exercise", _("ćwiczenia")
        TEST = "Test", _("test")
        DRAFT = "Draft", _("szkic (nie do rozsyłania)")

    class MsgType(models.TextChoices):
        ALERT = "Alert", _("ostrzeżenie")
        UPDATE = "Update", _("aktualizacja")
        CANCEL = "Cancel", _("odwołanie")

    class Scope(models.TextChoices):
        PUBLIC = "Public", _("publiczne")
        RESTRICTED = "Restricted", _("ograniczone")
        PRIVATE = "Private", _("prywatne")

    class State(models.TextChoices):  # the office's workflow
        DRAFT = "draft", _("szkic")
        SUBMITTED = "submitted", _("czeka na zatwierdzenie")
        APPROVED = "approved", _("zatwierdzone, zaplanowane")
        BROADCASTING = "broadcasting", _("w trakcie rozsyłania")
        SENT = "sent", _("rozesłane")
        REJECTED = "rejected", _("odrzucone")

    identifier = models.CharField(_("identyfikator CAP"), max_length=120, unique=True)
    sender = models.CharField(_("nadawca"), max_length=120)
    sent = models.DateTimeField(_("wysłano (CAP sent)"), null=True, blank=True)
    status = models.CharField(_("status CAP"), max_length=10, choices=Status.choices, default=Status.ACTUAL)
    msg_type = models.CharField(_("typ komunikatu"), max_length=10, choices=MsgType.choices, default=MsgType.ALERT)
    references = models.ForeignKey(
        "self",
        verbose_name=_("dotyczy ostrzeżenia"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        help_text=_("Dla aktualizacji i odwołania: wcześniejsze ostrzeżenie."),
    )
    scope = models.CharField(_("zasięg"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    category = models.CharField(_("kategoria"), max_length=10, choices=Category.choices)
    event = models.CharField(_("zdarzenie"), max_length=120)
    level = models.CharField(_("stopień RSO"), max_length=15, choices=Level.choices, default=Level.WARNING)
    urgency = models.CharField(_("pilność"), max_length=10, choices=Urgency.choices, default=Urgency.EXPECTED)
    severity = models.CharField(_("dotkliwość"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    certainty = models.CharField(_("pewność"), max_length=10, choices=Certainty.choices, default=Certainty.LIKELY)
    effective = models.DateTimeField(_("obowiązuje od"), default=timezone.now)
    expires = models.DateTimeField(_("obowiązuje do"))
    headline = models.CharField(_("nagłówek"), max_length=160)
    description = models.TextField(_("opis zagrożenia"))
    instruction = models.TextField(_("zalecenia dla mieszkańców"), blank=True)
    web = models.URLField(_("więcej informacji (adres)"), blank=True)
    areas = models.ManyToManyField(AlertArea, verbose_name=_("obszary"), related_name="alerts")
    polygon = models.TextField(_("wielokąt (CAP)"), blank=True, validators=[_polygon_validator])
    template = models.ForeignKey(
        AlertTemplate, verbose_name=_("szablon"), null=True, blank=True, on_delete=models.SET_NULL
    )

    # Channels and timing
    send_sms = models.BooleanField(_("SMS"), default=True)
    send_email = models.BooleanField(_("e-mail"), default=True)
    show_banner = models.BooleanField(_("baner na stronie"), default=True)
    sms_text = models.TextField(_("treść SMS"), blank=True)
    sms_transliterate = models.BooleanField(
        _("SMS bez polskich znaków"), default=True, help_text=_("ą→a, ł→l…: jedna wiadomość mieści 160 znaków, nie 70.")
    )
    sms_max_parts = models.PositiveSmallIntegerField(_("najwięcej części SMS"), default=default_sms_max_parts)
    send_at = models.DateTimeField(
        _("wyślij o"), null=True, blank=True, help_text=_("Puste: od razu po zatwierdzeniu.")
    )

    # Workflow (four eyes)
    state = models.CharField(_("stan"), max_length=15, choices=State.choices, default=State.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("autor"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    submitted_at = models.DateTimeField(_("przekazano do zatwierdzenia"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdził(a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("zatwierdzono"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        _("odwołano"), null=True, blank=True, help_text=_("Ustawiane, gdy rozesłano komunikat odwołujący.")
    )

    class Meta:
        verbose_name = _("ostrzeżenie")
        verbose_name_plural = _("ostrzeżenia")
        ordering = ["-effective", "-pk"]
        permissions = [("approve_alert", _("Może zatwierdzać ostrzeżenia"))]
        indexes = [models.Index(fields=["state", "expires"], name="crisis_alert_state_expires")]

    def __str__(self) -> str:
        return self.headline

    @property
    def needs_second_person(self) -> bool:
        """Four eyes for real alerts; a Test or Exercise may be sent by one person (issue 7)."""
        return self.status == self.Status.ACTUAL

    def is_in_effect(self, now=None) -> bool:
        """On the website banner: approved and published, effective now, not expired nor cancelled."""
        now = now or timezone.now()
        return (
            self.state in (self.State.BROADCASTING, self.State.SENT)
            and self.msg_type != self.MsgType.CANCEL
            and self.cancelled_at is None
            and self.effective <= now < self.expires
        )


class AlertDecision(models.Model):
    """Append-only history of an alert: who composed, submitted, approved, rejected or cancelled it."""

    class Action(models.TextChoices):
        CREATED = "created", _("utworzono")
        EDITED = "edited", _("zmieniono")
        SUBMITTED = "submitted", _("przekazano do zatwierdzenia")
        APPROVED = "approved", _("zatwierdzono")
        REJECTED = "rejected", _("odrzucono")
        CANCELLED = "cancelled", _("odwołano")
        BROADCAST_STARTED = "broadcast_started", _("rozpoczęto rozsyłanie")
        BROADCAST_FINISHED = "broadcast_finished", _("zakończono rozsyłanie")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("czynność"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("kiedy"), default=timezone.now)
    comment = models.TextField(_("uzasadnienie"), blank=True)

    class Meta:
        verbose_name = _("decyzja w sprawie ostrzeżenia")
        verbose_name_plural = _("historia ostrzeżenia")
        ordering = ["at", "pk"]

"""The SMS text of an alert: GSM-7 or UCS-2, how many characters, how many parts.

A phone network carries an SMS in the GSM 03.38 7-bit alphabet (160 characters in one message,
153 per part of a longer one, the rest of the 140 bytes being the concatenation header) or, as soon
as one character is outside it, in UCS-2 (70 characters, 67 per part). None of the Polish
diacritics is in GSM-7 — "ą" alone turns a 150-character warning into three messages instead of one —
so alerts are transliterated by default (ą→a, ł→l …), as Alert RCB does. The characters of the
extension table (``€ [ ] { } ^ ~ | \\``) are sent as an escape and a character: they count twice,
and an escape pair is never split between two parts.

``sms_info(text, transliterate=…)`` is the single source of truth: the admin preview shows it and
the broadcast sends its ``text``. ``crisis/static/crisis/admin/sms-counter.js`` mirrors it for the
live counter; the server-rendered preview is what counts.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

#: GSM 03.38 basic character set (without the escape 0x1B, which only introduces the extension table)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: GSM 03.38 extension table: each is sent as ESC + character, so it takes two septets
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

#: single-part and per-part capacity (in septets for GSM-7, in UTF-16 code units for UCS-2)
CAPACITY = {GSM7: (160, 153), UCS2: (70, 67)}

TRANSLITERATION = str.maketrans(
    {
        "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
        "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
        # typography a word processor puts in: quotes, dashes, ellipsis, non-breaking spaces
        "„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "″": '"',
        "‚": "'", "‘": "'", "’": "'", "′": "'",
        "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-",
        "…": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
    }
)  # fmt: skip


@dataclass(frozen=True)
class SmsInfo:
    """The text as it will be sent and what it costs.

    ``chars`` are septets for GSM-7 (an extension character counts 2) and UTF-16 code units for UCS-2
    (an emoji counts 2); ``parts`` is 0 for an empty text. ``ucs2_chars`` lists the characters that
    forced UCS-2, for the preview's hint.
    """

    text: str
    encoding: str
    chars: int
    parts: int
    ucs2_chars: tuple[str, ...] = ()

    @property
    def single_limit(self) -> int:
        return CAPACITY[self.encoding][0]

    @property
    def part_limit(self) -> int:
        return CAPACITY[self.encoding][1]

    def fits(self, max_parts: int) -> bool:
        return self.parts <= max_parts

    def max_chars(self, parts: int) -> int:
        """How many characters ``parts`` messages hold in this encoding (for "x of y" in the preview)."""
        single, per_part = CAPACITY[self.encoding]
        return single if parts <= 1 else per_part * parts


def to_sms_text(text: str) -> str:
    """Polish letters without diacritics and typographic punctuation in ASCII; anything else is kept
    (a character outside GSM-7 that has no ASCII twin then makes the message UCS-2)."""
    return text.replace("\r\n", "\n").translate(TRANSLITERATION)


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _units(text: str, encoding: str) -> list[int]:
    """The width of each character in its encoding (septets or UTF-16 code units)."""
    if encoding == GSM7:
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def _count_parts(widths: list[int], encoding: str) -> int:
    """Parts of a concatenated message, never splitting an escape pair or a surrogate pair."""
    total = sum(widths)
    single, per_part = CAPACITY[encoding]
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for width in widths:
        if used + width > per_part:
            parts, used = parts + 1, 0
        used += width
    return parts


def sms_info(text: str, *, transliterate: bool) -> SmsInfo:
    """The final SMS text (stripped; transliterated when asked), its encoding, length and parts."""
    text = (to_sms_text(text) if transliterate else text.replace("\r\n", "\n")).strip()
    if is_gsm7(text):
        encoding, ucs2 = GSM7, ()
    else:
        encoding = UCS2
        ucs2 = tuple(dict.fromkeys(c for c in text if c not in GSM7_BASIC and c not in GSM7_EXTENSION))
    widths = _units(text, encoding)
    return SmsInfo(
        text=text, encoding=encoding, chars=sum(widths), parts=_count_parts(widths, encoding), ucs2_chars=ucs2
    )


def status_prefix(status: str) -> str:
    """A Test or Exercise alert says so first, in the subject and in the SMS: nobody must take an
    exercise for a real threat. ``status`` is the CAP status (``Alert.Status``)."""
    from django.utils.translation import gettext

    return {"Exercise": gettext("ĆWICZENIA") + ": ", "Test": gettext("TEST") + ": "}.get(status, "")


def compose_sms(text: str, *, status: str) -> str:
    """The SMS as residents receive it, before transliteration: the status prefix, the operator's text
    and the unsubscribe instruction (required in every SMS, issue 7) when the text lacks it.

    The compose preview, the validation of the number of parts and the broadcast all use this, so the
    operator sees and the limit checks exactly what is sent."""
    from crisis.services.subscriptions import sms_unsubscribe_hint

    text = text.strip()
    prefix = status_prefix(status)
    if prefix and not text.startswith(prefix):
        text = prefix + text
    hint = sms_unsubscribe_hint()
    if text and hint and hint not in text:
        text = f"{text} {hint}"
    return text

"""SMS text rules (issue 7): transliteration, GSM-7 / UCS-2, characters and parts, with worked examples."""

import pytest

from crisis.sms import GSM7, UCS2, sms_info, to_sms_text


def test_polish_letters_and_typography_are_transliterated():
    text = "„Zażółć gęślą jaźń” — ŁÓDŹ, ŚĆIEŻKA, Ńo…"
    assert to_sms_text(text) == '"Zazolc gesla jazn" - LODZ, SCIEZKA, No...'


def test_characters_without_ascii_twin_are_kept():
    assert to_sms_text("Woda 5 °C ☂") == "Woda 5 °C ☂"


def test_transliterated_alert_is_gsm7_and_fits_one_message():
    info = sms_info("Ostrzeżenie: burza z gradem w gminie do 22:00. Zabezpiecz balkony.", transliterate=True)
    assert info.text == "Ostrzezenie: burza z gradem w gminie do 22:00. Zabezpiecz balkony."
    assert (info.encoding, info.chars, info.parts) == (GSM7, 66, 1)


def test_untransliterated_diacritic_forces_ucs2():
    info = sms_info("Skażenie wody w Lipiu", transliterate=False)
    assert info.encoding == UCS2
    assert info.ucs2_chars == ("ż",)
    assert (info.chars, info.parts) == (21, 1)


@pytest.mark.parametrize(
    ("length", "parts"),
    [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_parts_at_the_boundaries(length, parts):
    info = sms_info("a" * length, transliterate=True)
    assert (info.encoding, info.chars, info.parts) == (GSM7, length, parts)


@pytest.mark.parametrize(("length", "parts"), [(70, 1), (71, 2), (134, 2), (135, 3)])
def test_ucs2_parts_at_the_boundaries(length, parts):
    info = sms_info("ą" * length, transliterate=False)
    assert (info.encoding, info.chars, info.parts) == (UCS2, length, parts)


def test_extension_characters_count_twice():
    info = sms_info("Mandat 100 € [strefa]", transliterate=True)
    assert info.encoding == GSM7
    assert info.chars == len("Mandat 100 € [strefa]") + 3  # €, [ and ] are ESC + character


def test_159_letters_and_one_euro_sign_need_two_parts():
    """160 characters on screen, 161 septets on air: one more than a single message holds."""
    info = sms_info("a" * 159 + "€", transliterate=True)
    assert (info.chars, info.parts) == (161, 2)


def test_an_escape_pair_is_not_split_between_parts():
    # 152 letters + "€" (2) = 154 > 153: the pair moves to the second part, which then has 2 + 151 = 153
    info = sms_info("a" * 152 + "€" + "a" * 151, transliterate=True)
    assert info.chars == 305
    assert info.parts == 2
    info = sms_info("a" * 152 + "€" + "a" * 152, transliterate=True)
    assert (info.chars, info.parts) == (306, 3)


def test_emoji_counts_two_code_units():
    info = sms_info("Uwaga 🌊", transliterate=True)
    assert (info.encoding, info.chars) == (UCS2, 8)


def test_text_is_stripped_and_line_endings_normalised():
    info = sms_info("  Linia 1\r\nLinia 2  \n", transliterate=True)
    assert info.text == "Linia 1\nLinia 2"


def test_max_chars_for_the_preview():
    info = sms_info("abc", transliterate=True)
    assert (info.max_chars(1), info.max_chars(2)) == (160, 306)
    assert sms_info("ą", transliterate=False).max_chars(2) == 134

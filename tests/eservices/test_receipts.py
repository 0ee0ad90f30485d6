"""PDF receipts (UPO) and letters of a case (issue 5): read back as a resident's PDF reader would."""

import hashlib
import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from eservices.cases.receipts import LetterData, ReceiptData, format_datetime_pl, render_letter, render_receipt

OFFICE = "Urząd Miejski w Głogowie Małopolskim"
ADDRESS = ["ul. Rynek 1", "36-060 Głogów Małopolski"]
ZGODA_SHA = hashlib.sha256(b"zgoda").hexdigest()
SKAN_SHA = hashlib.sha256(b"skan dowodu").hexdigest()


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


@pytest.fixture
def receipt():
    return ReceiptData(
        office_name=OFFICE,
        office_address=ADDRESS,
        service_title="Zgłoszenie zameldowania na pobyt stały",
        reference="UM.5340.1.2026",
        received_at=datetime(2026, 11, 29, 13, 5, tzinfo=UTC),
        applicant_name="Jan Kowalski",
        applicant_email="jan.kowalski@example.com",
        applicant_pesel="44051401359",
        answers=[
            ("## Dane wnioskodawcy", ""),
            ("Imię", "Jan"),
            ("Nazwisko", "Kowalski"),
            ("Uwagi", "Zażółć gęślą jaźń"),
            ("## Adres pobytu", ""),
            ("Ulica <i> & „cudzysłów”", "Długa 5 <script>"),
        ],
        attachments=[("zgoda.pdf", 12_345, ZGODA_SHA), ("skan dowodu.jpg", 2_400_000, SKAN_SHA)],
        verification_code="ABCD-EFGH-JKLM",
        verification_url="https://glogow-mlp.pl/weryfikacja/ABCD-EFGH-JKLM/",
    )


def test_the_receipt_states_the_case_the_applicant_the_answers_and_the_attachments(receipt):
    reader, text = _text(render_receipt(receipt))
    assert "Potwierdzenie złożenia wniosku" in text
    assert "UM.5340.1.2026" in text
    assert "Kowalski" in text
    assert "Zażółć gęślą jaźń" in text, "Polish letters must survive (embedded font)"
    assert "29 listopada 2026 r., 14:05" in text, "received at, in Europe/Warsaw"
    assert "Dane wnioskodawcy" in text and "Adres pobytu" in text
    assert "Ulica <i> & „cudzysłów”" in text and "Długa 5 <script>" in text, "markup is printed, not interpreted"
    assert ZGODA_SHA in text and SKAN_SHA in text
    assert "12,1 kB" in text and "2,3 MB" in text
    assert "ABCD-EFGH-JKLM" in text
    assert "https://glogow-mlp.pl/weryfikacja/ABCD-EFGH-JKLM/" in text
    assert reader.metadata.title == "Potwierdzenie złożenia wniosku UM.5340.1.2026"
    assert reader.metadata.author == OFFICE


def test_a_long_form_runs_over_several_pages_each_with_the_verification_code(receipt):
    answers = [(f"Pytanie {i}", f"Odpowiedź numer {i} — ąęłńóśźż") for i in range(200)]
    answers.append(("Uzasadnienie", "Bardzo długie uzasadnienie wniosku. " * 400))  # longer than a page
    reader, text = _text(render_receipt(replace(receipt, answers=answers)))
    assert len(reader.pages) >= 5
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert "ABCD-EFGH-JKLM" in page_text
        assert f"Strona {number} z {len(reader.pages)}" in page_text
    assert "Pytanie 0" in text and "Pytanie 199" in text
    assert "Odpowiedź numer 199 — ąęłńóśźż" in text


def test_a_form_without_answers_or_attachments_still_gives_a_receipt(receipt):
    _reader, text = _text(render_receipt(replace(receipt, answers=[], attachments=[], applicant_pesel="")))
    assert "UM.5340.1.2026" in text
    assert "PESEL" not in text


def test_the_receipt_time_is_warsaw_time_summer_and_winter():
    assert format_datetime_pl(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "1 lipca 2026 r., 12:00"
    assert format_datetime_pl(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1 stycznia 2027 r., 00:30"


def test_the_letter_has_its_title_body_addressee_and_signature():
    letter = LetterData(
        office_name=OFFICE,
        office_address=ADDRESS,
        place_and_date="Głogów Małopolski, 29 listopada 2026 r.",
        reference="UM.5340.1.2026",
        addressee=["Jan Kowalski", "ul. Długa 5", "36-060 Głogów Małopolski"],
        title="WEZWANIE DO UZUPEŁNIENIA BRAKÓW",
        body="Na podstawie art. 64 § 2 KPA wzywam do uzupełnienia braków.\n\nTermin: 7 dni od doręczenia.",
        signer_name="Anna Nowak",
        signer_title="Kierownik Referatu Spraw Obywatelskich",
    )
    reader, text = _text(render_letter(letter))
    assert len(reader.pages) == 1
    assert "WEZWANIE DO UZUPEŁNIENIA BRAKÓW" in text
    assert "Na podstawie art. 64 § 2 KPA wzywam do uzupełnienia braków." in text
    assert "Termin: 7 dni od doręczenia." in text
    assert "Głogów Małopolski, 29 listopada 2026 r." in text
    assert "Znak sprawy: UM.5340.1.2026" in text
    assert "ul. Długa 5" in text and "Anna Nowak" in text
    assert reader.metadata.author == OFFICE
    assert "WEZWANIE DO UZUPEŁNIENIA BRAKÓW" in reader.metadata.title

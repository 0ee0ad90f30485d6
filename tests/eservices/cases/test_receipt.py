"""The receipt (UPO): generated once per case on commit, stored, e-mailed once."""

import io

import pytest
from django.core import mail

from cms.messaging.models import OutboundMessage
from eservices.cases import services, tasks
from eservices.cases.models import CaseDocument


@pytest.fixture
def case_with_files(open_case):
    files = {
        "zgoda": {"path": "eforms/x/zgoda.pdf", "name": "zgoda.pdf", "size": 1234, "sha256": "c0ffee" * 10 + "abcd"}
    }
    return open_case(files=files, answers={"imie": "Zażółć"})


def test_receipt_is_queued_on_commit_and_idempotent(open_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case()
    tasks.generate_receipt.apply(args=[case.pk])  # a retried / duplicated task
    receipts = CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.RECEIPT)
    assert receipts.count() == 1
    assert OutboundMessage.objects.filter(key=f"case:{case.pk}:receipt").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == f"UPO-{case.reference}.pdf"


def test_no_receipt_when_the_opening_is_rolled_back(open_case, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            open_case()
            raise RuntimeError
    assert callbacks == [] and mail.outbox == [] and not CaseDocument.objects.exists()


def test_receipt_pdf_contains_reference_answers_and_hashes(case_with_files):
    pypdf = pytest.importorskip("pypdf")
    document = services.case_receipt_generate(case_id=case_with_files.pk)
    with document.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(handle.read())).pages)
    flat = text.replace("\n", "")
    assert case_with_files.reference in flat
    assert "Zażółć" in text
    assert "c0ffee" * 10 + "abcd" in flat
    assert case_with_files.verification_code in flat

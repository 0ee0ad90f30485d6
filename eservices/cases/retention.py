"""Retention: a closed case is anonymised once its service's retention period has passed.

``ServicePage.retention_years`` (5 by default; ``RATUSZ_CASES_RETENTION_YEARS`` for cases without a
service card) counts from ``closed_at``. :func:`anonymise_expired` (the ``cases.anonymise_expired``
beat task) takes expired cases in batches; each batch is one transaction that

1. locks the cases and skips any already anonymised (so the task is idempotent and safe to rerun),
2. folds their figures into the statistics (``stats.fold_cases``) — the report does not change,
3. deletes the stored files (application files, every document's file, the receipt) and renames the
   documents "usunięto" (the rows, their kind, size and SHA-256 stay in the timeline),
4. blanks the applicant snapshot, the link to the account, the answers and file list, the
   submission's answers and files, supplement requests' texts and the events' comments and data
   (``CaseEvent.objects.filter(...).redact()``),
5. sets ``anonymised_at`` and appends an ``anonymised`` event.

Reference, unit, service, title, status and dates are kept. Each run leaves a ``RetentionRun`` row
(count per service) shown under the statistics, and logs the same.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import stats
from .models import Case, CaseDocument, CaseEvent, SupplementRequest
from .models_stats import RetentionRun
from .workflow import FINAL_STATUSES

logger = logging.getLogger(__name__)

REMOVED_NAME = "usunięto"


def default_retention_years() -> int:
    return int(getattr(settings, "RATUSZ_CASES_RETENTION_YEARS", 5))


def expired_q(*, now: dt.datetime) -> Q:
    """Closed, not yet anonymised cases whose ``closed_at + retention_years`` is at or before ``now``."""
    from eservices.catalogue.models import ServicePage

    by_years: dict[int, list[int]] = {}
    for pk, years in ServicePage.objects.values_list("pk", "retention_years"):
        by_years.setdefault(int(years if years is not None else default_retention_years()), []).append(pk)
    condition = Q(service__isnull=True, closed_at__lte=now - relativedelta(years=default_retention_years()))
    for years, pks in by_years.items():
        condition |= Q(service_id__in=pks, closed_at__lte=now - relativedelta(years=years))
    return condition & Q(anonymised_at__isnull=True, closed_at__isnull=False, status__in=list(FINAL_STATUSES))


def _delete_file(storage, name: str) -> bool:
    if not name:
        return False
    try:
        if storage.exists(name):
            storage.delete(name)
            return True
    except OSError:
        logger.exception("retention: could not delete %s", name)
        raise
    return False


@transaction.atomic
def anonymise_batch(*, case_ids: list[int], now: dt.datetime) -> tuple[Counter, dict[int, str], int]:
    """Anonymise the given cases (see the module docstring). Returns (count per service, titles, files)."""
    from eservices.catalogue.models import ServicePage
    from eservices.forms.models import Submission

    cases = list(Case.objects.select_for_update().filter(pk__in=case_ids, anonymised_at__isnull=True).order_by("pk"))
    if not cases:
        return Counter(), {}, 0
    ids = [case.pk for case in cases]
    pages = ServicePage.objects.filter(pk__in={c.service_id for c in cases if c.service_id})
    titles, years = {}, {}
    for pk, title, retention_years in pages.values_list("pk", "title", "retention_years"):
        titles[pk], years[pk] = title, retention_years
    stats.fold_cases(cases, service_titles=titles)

    # Files first: if anything below fails the transaction rolls back and the next run finishes the
    # job (deleting a missing file is a no-op), so no file with personal data is ever left orphaned.
    files_deleted = 0
    for case in cases:
        for meta in (case.files or {}).values():
            if isinstance(meta, dict) and meta.get("path"):
                files_deleted += _delete_file(default_storage, meta["path"])
    documents = list(CaseDocument.objects.filter(case_id__in=ids).exclude(file=""))
    for document in documents:
        files_deleted += _delete_file(document.file.storage, document.file.name)
    CaseDocument.objects.filter(case_id__in=ids).update(name=REMOVED_NAME, file="")

    submission_ids = [case.submission_id for case in cases if case.submission_id]
    if submission_ids:
        Submission.objects.filter(pk__in=submission_ids).update(answers={}, files={})
    SupplementRequest.objects.filter(case_id__in=ids).update(text="")
    CaseEvent.objects.filter(case_id__in=ids).redact()
    Case.objects.filter(pk__in=ids).update(
        applicant=None,
        applicant_name=REMOVED_NAME,
        applicant_email="",
        applicant_phone="",
        applicant_pesel="",
        applicant_address="",
        answers={},
        files={},
        anonymised_at=now,
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=case.pk,
                kind=CaseEvent.Kind.ANONYMISED,
                created_at=now,
                comment=_("Dane osobowe usunięte po upływie okresu przechowywania."),
                data={"retention_years": years.get(case.service_id, default_retention_years())},
            )
            for case in cases
        ]
    )
    per_service = Counter(stats.service_key_of(case) for case in cases)
    names = {key: titles.get(key) or str(stats.NO_SERVICE_TITLE) for key in per_service}
    return per_service, names, files_deleted


def anonymise_expired(*, now: dt.datetime | None = None, batch_size: int = 200) -> RetentionRun:
    """Anonymise every expired case, ``batch_size`` per transaction; log the run. Idempotent."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    per_service: Counter = Counter()
    names: dict[int, str] = {}
    files = 0
    last_pk = 0
    condition = expired_q(now=now)
    try:
        while True:
            ids = list(
                Case.objects.filter(condition, pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            last_pk = ids[-1]
            counts, titles, deleted = anonymise_batch(case_ids=ids, now=now)
            per_service.update(counts)
            names.update(titles)
            files += deleted
    except Exception as error:
        run.error = f"{type(error).__name__}: {error}"
        logger.exception("retention: run %s stopped", run.pk)
        raise
    finally:
        run.finished_at = timezone.now()
        run.anonymised = sum(per_service.values())
        run.files_deleted = files
        run.per_service = [
            {"service_key": key, "title": names.get(key, ""), "count": count}
            for key, count in sorted(per_service.items(), key=lambda kv: names.get(kv[0], ""))
        ]
        run.save()
        for item in run.per_service:
            logger.info("retention: anonymised %s case(s) of %s", item["count"], item["title"])
        logger.info("retention: run %s anonymised %s case(s), deleted %s file(s)", run.pk, run.anonymised, files)
    return run


def recent_runs(*, limit: int = 10) -> list[RetentionRun]:
    return list(RetentionRun.objects.all()[:limit])

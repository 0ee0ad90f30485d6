"""A school notice's audience: the view restriction of non-public notices, and the e-mail to the
guardians of the audience through the messaging outbox."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from cms.messaging.services import queue_email

from .models import Guardianship, SchoolNoticePage, SchoolPage


def notice_guardian_emails(*, notice: SchoolNoticePage) -> list[str]:
    """Distinct e-mail addresses of the guardians of the notice's audience (whole school or classes)."""
    school_page = notice.get_parent().specific
    if not isinstance(school_page, SchoolPage) or notice.audience == SchoolNoticePage.Audience.PUBLIC:
        return []
    links = Guardianship.objects.filter(student__school_class__year__school_id=school_page.school_id)
    if notice.audience == SchoolNoticePage.Audience.CLASSES:
        links = links.filter(student__school_class__in=notice.classes.all())
    return sorted(set(links.filter(guardian__is_active=True).values_list("guardian__email", flat=True)))


@transaction.atomic
def notice_restriction_sync(*, notice: SchoolNoticePage) -> bool:
    """Give a non-public notice Wagtail's "signed-in users only" view restriction (and take it off a
    public one); returns whether the notice is restricted now.

    The audience check itself is ``SchoolNoticePage.serve``; the restriction is what every other part
    of the portal already honours for private pages: the site search, the content API, the sitemap
    and the anonymous page cache leave restricted pages out, and the admin shows the notice as private.
    """
    restricted = notice.audience != SchoolNoticePage.Audience.PUBLIC
    restrictions = PageViewRestriction.objects.filter(page=notice)
    if restricted and not restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists():
        PageViewRestriction.objects.create(page=notice, restriction_type=PageViewRestriction.LOGIN)
    elif not restricted:
        restrictions.filter(restriction_type=PageViewRestriction.LOGIN).delete()
    return restricted


@transaction.atomic
def notice_notify_guardians(*, page_id: int) -> int:
    """Queue one e-mail per guardian (idempotent by key) and mark the notice as notified."""
    notice = SchoolNoticePage.objects.select_for_update().filter(pk=page_id).first()
    if notice is None or notice.guardians_notified_at or not notice.live:
        return 0
    emails = notice_guardian_emails(notice=notice)
    school_page = notice.get_parent().specific
    subject = _("Ogłoszenie szkoły: %(title)s") % {"title": notice.title}
    body = render_to_string(
        "education/email/notice.txt",
        {"notice": notice, "school": school_page.title, "text": strip_tags(notice.body), "url": notice.get_full_url()},
    )
    for email in emails:
        queue_email(to=email, subject=subject, body=body, key=f"edu-notice-{notice.pk}-{email}", topic="education")
    SchoolNoticePage.objects.filter(pk=notice.pk).update(guardians_notified_at=timezone.now())
    return len(emails)

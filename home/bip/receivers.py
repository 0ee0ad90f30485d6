"""Signal receivers of the BIP module: thin, they only call the service."""

from home.models import BipFieldsMixin

from .services import bip_record_publication


def record_bip_publication(sender, instance, revision=None, **kwargs):
    """Record every publication of a page that carries the metryczka fields.

    Pages not (yet) in BIP are recorded too, so a page an editor marks as BIP later, or moves into
    the BIP section, still has its full history. The person is the author of the published revision
    (``revision.user``): the BIP regulation asks who entered the information and who made each
    change, which for an approved moderation is the editor who wrote the version, not the approver.
    ``page_published`` is also sent for a revision scheduled for the future (the page is not live
    yet); that is recorded when it really goes live.
    """
    if revision is None or not isinstance(instance, BipFieldsMixin):
        return
    if not instance.live or instance.live_revision_id != revision.pk:
        return
    user = revision.user if revision.user_id else instance.owner
    bip_record_publication(page=instance, revision=revision, user=user)

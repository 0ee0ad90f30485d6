"""``manage.py two_factor_code <e-mail>``: the current authenticator code of a demo account.

For the demo site on a developer's machine only (``DEBUG`` on): whoever tries the back office without
an authenticator app at hand types this code on the admin's set-up or verification page. Refused with
``DEBUG`` off — in production a code comes only from the person's own device.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of an account's authenticator (development only, DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("Only with DEBUG on (the development settings): codes come from the person's device.")
        device = TOTPDevice.objects.filter(user__email__iexact=email.strip()).order_by("-confirmed", "-pk").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator yet: sign in to /admin/ first, then run this again.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")

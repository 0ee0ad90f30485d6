"""``manage.py two_factor_reset <e-mail>``: remove a staff member's second factor (a lost phone).

They set up a new authenticator at their next sign-in to the admin. An administrator runs it after
confirming the person's identity in person; the removal is logged.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.accounts.two_factor import two_factor_reset

logger = logging.getLogger("ratusz.security")


class Command(BaseCommand):
    help = "Remove every second factor (authenticator app, recovery codes) of a staff account."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        removed = two_factor_reset(user=user)
        logger.warning("second factor reset by an administrator", extra={"user": user.email})
        self.stdout.write(f"Removed {removed} device(s) of {user.email}; a new set-up at the next sign-in.")

"""The custom user: e-mail is the login; the identity level says how sure we are who it is."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """``UserManager`` with the e-mail address in place of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("Adres e-mail jest wymagany."))
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A resident, a business representative or a member of staff.

    ``identity_level`` records whether the person's identity was proven by a trusted profile
    (login.gov.pl); services that need a proven PESEL check it instead of trusting a typed one.
    """

    class IdentityLevel(models.TextChoices):
        UNVERIFIED = "unverified", _("niezweryfikowane")
        VERIFIED = "verified", _("zweryfikowane")

    username = None
    email = models.EmailField(_("adres e-mail"), unique=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    identity_level = models.CharField(
        _("poziom tożsamości"),
        max_length=20,
        choices=IdentityLevel.choices,
        default=IdentityLevel.UNVERIFIED,
    )

    # The resident's profile (issue 4): prefilled into application forms.
    street = models.CharField(_("ulica"), max_length=100, blank=True)
    house_number = models.CharField(_("numer domu i lokalu"), max_length=20, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    locality = models.CharField(_("miejscowość"), max_length=100, blank=True)
    pesel = models.CharField(_("PESEL"), max_length=11, blank=True)
    # When the address in the confirmation e-mail was proven; an account is inactive until then.
    email_confirmed_at = models.DateTimeField(_("e-mail potwierdzony"), null=True, blank=True)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tożsamość potwierdził(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identity_verified_at = models.DateTimeField(_("tożsamość potwierdzona"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("użytkownik")
        verbose_name_plural = _("użytkownicy")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            # One account per person; an empty PESEL (not given) may repeat.
            models.UniqueConstraint(fields=["pesel"], condition=~Q(pesel=""), name="accounts_user_pesel_unique"),
        ]

    @property
    def is_identity_verified(self) -> bool:
        return self.identity_level == self.IdentityLevel.VERIFIED

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class ResidentManager(EmailUserManager):
    def get_queryset(self):
        return super().get_queryset().filter(is_staff=False, is_superuser=False)


class Resident(User):
    """Residents only (no staff), for the admin's "Mieszkańcy" section.

    A proxy, so that a clerk's permissions on it (``change_resident`` to verify identity) grant
    nothing in Wagtail's own user management, which checks the permissions of ``User``.
    """

    objects = ResidentManager()

    class Meta:
        proxy = True
        verbose_name = _("mieszkaniec")
        verbose_name_plural = _("mieszkańcy")

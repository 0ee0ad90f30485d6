"""The custom user: e-mail is the login; the identity level says how sure we are who it is."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
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
        UNVERIFIED = "unverified", _("niepotwierdzona")
        VERIFIED = "verified", _("potwierdzona profilem zaufanym")

    username = None
    email = models.EmailField(_("adres e-mail"), unique=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    identity_level = models.CharField(
        _("poziom tożsamości"),
        max_length=20,
        choices=IdentityLevel.choices,
        default=IdentityLevel.UNVERIFIED,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("użytkownik")
        verbose_name_plural = _("użytkownicy")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

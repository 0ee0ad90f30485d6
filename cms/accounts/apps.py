from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cms.accounts"
    label = "accounts"
    verbose_name = _("Konta użytkowników")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import signals

        user_login_failed.connect(signals.on_login_failed, dispatch_uid="accounts-throttle-failed")
        user_logged_in.connect(signals.on_logged_in, dispatch_uid="accounts-throttle-success")

"""Authentication backend that refuses every sign-in while the e-mail address or IP is locked."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .throttle import client_ip, login_is_locked


class ThrottledModelBackend(ModelBackend):
    """``ModelBackend`` behind the sign-in throttle (``cms.accounts.throttle``).

    Raising ``PermissionDenied`` stops ``authenticate()`` at once, even for the right password.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email", "")
        if login_is_locked(email=email or "", ip=client_ip(request)):
            raise PermissionDenied("sign-in throttled")
        return super().authenticate(request, username=username, password=password, **kwargs)

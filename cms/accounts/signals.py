"""Receivers connected in ``AccountsConfig.ready``: feed the sign-in throttle from every login form."""

from django.contrib.auth import get_user_model

from .throttle import client_ip, login_failure_record, login_success_record


def on_login_failed(sender, credentials, request=None, **kwargs):
    username_field = get_user_model().USERNAME_FIELD
    email = credentials.get("username") or credentials.get(username_field) or ""
    login_failure_record(email=str(email), ip=client_ip(request))


def on_logged_in(sender, request, user, **kwargs):
    login_success_record(email=user.email)

"""System checks of the resident office: production must not take payments through the sandbox.

The built-in sandbox gateway (``payments.providers.sandbox``) moves no money — it marks a
transaction paid when the resident clicks "Zapłać" on the portal's own page. With ``DEBUG`` off it
is refused (``finance.E001``) unless ``FINANCE_ALLOW_SANDBOX`` is on (``FINANCE_ALLOW_SANDBOX=1``
in the environment: the public demo and the benchmarks). Django runs the check with every
management command (``migrate`` in a deployment included) and ``check --deploy``, so a deployment
that forgot to configure a real provider stops there. ``finance.E002``: the provider path in
``FINANCE_PAYMENT_PROVIDER`` cannot be imported.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

SANDBOX = "eservices.finance.payments.providers.sandbox.SandboxProvider"


def _allowed(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


@register("finance")
def check_payment_provider(app_configs=None, **kwargs) -> list[Error]:
    from .payments.providers.sandbox import SandboxProvider

    path = getattr(settings, "FINANCE_PAYMENT_PROVIDER", SANDBOX)
    try:
        provider = import_string(path)
    except ImportError as error:
        return [
            Error(
                f"FINANCE_PAYMENT_PROVIDER = {path!r} cannot be imported: {error}.",
                hint="Give the dotted path of a PaymentProvider subclass (docs/finance.md, 'Płatności online').",
                id="finance.E002",
            )
        ]
    is_sandbox = isinstance(provider, type) and issubclass(provider, SandboxProvider)
    if is_sandbox and not settings.DEBUG and not _allowed(getattr(settings, "FINANCE_ALLOW_SANDBOX", "")):
        return [
            Error(
                "The sandbox payment provider (it moves no money) is configured with DEBUG off.",
                hint=(
                    "Set FINANCE_PAYMENT_PROVIDER to a real gateway (docs/finance.md, 'Płatności online'), "
                    "or FINANCE_ALLOW_SANDBOX=1 for a demo site."
                ),
                id="finance.E001",
            )
        ]
    return []

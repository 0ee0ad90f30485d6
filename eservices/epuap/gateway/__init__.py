"""The ePUAP gateway: ``get_gateway()`` returns the backend named by ``EPUAP_GATEWAY``."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import EpuapGateway, GatewayError, PulledDocument, SendResult, split_address

__all__ = ["EpuapGateway", "GatewayError", "PulledDocument", "SendResult", "get_gateway", "split_address"]


def get_gateway() -> EpuapGateway:
    """A new backend instance configured from settings (cheap: the WSDL is parsed once per process)."""
    return import_string(settings.EPUAP_GATEWAY)()

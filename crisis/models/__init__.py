"""Models of the crisis app, one module per aggregate (see docs/crisis.md)."""

from .alerts import Alert, AlertArea, AlertDecision, AlertTemplate, Category
from .deliveries import Broadcast, Delivery
from .subscriptions import Subscription

__all__ = [
    "Alert",
    "AlertArea",
    "AlertDecision",
    "AlertTemplate",
    "Broadcast",
    "Category",
    "Delivery",
    "Subscription",
]

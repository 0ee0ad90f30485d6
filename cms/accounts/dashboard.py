"""Panels of the resident's dashboard (``/konto/``), registered by the modules that own them.

``cms.accounts`` must not import ``eservices`` or ``crisis`` (dependencies point downwards), so a
module adds its panel from its own ``AppConfig.ready``::

    from cms.accounts.dashboard import register_panel

    register_panel(
        key="cases",
        title=_("Moje sprawy"),
        template="cases/dashboard_panel.html",
        get_context=lambda request: {"cases": cases_for_resident(user=request.user)[:5]},
        order=10,
    )

``get_context`` receives the request and must return only the signed-in person's own data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    title: str
    template: str
    get_context: Callable[[Any], dict] = field(default=lambda request: {})
    order: int = 100
    is_shown: Callable[[Any], bool] = field(default=lambda request: True)


_panels: dict[str, DashboardPanel] = {}


def register_panel(
    *,
    key: str,
    title: str,
    template: str,
    get_context: Callable[[Any], dict] | None = None,
    order: int = 100,
    is_shown: Callable[[Any], bool] | None = None,
) -> DashboardPanel:
    """Add (or replace, by ``key``) a panel; safe to call twice, e.g. from tests or autoreload."""
    panel = DashboardPanel(
        key=key,
        title=title,
        template=template,
        get_context=get_context or (lambda request: {}),
        order=order,
        is_shown=is_shown or (lambda request: True),
    )
    _panels[key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _panels.pop(key, None)


def registered_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))

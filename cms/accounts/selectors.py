"""Reads of the resident accounts."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from .dashboard import registered_panels


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str


def dashboard_panels_for(*, request) -> list[RenderedPanel]:
    """The registered panels the signed-in person may see, rendered with their own data only."""
    rendered = []
    for panel in registered_panels():
        if not panel.is_shown(request):
            continue
        context = {"panel": panel, "user": request.user, **panel.get_context(request)}
        rendered.append(
            RenderedPanel(
                key=panel.key, title=str(panel.title), html=render_to_string(panel.template, context, request)
            )
        )
    return rendered


def profile_missing_fields(*, user) -> list[str]:
    """Profile fields application forms will want and the resident has not filled in."""
    names = ["phone", "street", "house_number", "postal_code", "locality"]
    return [name for name in names if not getattr(user, name)]

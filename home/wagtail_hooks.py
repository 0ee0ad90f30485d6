"""Admin hooks of the public site."""

from wagtail import hooks

from home.editorial.services import unit_section_setup
from home.models import UnitPage


@hooks.register("after_create_page")
def give_new_unit_its_section(request, page):
    """A new unit page gets its editors', moderators' groups, collection and workflow at once,
    so nobody has to remember to set them up (and its pages never fall under the default workflow)."""
    specific = page.specific
    if isinstance(specific, UnitPage):
        unit_section_setup(unit=specific.unit, unit_page=specific)

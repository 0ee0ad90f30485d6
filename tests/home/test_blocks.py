"""Editors get clear messages for blocks that would make an inaccessible or broken page."""

import pytest
from wagtail.blocks import StructBlockValidationError

from home.blocks import CallToActionBlock, ImageBlock

pytestmark = pytest.mark.django_db


def _image():
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buf = BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buf, "PNG")
    return Image.objects.create(title="Ratusz", file=ImageFile(buf, name="ratusz.png"))


def test_image_without_alt_text_is_refused():
    block = ImageBlock()
    value = block.to_python({"image": _image().pk, "alt_text": "", "decorative": False, "caption": ""})
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "Podaj tekst alternatywny" in str(exc.value.block_errors["alt_text"])


def test_decorative_image_needs_no_alt_text():
    block = ImageBlock()
    value = block.to_python({"image": _image().pk, "alt_text": "", "decorative": True, "caption": ""})
    assert block.clean(value)["decorative"] is True


def test_call_to_action_needs_a_target():
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Złóż wniosek", "text": "", "button_text": "Dalej", "page": None, "external_url": ""}
    )
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "Wybierz stronę albo podaj adres." in str(exc.value.block_errors["page"])


def test_news_lead_image_requires_alt_text(site_tree):
    from django.core.exceptions import ValidationError

    page = site_tree.news[0]
    page.image = _image()
    page.image_alt = " "
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "Podaj tekst alternatywny zdjęcia wiodącego." in exc.value.message_dict["image_alt"]


def test_body_refuses_skipped_heading_levels():
    from wagtail.blocks import StreamBlockValidationError

    from home.blocks import BodyBlock

    block = BodyBlock()
    value = block.to_python(
        [
            {"type": "heading", "value": {"text": "Opłaty", "level": "h2"}},
            {"type": "heading", "value": {"text": "Terminy", "level": "h4"}},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as exc:
        block.clean(value)
    assert "Nagłówek H4 nie może następować po H2" in str(exc.value.block_errors[1])


def test_body_starting_with_h3_is_refused_and_h2_h3_is_fine():
    from wagtail.blocks import StreamBlockValidationError

    from home.blocks import BodyBlock

    block = BodyBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(block.to_python([{"type": "heading", "value": {"text": "Terminy", "level": "h3"}}]))
    ok = block.to_python(
        [
            {"type": "heading", "value": {"text": "Opłaty", "level": "h2"}},
            {"type": "heading", "value": {"text": "Terminy", "level": "h3"}},
            {"type": "heading", "value": {"text": "Kontakt", "level": "h2"}},
        ]
    )
    assert len(block.clean(ok)) == 3

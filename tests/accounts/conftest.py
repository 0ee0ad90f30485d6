import pytest


@pytest.fixture(autouse=True)
def _no_page_cache_by_default(settings):
    """Tests here talk to /konto/ directly; the cache test turns the page cache on itself."""
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def resident(db):
    from tests.factories import UserFactory

    return UserFactory(email="jan.kowalski@example.pl", first_name="Jan", last_name="Kowalski")


PASSWORD = "haslo-testowe-123"

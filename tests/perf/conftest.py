import pytest


@pytest.fixture
def uncached(settings):
    """Serialise on every request: what query counts must measure."""
    settings.API_RESPONSE_CACHE = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty response cache (locmem in the test settings)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

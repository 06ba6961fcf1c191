import pytest

from .record_server import RecordServer


@pytest.fixture
def record_server(settings):
    """doi.org and E-utilities answered by a local server with recorded records."""
    with RecordServer() as server:
        settings.REFERENCE_DOI_RESOLVER_URL = f"{server.base_url}/doi/"
        settings.REFERENCE_EUTILS_URL = f"{server.base_url}/eutils/"
        yield server

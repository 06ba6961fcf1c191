"""A frontend on another origin reads the API's validators and revalidates by hand.

The "frontend" is a page of the live server opened as ``http://127.0.0.1:<port>``,
the API is called as ``http://localhost:<port>``: two origins, so Chromium applies
CORS to every fetch, preflight included. (A page Playwright made up would not do:
Chromium refuses its requests to a loopback address before CORS.)
"""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FETCH = """async (url) => {
    const first = await fetch(url, {cache: "no-store"});
    const etag = first.headers.get("ETag");
    const body = await first.json();
    const again = await fetch(url, {
        cache: "no-store",
        headers: {"If-None-Match": etag},
    });
    return {
        status: first.status,
        etag,
        lastModified: first.headers.get("Last-Modified"),
        items: body.items.length,
        revalidated: again.status,
        etagAgain: again.headers.get("ETag"),
    };
}"""


def test_a_frontend_reads_etag_and_gets_304(live_server, pages_taken, settings):
    api = live_server.url.replace("127.0.0.1", "localhost")
    frontend = api.replace("localhost", "127.0.0.1")
    assert api != frontend
    settings.CORS_ALLOWED_ORIGINS = [frontend]
    page = pages_taken()
    page.goto(f"{frontend}/admin/login/")
    result = page.evaluate(FETCH, f"{api}/api/v2/documents/")
    assert result["status"] == 200
    assert result["etag"] and result["etag"].startswith('"')
    assert result["lastModified"]
    assert result["items"] == 0
    assert result["revalidated"] == 304
    assert result["etagAgain"] == result["etag"]

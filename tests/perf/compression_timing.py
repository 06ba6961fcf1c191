"""CPU per cache hit of the ALS page, identity and compressed, in this process.

Run against a database with the demo content (``make demo``)::

    .venv/bin/python -m tests.perf.compression_timing [--requests 300]

It compares three ways of answering a hit: the identity body; compressing the
cached identity body on every hit (what a compression middleware in front of the
cache, such as Django's ``GZipMiddleware``, would do); and the body stored
compressed by the response cache (what the API does). CPU time is
``time.process_time()`` around the Django test client, with no network.
"""

import argparse
import os
import statistics
import time


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a command-line tool


def cpu_ms(call, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--slug", default="als")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.test import Client

    from wagtail.models import Page

    from cms.transport import compress

    # The demo site answers on localhost (the dev settings allow no other host).
    client = Client(HTTP_HOST="localhost")
    page = Page.objects.get(slug=args.slug, locale__language_code="en")
    url = f"/api/v2/pages/{page.pk}/"
    identity = client.get(url)
    assert identity.status_code == 200, identity.status_code
    say(f"{url}: {len(identity.content):,} bytes")
    for encoding in ("gzip", "br"):
        stored = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
        assert stored["X-API-Cache"] == "hit", "run it twice or warm the cache"
        assert stored["Content-Encoding"] == encoding

        def per_hit(encoding=encoding):
            response = client.get(url)
            compress(response.content, encoding)

        every_hit = cpu_ms(per_hit, args.requests)
        from_cache = cpu_ms(
            lambda encoding=encoding: client.get(url, HTTP_ACCEPT_ENCODING=encoding),
            args.requests,
        )
        say(
            f"{encoding:>4}: {len(stored.content):,} bytes; CPU per hit, median of "
            f"{args.requests}: compressed on every hit {every_hit:.2f} ms, "
            f"stored compressed {from_cache:.2f} ms"
        )
    plain = cpu_ms(lambda: client.get(url), args.requests)
    say(f"identity hit: {plain:.2f} ms")


if __name__ == "__main__":
    main()

"""Every URL pattern the project serves, for the tests that walk them all."""

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns=None, prefix=""):
    """``(route, view)`` for every pattern below ``patterns`` (all of them by
    default), the route written as the concatenated regexes of its resolvers."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback

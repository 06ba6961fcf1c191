"""What every upload check shares: the error, reading the file, and refusing web
page code a browser would run."""

import re

from django.core.exceptions import ValidationError

# Markup a browser would run if it ever treated the file as a web page.
MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|!doctype\s+html)\b"
    rb"|javascript\s*:",
    re.IGNORECASE,
)
# Bounds on what we inflate to look inside: a compressed bomb stops here.
MAX_INFLATED_BYTES = 64 * 1024 * 1024


def upload_error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def refuse_markup(data: bytes, what: str) -> None:
    if MARKUP.search(data):
        raise upload_error(
            f"This {what} contains web page code (HTML, SVG or JavaScript), which "
            "could run in a visitor's browser. Export it again from the program "
            "that made it, or save it in another format.",
            "active_content",
        )

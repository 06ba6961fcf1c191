"""A JSON parser for the public form endpoint: small bodies only, never a 500."""

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

# A complete request with a 2,000-character message is well under 16 KB.
MAX_BODY_BYTES = 16 * 1024


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is larger than {MAX_BODY_BYTES} bytes."
    default_code = "request_too_large"


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with a size limit and errors for what it lets through.

    DRF reads the whole stream and lets ``RecursionError`` (deeply nested arrays)
    and ``LookupError`` (unknown charsets) escape as server errors.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_BODY_BYTES:
            raise RequestTooLarge()
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(body.decode(encoding), parse_constant=parse_constant)
        except (ValueError, LookupError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from None

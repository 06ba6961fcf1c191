"""Template helpers for the readable page preview."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..blocks.content import price_number

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def _amount(value, currency: str) -> str:
    number = number_format(price_number(Decimal(value)), force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


@register.filter
def price_range(row) -> str:
    """A price row as a reader sees it: "€7,000", "from $20,000", "up to €9,000"
    or "€7,000–€31,000"."""
    currency = row.get("currency") or ""
    kind, minimum, maximum = row.get("kind"), row.get("minimum"), row.get("maximum")
    if kind == "exact":
        return _amount(minimum, currency)
    if kind == "from":
        return f"from {_amount(minimum, currency)}"
    if kind == "up_to":
        return f"up to {_amount(maximum, currency)}"
    return f"{_amount(minimum, currency)}–{_amount(maximum, currency)}"

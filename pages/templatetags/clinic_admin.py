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
    """A price row as a reader sees it, e.g. "€7,000–€31,000" or "$20,000+"."""
    currency = row.get("currency") or ""
    text = _amount(row["minimum"], currency)
    if row.get("maximum") is not None:
        text += "–" + _amount(row["maximum"], currency)
    if row.get("open_upper_bound") or row.get("maximum") is None:
        text += "+"
    return text

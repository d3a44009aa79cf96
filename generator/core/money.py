"""Money as people read it: `$4,210`, `€1,250.50`, `1,234 CHF`.

One formatter for the plans, letters and pages, so an amount reads the same everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: currencies written with a symbol before the amount; any other code follows the amount
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(amount: Decimal | int, currency: str = "USD") -> str:
    """Group thousands and drop `.00`, so whole amounts read as people say them."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    value = abs(value)
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    code = currency.strip().upper() or "USD"
    symbol = SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number} {code}"

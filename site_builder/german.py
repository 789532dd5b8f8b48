"""German formats for dates, numbers and money, as visitors read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


def date_de(day: date | None) -> str:
    """3. März 2027"""
    return "" if day is None else f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def date_short(day: date | None) -> str:
    """03.03.2027"""
    return "" if day is None else day.strftime("%d.%m.%Y")


def weekday_de(day: date | None) -> str:
    """Mi"""
    return "" if day is None else WEEKDAYS_SHORT[day.weekday()]


def month_de(day: date | None) -> str:
    """März 2027"""
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def clock(value: str) -> str:
    """'09:00' -> '9:00'"""
    return value[1:] if value.startswith("0") else value


def format_number(value: Decimal | int | float) -> str:
    """1.290 or 89,50"""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _, frac = f"{number:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{frac}"


def format_money(value: Decimal | int | float) -> str:
    """1.290 € or 89,50 €"""
    return f"{format_number(value)} €"

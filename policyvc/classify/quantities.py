"""Numbers with units, compared as quantities: periods in days, ages in years, amounts of money."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from policyvc.classify.rules import Unit

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty-one": 21,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "hundred": 100,
    "a": 1, "an": 1,
}  # fmt: skip
_DAYS_PER = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_NUMBER = r"(?P<n>\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_TIME = regex.compile(
    _NUMBER
    + r"(?:\s*\(\d+\))?[\s\-]+(?:calendar\s+|business\s+|working\s+)?(?P<u>hour|day|week|month|year)s?\b",
    regex.IGNORECASE,
)
# an age is one or two digits or a number word from ten up ("at least sixteen years old")
_AGE_WORDS = sorted((w for w, n in _NUMBER_WORDS.items() if n >= 10), key=len, reverse=True)
_AGE_N = r"(?P<n>\d{1,2}|" + "|".join(_AGE_WORDS) + ")"
_AGE = regex.compile(
    r"(?:\b(?:under|below|over|younger\s+than|older\s+than|at\s+least|aged?|age\s+of|minimum\s+age\s+(?:of|is))"
    r"\s+(?:the\s+age\s+of\s+)?" + _AGE_N
    + r"\b(?!\s*(?:days?|weeks?|months?|hours?|minutes?|%|percent)\b))"
    r"|(?:\b" + _AGE_N + r"\s*(?:\+|years?\s+old|years?\s+of\s+age|or\s+older))",
    regex.IGNORECASE,
)
_MONEY = regex.compile(
    r"(?:(?:US\$|[$€£]|\b(?:USD|EUR|GBP)\s?)\s?(?P<n>\d[\d,]*(?:\.\d+)?))"
    r"|(?:\b(?P<n>\d[\d,]*(?:\.\d+)?)\s?(?:dollars|euros|pounds|USD|EUR|GBP)\b)",
    regex.IGNORECASE,
)
_PATTERNS = {Unit.TIME: _TIME, Unit.AGE: _AGE, Unit.MONEY: _MONEY}


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # in days, years or the currency's units
    text: str
    start: int
    end: int


def find_quantities(text: str, unit: Unit) -> list[Quantity]:
    """Every quantity of one unit in text, in order, with offsets."""
    found = []
    for match in _PATTERNS[unit].finditer(text):
        number = _number(match.group("n"))
        if number is None:
            continue
        if unit is Unit.TIME:
            number *= _DAYS_PER[match.group("u").lower()]
        found.append(Quantity(number, match.group(), match.start(), match.end()))
    return found


def _number(text: str) -> float | None:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None

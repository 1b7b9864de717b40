"""Numbers with units compared as quantities."""

from __future__ import annotations

from policyvc.classify.quantities import find_quantities
from policyvc.classify.rules import Unit


def values(text: str, unit: Unit) -> list[float]:
    return [q.value for q in find_quantities(text, unit)]


def test_periods_are_days() -> None:
    assert values("for 6 weeks, then 60 days, 2 years, thirty (30) days and 12 months", Unit.TIME) == [
        42, 60, 730, 30, 360,
    ]  # fmt: skip
    assert values("14 days' notice", Unit.TIME) == [14]


def test_ages_are_not_periods() -> None:
    assert values("children under 16 and users at least 13 years old", Unit.AGE) == [16, 13]
    assert values("under 30 days", Unit.AGE) == []


def test_amounts() -> None:
    assert values("the greater of $1,000 or 50 euros or EUR 20", Unit.MONEY) == [1000, 50, 20]


def test_offsets_point_at_the_words() -> None:
    text = "We keep logs for 90 days."
    [quantity] = find_quantities(text, Unit.TIME)
    assert text[quantity.start : quantity.end] == "90 days"


def test_an_age_in_words_is_an_age() -> None:
    text = "You must be at least sixteen years old; thirteen or older with consent."
    ages = find_quantities(text, Unit.AGE)
    assert [(q.value, q.text) for q in ages] == [(16.0, "at least sixteen"), (13.0, "thirteen or older")]
    assert find_quantities("We keep it for thirty days.", Unit.AGE) == []

"""Version numbers by bump, date checks, and effective dates stated in a policy's text."""

from __future__ import annotations

import pytest

from policyvc.errors import UsageError
from policyvc.model import Bump
from policyvc.store.numbering import (
    bump_version,
    check_date,
    effective_date_in_text,
    parse_semver,
)
from policyvc.store.textdates import as_iso_date


@pytest.mark.parametrize(
    ("bump", "expected"),
    [(Bump.MAJOR, "3.0.0"), (Bump.MINOR, "2.5.0"), (Bump.PATCH, "2.4.8"), (Bump.NONE, "2.4.7")],
)
def test_bumps(bump: Bump, expected: str) -> None:
    assert bump_version("2.4.7", bump) == expected


def test_semver_parsing() -> None:
    assert parse_semver("v1.2.3") == (1, 2, 3)
    assert parse_semver("1.2") is None and parse_semver("latest") is None


def test_check_date() -> None:
    assert check_date(" 2026-12-01 ") == "2026-12-01"
    with pytest.raises(UsageError, match="'2026-02-30' is not a date; write it as YYYY-MM-DD"):
        check_date("2026-02-30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: P\neffective_date: 2026-06-30\n---\n# P\n", "2026-06-30"),
        ("---\neffective_date: '2026-06-30'\n---\n", "2026-06-30"),
        ("# Privacy\n\nEffective date: December 19, 2020\n", "2020-12-19"),
        ("# Privacy\n\n*Effective date: 1st March 2021*\n", "2021-03-01"),
        ("# Privacy\n\n**Effective:** 2024-01-31\n", "2024-01-31"),
        ("# Privacy\n\nThis policy is effective immediately.\n", None),
        ("# Privacy\n\nEffective date: whenever we say\n", None),
        ("# Privacy\n\nEffective as of March 1, 2026\n", "2026-03-01"),  # as the CI gate has read it
        ("# Privacy\n\nLast updated: March 1, 2026\n", None),  # an update is no effective date
    ],
)
def test_effective_date_in_text(text: str, expected: str | None) -> None:
    assert effective_date_in_text(text) == expected


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("January 5, 2026", "2026-01-05"),
        ("5 Jan 2026.", "2026-01-05"),
        ("2026-01-05T10:00:00Z", "2026-01-05"),
        ("Jan. 5, 2026", "2026-01-05"),
        ("March 1st, 2026*.", "2026-03-01"),
        ("soon", None),
    ],
)
def test_dates_in_common_spellings(written: str, iso: str | None) -> None:
    assert as_iso_date(written) == iso

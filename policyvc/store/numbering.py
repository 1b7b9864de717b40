"""Version numbers and dates: semantic bumps by change class, effective dates read from a policy's text."""

from __future__ import annotations

import datetime as dt
import re

from policyvc.errors import UsageError
from policyvc.model import Bump
from policyvc.store.textdates import read_text_dates

FIRST_VERSION = "1.0.0"
_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


def parse_semver(version: str) -> tuple[int, int, int] | None:
    """(major, minor, patch) for "1.2.3" or "v1.2.3"; None otherwise."""
    match = _SEMVER.match(version.strip())
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def bump_version(version: str, bump: Bump) -> str:
    """The next version number after `version` for a bump."""
    parts = parse_semver(version) or (0, 0, 0)
    major, minor, patch = parts
    if bump == Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump == Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump == Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


def check_date(value: str, what: str = "effective date") -> str:
    """A YYYY-MM-DD date, or a UsageError saying what is wrong."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01") from None


def effective_date_in_text(text: str) -> str | None:
    """The effective date a policy states: front matter `effective_date`, else its first dated "Effective …"
    line — read as the CI gate reads it (store/textdates.py)."""
    dates = read_text_dates(text)
    if dates.effective is not None:
        return dates.effective.value
    return next((line.date for line in dates.date_lines if line.kind == "effective"), None)

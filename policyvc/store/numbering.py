"""Version numbers and dates: semantic bumps by change class, effective dates read from a policy's text."""

from __future__ import annotations

import datetime as dt
import re

from policyvc.errors import UsageError
from policyvc.model import Bump

FIRST_VERSION = "1.0.0"
_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
_EFFECTIVE_LINE = re.compile(r"(?im)^[\s>*_#-]*effective(?:\s+date)?\s*[:\-–]\s*[*_]*\s*(.+?)\s*[*_]*\s*$")
_FRONT_MATTER_KEY = re.compile(r"(?m)^effective[_-]date:[ \t]*(.+?)[ \t]*$")
_DATE_FORMATS = (
    "%Y-%m-%d", "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%b. %d, %Y", "%Y/%m/%d",
)


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
    """The effective date a policy states: front matter `effective_date`, else an "Effective date: …" line."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        key = _FRONT_MATTER_KEY.search(text, 4, end) if end > 0 else None
        found = as_iso_date(key.group(1)) if key else None
        if found:
            return found
    for match in _EFFECTIVE_LINE.finditer(text[:20000]):
        found = as_iso_date(match.group(1))
        if found:
            return found
    return None


def as_iso_date(value: str) -> str | None:
    """A date written as 2026-01-31, January 31, 2026, 31 January 2026 (…) as ISO 8601; None otherwise."""
    cleaned = value.strip().strip("\"'*_ ").rstrip(".").rstrip("\"'*_ ")
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    if re.match(r"^\d{4}-\d{2}-\d{2}", cleaned):
        cleaned = cleaned[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None

"""Where a policy's text states its version and dates: front matter keys and "Last updated:" lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_DATE_LINE = re.compile(
    r"^[\s>*_#|-]*(?P<label>last[ -](?:updated|modified|revised)"
    r"|effective(?:[ -]date|\s+as\s+of|\s+from|\s+on)?)"
    r"[*_]*\s*[:\-–—]?\s*[*_]*\s*(?P<value>.+?)\s*[*_|]*\s*$",
    re.IGNORECASE,
)

_DATE_FORMATS = (
    "%Y-%m-%d", "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%b. %d, %Y", "%Y/%m/%d",
)  # fmt: skip

DateKind = Literal["last-updated", "effective"]


@dataclass(frozen=True, slots=True)
class TextValue:
    """A value found in the text and the 1-based line it is on."""

    value: str
    line: int


@dataclass(frozen=True, slots=True)
class DateLine:
    """A "Last updated: …" or "Effective date: …" line whose value is a date."""

    kind: DateKind
    date: str  # ISO 8601
    text: str  # the line as written, stripped
    line: int


@dataclass(frozen=True, slots=True)
class TextDates:
    """The version and dates a policy's text records."""

    version: TextValue | None  # front matter `version`
    effective: TextValue | None  # front matter `effective_date`, value as an ISO date
    date_lines: tuple[DateLine, ...]


def read_text_dates(text: str) -> TextDates:
    """Front matter `version`/`effective_date` and every dated "Last updated"/"Effective date" line."""
    lines = text.split("\n")
    front, body_start = _front_matter(lines)
    version = front.get("version")
    effective = front.get("effective_date") or front.get("effective-date")
    effective_date = as_iso_date(effective.value) if effective else None
    date_lines: list[DateLine] = []
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        match = _DATE_LINE.match(line)
        if match is None:
            continue
        date = as_iso_date(match.group("value"))
        if date is None:
            continue
        label = match.group("label").lower()
        kind: DateKind = "effective" if label.startswith("effective") else "last-updated"
        date_lines.append(DateLine(kind, date, line.strip(), number))
    return TextDates(
        version=version,
        effective=TextValue(effective_date, effective.line) if effective and effective_date else None,
        date_lines=tuple(date_lines),
    )


def _front_matter(lines: list[str]) -> tuple[dict[str, TextValue], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    found: dict[str, TextValue] = {}
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return found, index + 1
        match = _FRONT_KEY.match(lines[index])
        if match:
            found[match.group(1).lower()] = TextValue(match.group(2).strip("\"'"), index + 1)
    return {}, 0


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

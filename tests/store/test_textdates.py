from policyvc.store.textdates import read_text_dates

TEXT = """\
---
title: "Privacy"
version: '2.1.0'
effective_date: 2026-03-01
---
# Privacy

**Last updated: March 1st, 2026**

Effective date: 1 April 2026

We keep data for 30 days. Effective immediately, nothing else changes.
"""


def test_front_matter_values_and_their_lines() -> None:
    dates = read_text_dates(TEXT)
    assert dates.version is not None and (dates.version.value, dates.version.line) == ("2.1.0", 3)
    assert dates.effective is not None and (dates.effective.value, dates.effective.line) == ("2026-03-01", 4)


def test_dated_lines_are_found_with_kind_and_line_but_prose_is_not() -> None:
    found = [(d.kind, d.date, d.line) for d in read_text_dates(TEXT).date_lines]
    assert found == [("last-updated", "2026-03-01", 8), ("effective", "2026-04-01", 10)]


def test_without_front_matter_lines_count_from_one() -> None:
    dates = read_text_dates("# T\n\nLast modified - 2025-12-31\n")
    assert dates.version is None and dates.effective is None
    assert [(d.date, d.line) for d in dates.date_lines] == [("2025-12-31", 3)]


def test_unclosed_front_matter_is_not_front_matter() -> None:
    dates = read_text_dates("---\nversion: 1.0.0\n# Title\n")
    assert dates.version is None

"""Promises that move between sections (a reorganised policy) read as moves, not as material changes."""

from __future__ import annotations

from policyvc.compare import compare_texts
from policyvc.model import Classification

OLD = """# Privacy

## Summary

We collect your name. We do not sell your personal information.

## Marketing

You can opt out of marketing emails at any time using the link in each email.
"""

REORGANISED = """# Privacy

## Summary

We collect your name.

## Selling data

We never sell your personal information to anyone.

## Email

Marketing emails come with a link, and you can opt out of marketing emails whenever you like.
"""

DROPPED = """# Privacy

## Summary

We collect your name.

## Email

We send marketing emails.
"""


def test_reworded_promises_elsewhere_are_not_material() -> None:
    assessment = compare_texts(OLD, REORGANISED)
    findings = [f for c in assessment.changes for f in c.findings]
    assert assessment.classification is Classification.SUBSTANTIVE, [(f.rule, f.reason) for f in findings]
    restated = [f for f in findings if "says the same elsewhere" in f.reason]
    assert {f.rule for f in restated} >= {"sharing.sale"}


def test_promises_really_dropped_are_material() -> None:
    assessment = compare_texts(OLD, DROPPED)
    findings = [f for c in assessment.changes for f in c.findings]
    material = {f.rule for f in findings if f.classification is Classification.MATERIAL}
    assert {"sharing.sale", "choice.opt-out"} <= material


def test_venue_restated_in_another_sentence_is_a_rewording() -> None:
    old = (
        "# Terms\n\n## Law\n\nClaims are heard exclusively in the courts of Santa Clara.\n\n"
        "## Other\n\nBe nice.\n"
    )
    new = (
        "# Terms\n\n## Law\n\nThese terms are governed by law.\n\n## Other\n\nBe nice. "
        "Claims go to the courts of Santa Clara County, California, USA.\n"
    )
    assessment = compare_texts(old, new)
    venue = [f for c in assessment.changes for f in c.findings if f.rule == "dispute.law-and-venue"]
    assert venue and all(f.classification is Classification.SUBSTANTIVE for f in venue), venue
    moved_abroad = compare_texts(old, new.replace("Santa Clara County, California, USA", "Dublin, Ireland"))
    assert moved_abroad.classification is Classification.MATERIAL

"""Editorial guards: comparison keys, date lines, labels and typo fixes that touch no guard word."""

from __future__ import annotations

import pytest

from policyvc.classify.guards import (
    comparison_key,
    entity_words,
    is_date_line,
    is_label,
    run_in_label,
    typo_edits,
)  # fmt: skip
from policyvc.classify.rules import load_rule_pack
from policyvc.config import Config

PACK = load_rule_pack(Config())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We don't sell it.", "We don’t sell it"),
        ("We donâ€™t sell it", "We don’t sell it"),
        ("We do **not** sell it", "We do not sell it"),
        ("See [our policy](http://a.example.com/p)", "See [our policy](https://b.example.org/p)"),
        ("1. We collect your name", "2. We collect your name"),
        ("We collect\u00a0your\u200b name", "We collect your name"),
        ("cookies - small files", "cookies — small files"),
        ("We don&apost sell", "We don’t sell"),
    ],
)
def test_editorial_variants_have_equal_keys(old: str, new: str) -> None:
    assert comparison_key(old) == comparison_key(new)


@pytest.mark.parametrize(("old", "new"), [("We do not sell", "We do sell"), ("30 days", "90 days")])
def test_real_changes_have_different_keys(old: str, new: str) -> None:
    assert comparison_key(old) != comparison_key(new)


def test_date_lines_and_labels() -> None:
    assert is_date_line("Last updated: 1 May 2024")
    assert is_date_line("**Effective date:** 2024-05-01")
    assert not is_date_line("We updated our list of partners on 1 May 2024 to include advertisers.")
    assert is_label("**Generally for all websites**") and is_label("Consent:")
    assert not is_label("We sell your data.")
    assert not is_label("By telephone") and not is_label("Biometric data")  # list items are content


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("**Sale**. We do not sell your personal data.", "Sale"),
        ("**Sale.** We do not sell your personal data.", "Sale"),
        ("**Sale:** We do not sell your personal data.", "Sale"),
        ("__Data retention__: We keep messages for 30 days.", "Data retention"),
        ("Intro line.\n**Rights**. You may ask us for a copy.", "Rights"),
        ("(a) *Information you give us.* Your name and email.", "Information you give us"),
        # not a run-in label: no stop or colon, alone on its line, a statement set in bold, too long
        ("**Note** that we sell nothing.", None),
        ("**Data brokers**", None),
        ("**We never sell your data.** Read on.", None),
        ("**GitHub does not sell your data.** Read on.", None),
        ("**A label that runs on for far too many words to be a heading.** Text.", None),
        ("We do not sell **anything**. Really.", None),
    ],
)
def test_run_in_labels_open_their_line(text: str, label: str | None) -> None:
    found = run_in_label(text, len(text) - 1)
    assert (found[1] if found else None) == label
    if found:
        assert text[found[0] :].lstrip()[:1].isupper()  # the label ends where its paragraph's text starts


def typo(old: str, new: str) -> list[tuple[str, str]] | None:
    return typo_edits(comparison_key(old), comparison_key(new), PACK, entity_words(old) | entity_words(new))


def test_typo_fixes_are_recognised() -> None:
    fixed = [("informaton", "information")]
    assert typo("We share personal informaton", "We share personal information") == fixed
    assert typo("We use the the data", "We use the data") == [("the", "")]
    assert typo("a license to it", "a licence to it") == [("license", "licence")]


@pytest.mark.parametrize(
    ("old", "new", "edit"),
    [
        ("When visiting the our web site, you may", "When visiting our web site, you may", ("the", "")),
        ("We keep a the record of it", "We keep a record of it", ("the", "")),
        ("Write to of us at any time", "Write to us at any time", ("of", "")),
        ("We keep an record of it", "We keep a record of it", ("an", "a")),
        ("You can reach our the team", "You can reach our team", ("the", "")),
    ],
)
def test_a_stray_function_word_is_a_typo(old: str, new: str, edit: tuple[str, str]) -> None:
    assert typo(old, new) == [edit]


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("We will not sell it", "We will now sell it", "negation word"),
        ("We keep it 3 months", "We keep it 8 months", "number"),
        ("We must reply", "We may reply", "modal"),
        ("It is run by Acme Inc.", "It is run by Acne Inc.", "entity name"),
        ("We share your data", "We shore your data", "trigger word"),
        ("We collect your name", "We collect your entire browsing record", "not a small edit"),
        ("We will only share it", "We will share it", "'only' removed"),
        ("We share it with the partners", "We share it the partners", "a preposition beside an article"),
        ("We keep it for 30 days", "We keep it 30 days", "a preposition beside a number"),
        ("We share the data", "We share data", "an article beside no other determiner"),
        ("We sell it to our partners", "We sell our partners", "'to' beside a determiner"),
        ("We do not sell it to the partners", "We do sell it to the partners", "negation removed"),
    ],
)
def test_guarded_edits_are_not_typos(old: str, new: str, why: str) -> None:
    assert typo(old, new) is None, why


def test_link_text_only_changes_are_editorial() -> None:
    from policyvc.classify.engine import classify_change
    from policyvc.model import Change, ChangeKind, Classification, SectionRef

    ref = SectionRef("s", ("P", "Sharing"))
    old = 'See "[How we share the information we collect](/a#share)" for details.'
    new = 'See "[AUTOTITLE](/site-policy/privacy#share)" for details.'
    changed = classify_change(Change(ChangeKind.MODIFIED, "block", ref, ref, None, None, old, new), PACK)
    assert changed.classification is Classification.EDITORIAL
    assert [f.rule for f in changed.findings] == ["editorial.link"]
    more = new + " We sell data."
    prose = classify_change(Change(ChangeKind.MODIFIED, "block", ref, ref, None, None, old, more), PACK)
    assert prose.classification is Classification.MATERIAL

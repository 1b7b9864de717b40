"""Invariants: wording noise is never more than editorial; a change and its reverse agree on what fired."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policyvc.classify.engine import classify_change
from policyvc.classify.rules import load_rule_pack
from policyvc.config import Config
from policyvc.model import Change, ChangeKind, Classification, SectionRef

PACK = load_rule_pack(Config())
VOCABULARY = """
we do not sell share your personal data with advertising partners third parties may collect precise location
biometric retain for 30 days opt out of marketing emails consent arbitration governed by the laws
"""
WORDS = VOCABULARY.split()
REF = SectionRef("s", ("Policy", "Sharing"))

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)


def noise(text: str, kind: int) -> str:
    """One editorial transformation: case, curly quotes, doubled spaces, emphasis, dashes, punctuation."""
    transforms = (
        str.upper,
        lambda t: t.replace("'", "’").replace("do not", "do **not**"),
        lambda t: t.replace(" ", "  "),
        lambda t: t.replace("data", "*data*"),
        lambda t: t.replace(" with ", " — with "),
        lambda t: t.rstrip("."),
    )
    return transforms[kind % len(transforms)](text)


def modified(old: str, new: str) -> Change:
    return Change(ChangeKind.MODIFIED, "block", REF, REF, None, None, old, new)


@settings(max_examples=150, deadline=None)
@given(sentences, st.integers(min_value=0, max_value=5))
def test_noise_only_edits_are_editorial(text: str, kind: int) -> None:
    changed = noise(text, kind)
    classified = classify_change(modified(text, changed), PACK)
    assert classified.classification in (Classification.EDITORIAL, Classification.NONE), classified.findings


@settings(max_examples=150, deadline=None)
@given(sentences, sentences)
def test_reverse_change_fires_the_same_rules(old: str, new: str) -> None:
    assert rules_fired(old, new) == rules_fired(new, old)


def rules_fired(old: str, new: str) -> set[str]:
    return {f.rule for f in classify_change(modified(old, new), PACK).findings if f.category != "editorial"}


prose = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(prose, prose)
def test_any_text_classifies_and_evidence_points_at_its_words(old: str, new: str) -> None:
    classified = classify_change(modified(old, new), PACK)
    assert classified.classification in tuple(Classification)
    texts = {"old": old, "new": new}
    for finding in classified.findings:
        for evidence in finding.evidence:
            assert texts[evidence.side][evidence.start : evidence.end] == evidence.text

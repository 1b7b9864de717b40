"""Invariants of the diff, checked on generated documents (hypothesis)."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from policyvc.diff.changeset import diff_documents, section_body
from policyvc.diff.redline import new_side, old_side, redline
from policyvc.model import ChangeKind
from policyvc.parse.markdown import parse_document

WORDS = ["privacy", "data", "share", "partners", "cookies", "account", "delete", "retain", "we", "you", "may"]
WORDS += ["notify", "consent", "process", "transfer", "secure", "policy", "rights", "email", "it's", "don't"]

PIECES = [*WORDS, " ", "  ", ", ", ".", "\n"]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=4, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
body = st.lists(paragraph, min_size=1, max_size=3, unique=True)


@st.composite
def documents(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    """Flat sections with distinct headings and distinct paragraphs."""
    count = draw(st.integers(min_value=1, max_value=6))
    heading = st.lists(word, min_size=1, max_size=3).map(" ".join)
    headings = draw(st.lists(heading, min_size=count, max_size=count, unique=True))
    seen: set[str] = set()
    sections = []
    for title in headings:
        paragraphs = [p for p in draw(body) if p not in seen]
        seen.update(paragraphs)
        sections.append((title.title(), paragraphs or [f"About {title} only."]))
    return sections


def render(sections: list[tuple[str, list[str]]]) -> str:
    return "".join(f"## {title}\n\n" + "".join(f"{p}\n\n" for p in body) for title, body in sections)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_diffed_with_itself_has_no_changes(text: str) -> None:
    document = parse_document(text)
    assert diff_documents(document, document).changes == ()


@settings(max_examples=60, deadline=None)
@given(documents())
def test_a_document_diffed_with_itself_has_no_changes(sections: list[tuple[str, list[str]]]) -> None:
    document = parse_document(render(sections))
    assert diff_documents(document, document).changes == ()


@settings(max_examples=80, deadline=None)
@given(documents(), st.randoms(use_true_random=False))
def test_a_permutation_of_whole_sections_yields_only_moves(
    sections: list[tuple[str, list[str]]], rng: random.Random
) -> None:
    shuffled = list(sections)
    rng.shuffle(shuffled)
    changes = diff_documents(parse_document(render(sections)), parse_document(render(shuffled))).changes
    assert {c.kind for c in changes} <= {ChangeKind.MOVED}
    assert all(c.scope == "section" for c in changes)
    # ... and each moved section says its text is unchanged: one equal run.
    assert all([s.op for s in c.body_redline] == ["equal"] for c in changes)
    if shuffled == sections:
        assert changes == ()
    else:
        assert len(changes) < len(sections)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_redline_reproduces_both_texts(old: str, new: str) -> None:
    segments = redline(old, new)
    assert old_side(segments) == old
    assert new_side(segments) == new


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.lists(st.sampled_from(PIECES), max_size=40))
def test_redline_reproduces_word_texts_and_never_leaves_empty_runs(old: list[str], new: list[str]) -> None:
    segments = redline("".join(old), "".join(new))
    assert old_side(segments) == "".join(old) and new_side(segments) == "".join(new)
    assert all(s.text for s in segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


def _cosmetic(text: str, choices: list[int]) -> str:
    """The same prose with spaces turned into soft line breaks or NBSPs, and quotes curled."""
    out: list[str] = []
    for index, char in enumerate(text):
        choice = choices[index % len(choices)]
        if char == " " and choice == 1:
            out.append("\n")
        elif char == " " and choice == 2:
            out.append("\u00a0")
        elif char == "'" and choice != 0:
            out.append("\u2019")
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=80, deadline=None)
@given(documents(), st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=7))
def test_normalisation_only_edits_yield_only_formatting(
    sections: list[tuple[str, list[str]]], choices: list[int]
) -> None:
    edited = [(h, [_cosmetic(p, choices) for p in ps]) for h, ps in sections]
    changes = diff_documents(parse_document(render(sections)), parse_document(render(edited))).changes
    assert all(c.kind == ChangeKind.FORMATTING and c.formatting_only for c in changes), changes


def test_mojibake_repair_yields_only_formatting() -> None:
    old = "## Transfer\n\nWe may transfer it to any of the Vocalcom Groupâ€™s subsidiaries.\n"
    new = "## Transfer\n\nWe may transfer it to any of the Vocalcom Group’s subsidiaries.\n"
    changes = diff_documents(parse_document(old), parse_document(new)).changes
    assert [c.kind for c in changes] == [ChangeKind.FORMATTING]


MARKDOWN_PIECES = ["# A\n", "## B\n", "### A\n", "text one.\n", "text two\n", "- item\n", "  - nested\n"]
MARKDOWN_PIECES += ["\n", "| a | b |\n", "|---|---|\n", "> quote\n", "```\ncode\n```\n"]
MARKDOWN_PIECES += ["**Label**  \nbody\n"]
MARKDOWN_PIECES += ["B\n---\n"]
markdown = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=14).map("".join)


@settings(max_examples=150, deadline=None)
@given(markdown, markdown)
def test_any_two_documents_diff_consistently(old: str, new: str) -> None:
    old_document, new_document = parse_document(old), parse_document(new)
    changes = diff_documents(old_document, new_document).changes
    for change in changes:
        if change.redline:
            assert old_side(change.redline) == change.old_text
            assert new_side(change.redline) == change.new_text
        old_section = old_document.section(change.old_section.id) if change.old_section else None
        new_section = new_document.section(change.new_section.id) if change.new_section else None
        if change.body_redline:  # a moved section's body: both sides' own text, whole
            assert change.kind == ChangeKind.MOVED and old_section and new_section
            assert old_side(change.body_redline) == section_body(old_section)
            assert new_side(change.body_redline) == section_body(new_section)
        if change.scope == "section" and change.kind not in (ChangeKind.ADDED, ChangeKind.REMOVED):
            assert old_section and new_section
            assert (change.old_level, change.new_level) == (old_section.level, new_section.level)
        if change.scope == "block":
            assert change.old_level is None and change.new_level is None
        whole_section = change.scope == "section"
        assert (change.old_section is None) == (change.kind == ChangeKind.ADDED and whole_section)
        assert (change.new_section is None) == (change.kind == ChangeKind.REMOVED and whole_section)

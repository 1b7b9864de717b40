"""The text format: summary first, material first with reasons and words, colour only when asked."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest
from diff_samples import (
    COLLECT,
    heading_level_assessment,
    make_assessment,
    moved_section_assessment,
    sharing_change,
)

from policyvc.model import Assessment, Classification, Segment
from policyvc.render import RenderOptions, get_renderer

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text(assessments: list[Assessment], **options: object) -> str:
    return get_renderer("text").render(assessments, RenderOptions(**options))  # type: ignore[arg-type]


def test_summary_line_comes_first(mixed: Assessment) -> None:
    lines = _text([mixed]).splitlines()
    assert lines[0] == "policyvc diff old.md → new.md"
    assert lines[1] == (
        "MATERIAL (bump: major) · 5 changes: 1 material, 2 substantive, 2 editorial · "
        "1 added, 1 modified, 1 moved, 1 renamed, 1 formatting"
    )


def test_material_section_comes_first_with_reason_and_words(mixed: Assessment) -> None:
    out = _text([mixed])
    headers = [line for line in out.splitlines() if line.startswith("§ ")]
    assert headers == [
        "§ Privacy Statement › Third parties  [MATERIAL]",
        "§ Privacy Statement › Your choices  [SUBSTANTIVE]",
        "§ Privacy Statement › Contact  [SUBSTANTIVE]",
    ]
    assert (
        "  ! sharing (high): Personal information may now go to a new kind of recipient. — "
        "“advertising partners”, “data brokers”"
    ) in out
    assert "third parties{+, including advertising partners and data brokers,+} for the purpose" in out


def test_editorial_changes_are_one_line_each(mixed: Assessment) -> None:
    out = _text([mixed])
    tail = out[out.index("Editorial changes (2):") :].splitlines()
    assert tail[1:] == [
        "  § Privacy Statement › Collected information: formatting only (lines 21 → 21): [-the-]",
        "  § Privacy Statement › Security: moved from Privacy Statement › Secure Information Transmissions, "
        "text unchanged (lines 64–68 → 76–80)",
    ]
    assert "Email is not recognized" not in out


def test_plain_unless_colour_is_asked_for(mixed: Assessment) -> None:
    plain = _text([mixed])
    coloured = _text([mixed], color=True)
    assert not ANSI.search(plain)
    assert "\x1b[1;31mMATERIAL\x1b[0m" in coloured
    assert "\x1b[32m{+, including advertising partners and data brokers,+}\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_explain_names_rule_source_and_positions(mixed: Assessment) -> None:
    sources = {"sharing.new-recipient": "policyvc/classify/rules.toml"}
    out = _text([mixed], explain=True, rule_sources=sources)
    assert (
        "      rule sharing.new-recipient · category sharing · severity high · makes it material · "
        "from policyvc/classify/rules.toml"
    ) in out
    assert "      new line 57, chars 48–68: “advertising partners”" in out
    assert (
        "      rule structure.heading-renamed · category choice · severity low · makes it substantive · "
        "from built into the engine"
    ) in out
    assert "rule sharing.new-recipient" not in _text([mixed])


def test_long_unchanged_runs_are_elided_but_edits_are_not() -> None:
    change = sharing_change()
    long_equal = " ".join(f"word{i}" for i in range(60))
    change = replace(change, redline=(Segment("equal", long_equal + " "), Segment("insert", "data brokers")))
    out = _text([make_assessment(change)])
    assert "word0 word1" in out and "word59" in out and "word30" not in out
    assert "{+data brokers+}" in out


def test_no_changes_and_several_policies(mixed: Assessment, unchanged: Assessment) -> None:
    assert _text([unchanged]) == "policyvc diff old.md → new.md\nno changes (bump: none)\n"
    both = _text([mixed, unchanged])
    assert both.endswith("overall: material (bump: major) · 1 of 2 policies changed\n")
    assert both.count("policyvc diff old.md → new.md") == 2


# Labelled heading-level changes: (old heading, new heading, the editorial line the text format must print).
LEVEL_CASES = [
    (
        "### Cookies",
        "## Cookies",
        "  § Policy › Cookies: heading level 3 → 2: was under “Collection”, now under “Policy” (lines 7 → 7)",
    ),
    (
        "## Cookies",
        "### Cookies",
        "  § Policy › Collection › Cookies: heading level 2 → 3: was under “Policy”, now under “Collection” "
        "(lines 7 → 7)",
    ),
    ("### Cookies", "#### Cookies", "  § Policy › Collection › Cookies: heading level 3 → 4 (lines 7 → 7)"),
    (
        "### Cookies",
        "## Cookies and similar technologies",
        "  § Policy › Cookies and similar technologies: renamed from “Cookies”; heading level 3 → 2: "
        "was under “Collection”, now under “Policy” (lines 7 → 7): {+and similar technologies+}",
    ),
]


@pytest.mark.parametrize(("old", "new", "line"), LEVEL_CASES, ids=["up", "down", "deeper", "renamed"])
def test_a_heading_level_change_is_editorial_and_shows_both_levels(old: str, new: str, line: str) -> None:
    assessment = heading_level_assessment(old, new)
    assert assessment.classification is Classification.EDITORIAL
    assert len(assessment.changes) == 1
    assert _text([assessment]).splitlines()[-1] == line


def test_a_moved_section_shows_its_body_with_the_edits_made_on_the_way() -> None:
    lines = _text([moved_section_assessment(edited=True)]).splitlines()
    at = lines.index("  moved, text edited · editorial · lines 3–5 → 11–13")
    assert lines[at + 2] == (
        "    We collect your name[- and email address-]{+, email address and phone number+} when you "
        "register for an account with us."
    )
    # The edit is still its own change, classified on its own words.
    assert "  modified · substantive · lines 5 → 13" in lines


def test_a_moved_section_with_unchanged_text_says_so() -> None:
    out = _text([moved_section_assessment(edited=False)])
    assert out.splitlines()[-1] == "  § Policy › Collection: moved, text unchanged (lines 3–5 → 11–13)"
    assert COLLECT not in out

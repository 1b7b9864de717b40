"""The text format: summary first, material first with reasons and words, colour only when asked."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import make_assessment, sharing_change

from policyvc.model import Assessment, Segment
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
        "  § Privacy Statement › Security: moved from Privacy Statement › Secure Information Transmissions "
        "(lines 64–68 → 76–80)",
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

"""The Markdown format: a PR comment with the text format's structure, and policy text that stays text."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import COLLECT, MARKUP_TEXT, make_assessment, moved_section_assessment, sharing_change

from policyvc.model import Assessment, SectionRef, Segment
from policyvc.render import RenderOptions, get_renderer
from policyvc.render.markdown import escape_markdown


def _markdown(assessments: list[Assessment], **options: object) -> str:
    return get_renderer("markdown").render(assessments, RenderOptions(**options))  # type: ignore[arg-type]


def _as_html(markdown: str) -> BeautifulSoup:
    """Render the way GitHub would (CommonMark with inline HTML), then parse the result."""
    return BeautifulSoup(MarkdownIt("commonmark", {"html": True}).render(markdown), "html.parser")


def test_heading_summary_and_material_first(mixed: Assessment) -> None:
    out = _markdown([mixed])
    lines = out.splitlines()
    assert lines[0] == "## Policy diff: `old.md` → `new.md`"
    assert lines[2].startswith("**MATERIAL** (bump: major) · 5 changes: 1 material, 2 substantive")
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### § Privacy Statement › Third parties — material",
        "### § Privacy Statement › Your choices — substantive",
        "### § Privacy Statement › Contact — substantive",
        "### § Privacy Statement › Collected information — editorial",
        "### § Privacy Statement › Security — editorial",
    ]


def test_redline_renders_as_ins_and_del(mixed: Assessment) -> None:
    html = _as_html(_markdown([mixed]))
    assert [i.get_text() for i in html.find_all("ins")][:2] == [
        ", including advertising partners and data brokers,",
        "Your choices",
    ]
    assert [d.get_text() for d in html.find_all("del")] == ["Choice/Opt-out", "the "]
    reason = html.find(string=lambda s: "new kind of recipient" in s)
    assert reason is not None


def test_editorial_changes_fold_into_details(mixed: Assessment) -> None:
    out = _markdown([mixed])
    folded = out[out.index("<details>") : out.index("</details>")]
    assert "<summary>Editorial changes (2)</summary>" in folded
    assert "moved from Privacy Statement › Secure Information Transmissions" in folded
    assert "Third parties" not in folded


def test_policy_text_cannot_add_markup_or_links(hostile: Assessment) -> None:
    out = _markdown([hostile])
    html = _as_html(out)
    assert html.find("script") is None
    assert html.find("a") is None
    assert html.find("b") is None and html.find("em") is None
    assert html.find("strong", string="now") is None
    text = html.get_text()
    assert '<script>alert("x")</script>' in text
    assert "[our page](javascript:alert(1)) **now**" in text
    assert "Links <b>bold</b>" in text


def test_escape_markdown_neutralises_line_starts() -> None:
    assert escape_markdown("- not a list\n1. not a list\n# not a heading") == (
        "\\- not a list\n1\\. not a list\n\\# not a heading"
    )
    html = _as_html(escape_markdown("- a\n+ b\n2) c\n===\n<https://x.example>"))
    assert html.find(["ul", "ol", "h1", "h2", "a"]) is None


def test_explain_adds_rule_source_and_evidence(mixed: Assessment) -> None:
    out = _markdown([mixed], explain=True, rule_sources={"sharing.new-recipient": "rules.toml"})
    assert "  - rule `sharing.new-recipient` · category sharing · severity high · from `rules.toml`" in out
    assert "  - new line 57, chars 48–68: “advertising partners”" in out
    assert "rule `sharing.new-recipient`" not in _markdown([mixed])


def test_several_policies_get_an_overall_heading(mixed: Assessment, unchanged: Assessment) -> None:
    out = _markdown([mixed, unchanged], title="Policies changed in this PR")
    assert out.startswith(
        "# Policies changed in this PR\n\n**MATERIAL** (bump: major) · 1 of 2 policies changed\n"
    )
    assert out.count("## Policy diff: `old.md` → `new.md`") == 2
    assert "no changes (bump: none)" in out




@settings(max_examples=80, deadline=None)
@given(equal=MARKUP_TEXT, deleted=MARKUP_TEXT, inserted=MARKUP_TEXT, heading=MARKUP_TEXT)
def test_any_policy_text_stays_text(equal: str, deleted: str, inserted: str, heading: str) -> None:
    change = replace(
        sharing_change(),
        findings=(),
        new_section=SectionRef("s", (heading,)),
        redline=(Segment("equal", equal), Segment("delete", deleted), Segment("insert", inserted)),
    )
    html = _as_html(_markdown([make_assessment(change)]))
    tags = {tag.name for tag in html.find_all(True)}
    assert tags <= {"h2", "h3", "p", "strong", "code", "blockquote", "ins", "del", "br"}, tags


def test_a_moved_section_quotes_its_body_with_the_edits_made_on_the_way() -> None:
    out = _markdown([moved_section_assessment(edited=True)])
    moved = out[out.index("**moved, text edited** · editorial") :]
    quote = _as_html(moved[moved.index("> ") :].split("\n\n")[0])
    assert [d.get_text() for d in quote.find_all("del")] == [" and email address"]
    assert [i.get_text() for i in quote.find_all("ins")] == [", email address and phone number"]
    assert [e.get_text() for e in quote.find_all("em")] == [
        "We collect your name",
        " when you register for an account with us.",
    ]


def test_a_moved_section_with_unchanged_text_says_so_and_quotes_it_as_moved() -> None:
    out = _markdown([moved_section_assessment(edited=False)])
    assert "**moved, text unchanged** · editorial" in out
    assert f"> <em>{COLLECT}</em>" in out and "<del>" not in out

"""The HTML redline page: structure, accessibility, escaping, anchors, moved text, embeddable fragment."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import (
    COLLECT,
    COLLECT_EDITED,
    MARKUP_TEXT,
    make_assessment,
    moved_change,
    moved_section_assessment,
    sharing_change,
)

from policyvc.config import Config
from policyvc.model import Assessment, SectionRef, Segment
from policyvc.render import RenderOptions, get_renderer
from policyvc.render.html import diff_stylesheet, render_diff_fragment


def _page(assessments: list[Assessment], **options: object) -> BeautifulSoup:
    html = get_renderer("html").render(assessments, RenderOptions(**options))  # type: ignore[arg-type]
    return BeautifulSoup(html, "html.parser")


def _visible_text(tag: Tag) -> str:
    """Text a sighted reader sees: without the visually hidden labels."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for hidden in copy.select(".pvc-visually-hidden"):
        hidden.decompose()
    return copy.get_text()


def test_standalone_accessible_page(mixed: Assessment) -> None:
    page = _page([mixed])
    assert page.html is not None and page.html["lang"] == "en"
    assert page.title is not None and page.title.string == "Policy changes: old.md → new.md"
    assert page.find("main") is not None
    assert page.find("h1").get_text() == "Policy changes: old.md → new.md"  # type: ignore[union-attr]
    assert page.find("script") is None
    assert page.find("link") is None  # CSS is inline
    assert ".pvc-redline del" in page.find("style").get_text()  # type: ignore[union-attr]
    assert page.find(attrs={"onclick": True}) is None


def test_counts_at_the_top(mixed: Assessment) -> None:
    page = _page([mixed])
    tables = page.select("main .pvc-summary table.pvc-counts")
    assert [t.caption.get_text() for t in tables] == ["Changes by class", "Changes by kind"]  # type: ignore[union-attr]
    by_class = {row.th.get_text(): int(row.td.get_text()) for row in tables[0].find_all("tr")}  # type: ignore[union-attr]
    assert by_class == {"material": 1, "substantive": 2, "editorial": 2, "none": 0}
    first_section = page.select_one("section.pvc-section")
    assert first_section is not None
    assert page.select_one(".pvc-summary").find_next("section", class_="pvc-section") is first_section  # type: ignore[union-attr]


def test_contents_link_to_section_ids_in_material_first_order(mixed: Assessment) -> None:
    page = _page([mixed])
    links = [a["href"] for a in page.select("nav.pvc-toc a")]
    assert links == ["#third-parties", "#your-choices", "#contact", "#collected-information", "#security"]
    sections = [s["id"] for s in page.select("section.pvc-section")]
    assert ["#" + s for s in sections] == links
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    first = page.select_one("section.pvc-section")
    assert first is not None and "pvc-material" in first["class"]
    assert "new kind of recipient" in first.get_text()


def test_insertions_and_deletions_carry_text_labels(mixed: Assessment) -> None:
    page = _page([mixed])
    inserted = page.select_one("#third-parties ins")
    assert inserted is not None
    assert inserted.select_one(".pvc-visually-hidden").get_text() == "[inserted: "  # type: ignore[union-attr]
    assert _visible_text(inserted) == ", including advertising partners and data brokers,"
    deleted = page.select_one("#your-choices del")
    assert deleted is not None and deleted.get_text().startswith("[deleted: ")
    assert _visible_text(deleted) == "Choice/Opt-out"


def test_redline_reads_as_the_new_text_without_deletions(mixed: Assessment) -> None:
    page = _page([mixed])
    redline = page.select_one("#third-parties .pvc-redline")
    assert redline is not None
    for deleted in redline.find_all("del"):
        deleted.decompose()
    assert _visible_text(redline) == sharing_change().new_text


def test_moved_text_is_styled_and_labelled() -> None:
    page = _page([make_assessment(moved_change())])
    section = page.select_one("#security")
    assert section is not None
    label = section.select_one(".pvc-moved-label")
    assert label is not None
    assert label.get_text() == "Moved from Privacy Statement › Secure Information Transmissions"
    redline = section.select_one(".pvc-redline.pvc-moved")
    assert redline is not None and redline.select_one(".pvc-moved-text") is not None
    assert page.select_one("#third-parties") is None


def test_policy_text_never_becomes_markup(hostile: Assessment) -> None:
    raw = get_renderer("html").render([hostile], RenderOptions(explain=True))
    page = BeautifulSoup(raw, "html.parser")
    assert page.find("script") is None
    assert page.find("a", href=lambda h: h is not None and h.startswith("javascript")) is None
    assert page.find("b") is None and page.find("em") is None
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in raw
    assert "[our page](javascript:alert(1)) **now**" in page.get_text()
    assert page.select_one("nav.pvc-toc a").get_text() == "Privacy Statement › Links <b>bold</b>"  # type: ignore[union-attr]


def test_explain_lists_rule_source_and_evidence(mixed: Assessment) -> None:
    page = _page([mixed], explain=True, rule_sources={"sharing.new-recipient": "rules.toml"})
    explain = page.select_one("#third-parties dl.pvc-explain")
    assert explain is not None
    pairs = [(dt.get_text(), dt.find_next_sibling("dd").get_text()) for dt in explain.find_all("dt")]  # type: ignore[union-attr]
    assert pairs == [
        ("Rule", "sharing.new-recipient (sharing, severity high)"),
        ("Source", "rules.toml"),
        ("Evidence", "new line 57, chars 48–68: advertising partners"),
        ("Evidence", "new line 57, chars 73–85: data brokers"),
    ]
    assert _page([mixed]).select_one("dl.pvc-explain") is None


def test_several_policies_get_prefixed_unique_anchors(mixed: Assessment) -> None:
    page = _page([mixed, make_assessment(sharing_change())])
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert "p1-third-parties" in ids and "p2-third-parties" in ids
    for link in page.select("nav.pvc-toc a"):
        assert page.find(id=str(link["href"])[1:]) is not None


def test_fragment_embeds_without_page_chrome(mixed: Assessment) -> None:
    fragment = render_diff_fragment(mixed, heading_level=3)
    soup = BeautifulSoup(fragment, "html.parser")
    assert soup.find(["html", "head", "body", "main", "style", "h1", "h2"]) is None
    assert soup.select_one(".pvc-summary h3") is not None
    assert soup.select_one("#third-parties h4") is not None
    assert ".pvc-moved-text" in diff_stylesheet()


def test_repository_can_override_the_stylesheet(tmp_path: Path, mixed: Assessment) -> None:
    override = tmp_path / ".policyvc" / "templates" / "diff"
    override.mkdir(parents=True)
    (override / "diff.css").write_text(".pvc-diff { color: rebeccapurple; }\n", encoding="utf-8")
    page = _page([mixed], config=Config(root=tmp_path))
    assert "rebeccapurple" in page.find("style").get_text()  # type: ignore[union-attr]


_ALLOWED_TAGS = {
    "div", "section", "h2", "h3", "p", "span", "strong", "code", "table", "caption", "tbody", "tr", "th",
    "td", "nav", "ol", "li", "a", "ul", "q", "ins", "del", "dl", "dt", "dd",
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(equal=MARKUP_TEXT, deleted=MARKUP_TEXT, inserted=MARKUP_TEXT, heading=MARKUP_TEXT)
def test_any_policy_text_stays_text(equal: str, deleted: str, inserted: str, heading: str) -> None:
    change = replace(
        sharing_change(),
        new_section=SectionRef("s", (heading,)),
        old_text=equal + deleted,
        new_text=equal + inserted,
        redline=(Segment("equal", equal), Segment("delete", deleted), Segment("insert", inserted)),
    )
    soup = BeautifulSoup(render_diff_fragment(make_assessment(change)), "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= _ALLOWED_TAGS
    redline = soup.select_one(".pvc-redline")
    assert redline is not None
    for removed in redline.find_all("del"):
        removed.decompose()
    # BeautifulSoup collapses whitespace-only text nodes, so compare the words, not the runs of blanks.
    assert _visible_text(redline).split() == (equal + inserted).split()


def test_a_moved_section_shows_its_body_redline_in_the_moved_box() -> None:
    page = _page([moved_section_assessment(edited=True)])
    moved = page.select_one(".pvc-redline.pvc-moved")
    assert moved is not None
    assert [d.get_text() for d in moved.find_all("del")] == ["[deleted:  and email address]"]
    assert [i.get_text() for i in moved.find_all("ins")] == ["[inserted: , email address and phone number]"]
    for deleted in moved.find_all("del"):
        deleted.decompose()
    assert _visible_text(moved) == COLLECT_EDITED
    heads = [head.get_text() for head in page.select(".pvc-change-head strong")]
    assert heads == ["modified", "moved, text edited"]


def test_a_moved_section_with_unchanged_text_says_so() -> None:
    page = _page([moved_section_assessment(edited=False)])
    assert [head.get_text() for head in page.select(".pvc-change-head strong")] == ["moved, text unchanged"]
    moved = page.select_one(".pvc-redline.pvc-moved")
    assert moved is not None and moved.find(["del", "ins"]) is None
    assert _visible_text(moved) == COLLECT

"""diff_documents: each kind of change is reported as what it is, in new-document order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policyvc.diff.redline import new_side, old_side
from policyvc.model import ChangeKind, ChangeSet

Diff = Callable[[str, str], ChangeSet]

PROSE = {
    "a": "We collect your name and email address when you register for an account with us.",
    "b": "We use cookies to remember your preferences and to measure how our site is used.",
    "c": "We share data with payment processors only to complete the purchases you make.",
    "d": "You can ask us to correct or delete your personal information at any time.",
    "e": "We keep server logs for ninety days and then delete them automatically.",
}


def doc(*sections: tuple[str, str]) -> str:
    return "# Policy\n\n" + "".join(f"## {heading}\n\n{body}\n\n" for heading, body in sections)


def kinds(changeset: ChangeSet) -> list[tuple[str, str]]:
    return [(c.kind.value, c.scope) for c in changeset.changes]


BASE = doc(
    ("Collection", PROSE["a"]), ("Cookies", PROSE["b"]), ("Sharing", PROSE["c"]), ("Rights", PROSE["d"])
)


def test_a_document_diffed_with_itself_has_no_changes(diff_markdown: Diff) -> None:
    assert diff_markdown(BASE, BASE).changes == ()


def test_renamed_section_is_one_rename(diff_markdown: Diff) -> None:
    changeset = diff_markdown(BASE, BASE.replace("## Rights", "## Your choices"))
    assert kinds(changeset) == [("renamed", "section")]
    change = changeset.changes[0]
    assert (change.old_text, change.new_text) == ("Rights", "Your choices")
    assert change.old_section is not None and change.old_section.id == "policy--rights"
    assert change.new_section is not None and change.new_section.path == ("Policy", "Your choices")
    assert old_side(change.redline) == "Rights" and new_side(change.redline) == "Your choices"


def test_renamed_and_edited_section(diff_markdown: Diff) -> None:
    new = BASE.replace("## Rights", "## Your choices").replace("at any time", "within thirty days")
    changeset = diff_markdown(BASE, new)
    assert kinds(changeset) == [("renamed", "section"), ("modified", "block")]
    edit = changeset.changes[1]
    assert [(s.op, s.text) for s in edit.redline if s.op != "equal"] == [
        ("delete", "at any time"),
        ("insert", "within thirty days"),
    ]
    assert 0.5 < edit.similarity < 1.0


def test_moved_section_is_only_a_move(diff_markdown: Diff) -> None:
    new = doc(
        ("Cookies", PROSE["b"]), ("Sharing", PROSE["c"]), ("Collection", PROSE["a"]), ("Rights", PROSE["d"])
    )
    changeset = diff_markdown(BASE, new)
    assert kinds(changeset) == [("moved", "section")]
    moved = changeset.changes[0]
    assert moved.new_text == "Collection"
    assert moved.old_lines is not None and moved.new_lines is not None
    assert moved.old_lines.start < moved.new_lines.start
    # The text that moved, unchanged: one equal run, so a reader sees what moved and that nothing changed.
    assert [(s.op, s.text) for s in moved.body_redline] == [("equal", PROSE["a"])]


def test_a_moved_and_edited_section_carries_the_redline_of_its_body(diff_markdown: Diff) -> None:
    edited = PROSE["a"].replace("name and email address", "name, email address and phone number")
    stay = (("Cookies", PROSE["b"]), ("Sharing", PROSE["c"]))
    old = doc(("Collection", f"{PROSE['a']}\n\n{PROSE['e']}"), *stay)
    new = doc(*stay, ("Collection", f"{edited}\n\n{PROSE['e']}"))
    changeset = diff_markdown(old, new)
    # The edit stays its own block change (classified there); the move shows it inside the section's body.
    assert sorted(kinds(changeset)) == [("modified", "block"), ("moved", "section")]
    moved = next(c for c in changeset.changes if c.kind is ChangeKind.MOVED)
    assert (moved.old_text, moved.new_text, moved.redline) == ("Collection", "Collection", ())
    assert old_side(moved.body_redline) == PROSE["a"] + "\n" + PROSE["e"]
    assert new_side(moved.body_redline) == edited + "\n" + PROSE["e"]
    assert [(s.op, s.text) for s in moved.body_redline if s.op != "equal"] == [
        ("delete", " and email address"),
        ("insert", ", email address and phone number"),
    ]


def test_only_moved_sections_carry_a_body_redline(diff_markdown: Diff) -> None:
    new = BASE.replace("## Rights", "## Your choices").replace("at any time", "within thirty days")
    assert all(c.body_redline == () for c in diff_markdown(BASE, new).changes)


LEVELS = "# Policy\n\n## Collection\n\n{a}\n\n{cookies} Cookies\n\n{b}\n\n## Sharing\n\n{c}\n"


def levels(cookies: str, heading: str = "Cookies") -> str:
    text = LEVELS.format(a=PROSE["a"], b=PROSE["b"], c=PROSE["c"], cookies=cookies)
    return text.replace(" Cookies\n", f" {heading}\n")


def test_a_heading_level_change_alone_is_one_formatting_change(diff_markdown: Diff) -> None:
    changeset = diff_markdown(levels("###"), levels("##"))
    assert kinds(changeset) == [("formatting", "section")]
    change = changeset.changes[0]
    assert (change.old_level, change.new_level) == (3, 2)
    assert change.formatting_only and (change.old_text, change.new_text) == ("Cookies", "Cookies")
    # The section's place in the tree is what changed: a subsection of Collection is now a section.
    assert change.old_section is not None and change.old_section.path == ("Policy", "Collection", "Cookies")
    assert change.new_section is not None and change.new_section.path == ("Policy", "Cookies")
    back = diff_markdown(levels("##"), levels("###")).changes
    assert [(c.kind, c.old_level, c.new_level) for c in back] == [(ChangeKind.FORMATTING, 2, 3)]


def test_a_renamed_heading_that_changed_level_is_one_rename_with_both_levels(diff_markdown: Diff) -> None:
    changeset = diff_markdown(levels("###"), levels("##", "Cookies and similar technologies"))
    assert kinds(changeset) == [("renamed", "section")]
    assert (changeset.changes[0].old_level, changeset.changes[0].new_level) == (3, 2)


def test_section_changes_carry_levels_and_block_changes_do_not(diff_markdown: Diff) -> None:
    new = levels("###").replace("## Sharing", "#### Sharing").replace("at any time", "")
    new = new.replace("payment processors", "payment processors and advertisers") + "\n## Rights\n\nNone.\n"
    changes = diff_markdown(levels("###"), new).changes
    assert {(c.kind.value, c.scope): (c.old_level, c.new_level) for c in changes} == {
        ("formatting", "section"): (2, 4),
        ("modified", "block"): (None, None),
        ("added", "section"): (None, 2),
    }


def test_a_section_renamed_and_rewritten_in_place_is_one_renamed_section(diff_markdown: Diff) -> None:
    old = doc(("Collection", PROSE["a"]), ("Choice/Opt-out", PROSE["d"]), ("Sharing", PROSE["c"]))
    rewritten = "To stop receiving our newsletters, follow the unsubscribe link at the bottom of any email."
    new = doc(("Collection", PROSE["a"]), ("Your choices", rewritten), ("Sharing", PROSE["c"]))
    changeset = diff_markdown(old, new)
    assert kinds(changeset) == [("renamed", "section"), ("removed", "block"), ("added", "block")]
    renamed = changeset.changes[0]
    assert (renamed.old_text, renamed.new_text) == ("Choice/Opt-out", "Your choices")
    assert all(c.new_section and c.new_section.path[-1] == "Your choices" for c in changeset.changes)


def test_block_moved_across_sections(diff_markdown: Diff) -> None:
    old = doc(("Collection", PROSE["a"] + "\n\n" + PROSE["e"]), ("Cookies", PROSE["b"]))
    moved_and_edited = PROSE["e"].replace("ninety", "thirty")
    new = doc(("Collection", PROSE["a"]), ("Cookies", PROSE["b"] + "\n\n" + moved_and_edited))
    changeset = diff_markdown(old, new)
    assert kinds(changeset) == [("moved", "block")]
    moved = changeset.changes[0]
    assert moved.old_section is not None and moved.old_section.id == "policy--collection"
    assert moved.new_section is not None and moved.new_section.id == "policy--cookies"
    edits = [(s.op, s.text) for s in moved.redline if s.op != "equal"]
    assert edits == [("delete", "ninety"), ("insert", "thirty")]


def test_paragraph_split_and_merge(diff_markdown: Diff) -> None:
    joined = doc(("Collection", PROSE["a"] + " " + PROSE["e"]))
    apart = doc(("Collection", PROSE["a"] + "\n\n" + PROSE["e"]))
    split = diff_markdown(joined, apart)
    assert kinds(split) == [("split", "block")]
    assert split.changes[0].new_text == PROSE["a"] + "\n\n" + PROSE["e"]
    assert kinds(diff_markdown(apart, joined)) == [("merged", "block")]


def test_section_split_in_two_and_merged_back(diff_markdown: Diff) -> None:
    whole = doc(("Data", "\n\n".join(PROSE[k] for k in "abcd")))
    halves = doc(
        ("Data", PROSE["a"] + "\n\n" + PROSE["b"]), ("Sharing and rights", PROSE["c"] + "\n\n" + PROSE["d"])
    )
    split = diff_markdown(whole, halves)
    assert kinds(split) == [("split", "section")]
    change = split.changes[0]
    assert change.old_section is not None and change.old_section.id == "policy--data"
    assert change.new_section is not None and change.new_section.id == "policy--sharing-and-rights"
    assert [r.id for r in change.related] == ["policy--data", "policy--sharing-and-rights"]
    assert kinds(diff_markdown(halves, whole)) == [("merged", "section")]


def test_formatting_only_edits(diff_markdown: Diff) -> None:
    old = doc(("Cookies", 'We use "cookies" - small files - on our site.'))
    new = doc(("Cookies", "We use “cookies” – small files – on  our\nsite."))
    changeset = diff_markdown(old, new)
    assert kinds(changeset) == [("formatting", "block")]
    change = changeset.changes[0]
    assert change.formatting_only and change.similarity == 1.0
    assert all(s.formatting_only for s in change.redline if s.op != "equal")


def test_added_and_removed_sections_carry_their_text_and_no_block_changes(diff_markdown: Diff) -> None:
    new = doc(
        ("Collection", PROSE["a"]),
        ("Retention", PROSE["e"]),
        ("Cookies", PROSE["b"]),
        ("Sharing", PROSE["c"]),
    )
    changeset = diff_markdown(BASE, new)
    assert kinds(changeset) == [("added", "section"), ("removed", "section")]
    added, removed = changeset.changes
    assert added.new_text == "Retention\n" + PROSE["e"] and added.old_text is None
    assert removed.old_text == "Rights\n" + PROSE["d"] and removed.new_text is None


def test_changes_come_in_new_document_order_with_removals_at_their_old_place(diff_markdown: Diff) -> None:
    old = doc(
        ("Collection", PROSE["a"] + "\n\n" + PROSE["e"]), ("Cookies", PROSE["b"]), ("Rights", PROSE["d"])
    )
    new = doc(
        ("Collection", PROSE["a"]),
        ("Cookies", PROSE["b"].replace("remember", "store")),
        ("Rights", PROSE["d"] + "\n\n" + PROSE["c"]),
    )
    changeset = diff_markdown(old, new)
    assert kinds(changeset) == [("removed", "block"), ("modified", "block"), ("added", "block")]
    removed, _, added = changeset.changes
    assert removed.old_text == PROSE["e"] and added.new_text == PROSE["c"]
    # A lone block still names the section on the other side, where a reader will look for it.
    assert removed.new_section is not None and removed.new_section.id == "policy--collection"
    assert added.old_section is not None and added.old_section.id == "policy--rights"


def test_vocalcom_example_revision(diff_markdown: Diff, repo_root: Path) -> None:
    old = (repo_root / "policies" / "privacy.md").read_text(encoding="utf-8")
    new = (repo_root / "examples" / "privacy-revised.md").read_text(encoding="utf-8")
    changes = diff_markdown(old, new).changes
    by_kind = {(c.kind, c.scope): c for c in changes}
    assert sorted((c.kind.value, c.scope) for c in changes) == [
        ("formatting", "block"),
        ("modified", "block"),
        ("modified", "block"),
        ("moved", "section"),
        ("renamed", "section"),
    ]
    moved = by_kind[(ChangeKind.MOVED, "section")]
    assert moved.new_text == "Secure Information Transmissions"
    renamed = by_kind[(ChangeKind.RENAMED, "section")]
    assert (renamed.old_text, renamed.new_text) == ("Choice/Opt-out", "Your choices")
    formatting = by_kind[(ChangeKind.FORMATTING, "block")]
    assert formatting.old_text is not None and "Groupâ€™s" in formatting.old_text
    assert formatting.new_section is not None
    assert formatting.new_section.path[-1] == "Transfer of personal information"
    sharing_heading = "Sharing information with third parties"
    sharing = [c for c in changes if c.new_section and c.new_section.path[-1] == sharing_heading]
    assert len(sharing) == 1 and sharing[0].kind == ChangeKind.MODIFIED
    inserted = "".join(s.text for s in sharing[0].redline if s.op == "insert")
    assert "data brokers" in inserted and "targeted advertising" in inserted


def test_rewrapped_lines_are_formatting_and_real_edits_in_them_are_one_change(diff_markdown: Diff) -> None:
    # Policies converted from PDF: one line per paragraph, re-wrapped by the next version.
    old_lines = [
        "These Terms govern your use of Instagram and",
        "provide information about the Instagram",
        "Service, outlined below.",
        "The Service is one of the Facebook Products,",
        "provided to you by Facebook, Inc.",
    ]
    new_lines = [
        "These Terms govern your use of Instagram",
        "and provide information about the Instagram Service,",
        "outlined below.",
        "The Service is one of the Facebook Products, provided",
        "to you by Meta Platforms, Inc.",
    ]
    old, new = doc(("Terms", "\n\n".join(old_lines))), doc(("Terms", "\n\n".join(new_lines)))
    changeset = diff_markdown(old, new)
    assert kinds(changeset) == [("formatting", "block"), ("modified", "block")]
    rewrap, edit = changeset.changes
    assert rewrap.formatting_only and rewrap.old_lines is not None
    assert rewrap.old_lines.end > rewrap.old_lines.start
    assert [(s.op, s.text) for s in edit.redline if s.op != "equal" and not s.formatting_only] == [
        ("delete", "Facebook"),
        ("insert", "Meta Platforms"),
    ]

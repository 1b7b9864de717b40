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

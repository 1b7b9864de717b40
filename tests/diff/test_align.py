"""Section and block alignment: renames, moves, splits and merges are recognised as such."""

from __future__ import annotations

from policyvc.diff.align import align_blocks, align_sections, topic_words
from policyvc.parse.markdown import parse_document

PROSE = {
    "a": "We collect your name and email address when you register for an account with us.",
    "b": "We use cookies to remember your preferences and to measure how our site is used.",
    "c": "We share data with payment processors only to complete the purchases you make.",
    "d": "You can ask us to correct or delete your personal information at any time.",
    "e": "We keep server logs for ninety days and then delete them automatically.",
}


def doc(*sections: tuple[str, str]) -> str:
    return "# Policy\n\n" + "".join(f"## {heading}\n\n{body}\n\n" for heading, body in sections)


def headings(text: str) -> list[str]:
    return [s.heading for s in parse_document(text).sections]


def test_identical_documents_match_every_section_in_order() -> None:
    text = doc(("A", PROSE["a"]), ("B", PROSE["b"]))
    d = parse_document(text)
    alignment = align_sections(d, d)
    assert alignment.pairs == ((0, 0), (1, 1), (2, 2))
    assert alignment.moved == frozenset()


def test_renamed_section_is_matched_by_its_content() -> None:
    old = parse_document(doc(("Choice/Opt-out", PROSE["d"]), ("Logs", PROSE["e"])))
    new = parse_document(doc(("Your choices", PROSE["d"]), ("Logs", PROSE["e"])))
    assert align_sections(old, new).pairs == ((0, 0), (1, 1), (2, 2))


def test_reworded_heading_is_matched_even_when_the_content_changed() -> None:
    old = parse_document(doc(("Information from cookies", PROSE["b"])))
    new = parse_document(doc(("Information from Cookies.", "Entirely different words now.")))
    assert (1, 1) in align_sections(old, new).pairs


def test_only_the_section_that_moved_is_moved() -> None:
    order = ["a", "b", "c", "d", "e"]
    old = parse_document(doc(*((k.upper(), PROSE[k]) for k in order)))
    new = parse_document(doc(*((k.upper(), PROSE[k]) for k in ["b", "c", "d", "a", "e"])))
    alignment = align_sections(old, new)
    assert [new.sections[j].heading for j in alignment.moved] == ["A"]


def test_a_child_carried_along_by_its_parent_is_not_a_move_of_its_own() -> None:
    old = parse_document(
        "# P\n\n## One\n\nfirst text here\n\n### Child\n\nchild text here\n\n## Two\n\nsecond text here\n\n"
        "## Three\n\nthird text here\n"
    )
    new = parse_document(
        "# P\n\n## Two\n\nsecond text here\n\n## Three\n\nthird text here\n\n## One\n\nfirst text here\n\n"
        "### Child\n\nchild text here\n"
    )
    moved = align_sections(old, new).moved
    assert [new.sections[j].heading for j in sorted(moved)] == ["One"]


def test_duplicate_headings_permuted_match_by_content() -> None:
    old = parse_document(doc(("Details", PROSE["a"]), ("Details", PROSE["b"])))
    new = parse_document(doc(("Details", PROSE["b"]), ("Details", PROSE["a"])))
    pairs = dict(align_sections(old, new).pairs)
    assert pairs[1] == 2 and pairs[2] == 1


REWRITTEN = "To stop receiving our newsletters, follow the unsubscribe link at the bottom of any email."


def matched_headings(old_text: str, new_text: str) -> list[tuple[str, str]]:
    old, new = parse_document(old_text), parse_document(new_text)
    return [(old.sections[i].heading, new.sections[j].heading) for i, j in align_sections(old, new).pairs]


def test_a_section_rewritten_in_its_slot_under_a_heading_on_the_same_topic_is_matched() -> None:
    old = doc(("Collection", PROSE["a"]), ("Choice/Opt-out", PROSE["d"]), ("Sharing", PROSE["c"]))
    new = doc(("Collection", PROSE["a"]), ("Your choices", REWRITTEN), ("Sharing", PROSE["c"]))
    assert ("Choice/Opt-out", "Your choices") in matched_headings(old, new)
    # At the end of the document the slot is still fixed by the neighbour before it.
    old_end = doc(("Collection", PROSE["a"]), ("Choice/Opt-out", PROSE["d"]))
    new_end = doc(("Collection", PROSE["a"]), ("Your choices", REWRITTEN))
    assert ("Choice/Opt-out", "Your choices") in matched_headings(old_end, new_end)


def test_a_rewritten_section_under_a_heading_on_another_topic_stays_removed_and_added() -> None:
    old = doc(("Collection", PROSE["a"]), ("Your rights", PROSE["d"]), ("Sharing", PROSE["c"]))
    new = doc(("Collection", PROSE["a"]), ("Your choices", REWRITTEN), ("Sharing", PROSE["c"]))
    assert ("Your rights", "Your choices") not in matched_headings(old, new)


def test_a_rewritten_section_in_another_slot_stays_removed_and_added() -> None:
    old = doc(("Collection", PROSE["a"]), ("Choice/Opt-out", PROSE["d"]), ("Sharing", PROSE["c"]))
    new = doc(("Collection", PROSE["a"]), ("Sharing", PROSE["c"]), ("Your choices", REWRITTEN))
    assert ("Choice/Opt-out", "Your choices") not in matched_headings(old, new)
    # Nor when the slot holds a different number of sections on each side: which one is which is a guess.
    crowded = doc(("Collection", PROSE["a"]), ("Your choices", REWRITTEN), ("Cookies", PROSE["b"]))
    assert ("Choice/Opt-out", "Your choices") not in matched_headings(old, crowded + "## Sharing\n\nx\n")


def test_a_rewritten_section_under_another_parent_stays_removed_and_added() -> None:
    old = "# P\n\n## Collection\n\n{a}\n\n### Cookies\n\n{b}\n\n## Sharing\n\n{c}\n"
    new = "# P\n\n## Collection\n\n{a}\n\n## Cookie settings\n\n{r}\n\n## Sharing\n\n{c}\n"
    fill = {"a": PROSE["a"], "b": PROSE["b"], "c": PROSE["c"], "r": REWRITTEN}
    assert ("Cookies", "Cookie settings") not in matched_headings(old.format(**fill), new.format(**fill))
    same_parent = new.replace("## Cookie settings", "### Cookie settings")
    assert ("Cookies", "Cookie settings") in matched_headings(old.format(**fill), same_parent.format(**fill))


def test_without_a_matched_neighbour_the_slot_says_nothing() -> None:
    old = "## Cookies\n\n" + PROSE["b"] + "\n"
    new = "## Cookies and similar technologies\n\n" + REWRITTEN + "\n"
    assert matched_headings(old, new) == []


def test_words_in_many_headings_name_the_document_not_a_topic() -> None:
    # "Acme" heads most sections, so "Acme security audits" and "How to contact Acme" share no topic.
    names = ["Acme accounts", "Acme billing", "Acme support", "Acme security audits", "Acme content"]
    old = doc(*((name, PROSE[k]) for name, k in zip(names, "abcde", strict=True)))
    new = old.replace("## Acme security audits\n\n" + PROSE["d"], "## How to contact Acme\n\n" + REWRITTEN)
    assert ("Acme security audits", "How to contact Acme") not in matched_headings(old, new)
    assert ("Acme support", "Acme support") in matched_headings(old, new)


def test_topic_words_drop_generic_words_and_fold_plurals() -> None:
    assert topic_words("Choice/Opt-out") == {"choic", "opt", "out"}
    assert topic_words("Your choices") == {"choic"}
    assert topic_words("How we share information") == topic_words("Sharing")
    assert topic_words("Information we collect") == topic_words("What data we collect") == {"collect"}
    assert topic_words("3. Third-party services") == topic_words("Third parties")


def test_block_moved_to_another_section_is_a_move() -> None:
    old = parse_document(doc(("A", PROSE["a"] + "\n\n" + PROSE["c"]), ("B", PROSE["b"])))
    new = parse_document(doc(("A", PROSE["a"]), ("B", PROSE["b"] + "\n\n" + PROSE["c"])))
    blocks = align_blocks(old, new, align_sections(old, new))
    assert blocks.moved == (((1, 1), (2, 1)),)
    assert blocks.removed == () and blocks.added == ()


def test_edited_block_stays_in_place() -> None:
    old = parse_document(doc(("A", PROSE["a"])))
    new = parse_document(doc(("A", PROSE["a"].replace("email address", "phone number"))))
    blocks = align_blocks(old, new, align_sections(old, new))
    assert ((1, 0), (1, 0)) in blocks.in_place
    assert blocks.removed == () and blocks.added == ()


def test_paragraph_split_in_two_and_merged_back() -> None:
    joined = PROSE["a"] + " " + PROSE["e"]
    old = parse_document(doc(("A", joined)))
    new = parse_document(doc(("A", PROSE["a"] + "\n\n" + PROSE["e"])))
    blocks = align_blocks(old, new, align_sections(old, new))
    assert [(s.old, s.new) for s in blocks.splits] == [(((1, 0),), ((1, 0), (1, 1)))]
    back = align_blocks(new, old, align_sections(new, old))
    assert [(s.old, s.new) for s in back.splits] == [(((1, 0), (1, 1)), ((1, 0),))]


def test_a_rewrap_exactly_at_the_threshold_counts() -> None:
    # Joined, the new paragraphs are exactly REFLOW_MIN_SIMILARITY (0.6) alike to the old one, and neither
    # pairs with it alone: "at least this alike" includes the threshold, though 0.6 has no exact binary form.
    old = parse_document(doc(("A", "share delete share delete data request")))
    new = parse_document(doc(("A", "safe we data\n\ndata request delete")))
    blocks = align_blocks(old, new, align_sections(old, new))
    assert [(s.old, s.new) for s in blocks.splits] == [(((1, 0),), ((1, 0), (1, 1)))]

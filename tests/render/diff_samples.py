"""Hand-built assessments for the diff renderers: tested against model values, not against the pipeline."""

from __future__ import annotations

from hypothesis import strategies as st

from policyvc.compare import compare_texts
from policyvc.model import (
    Assessment,
    Block,
    BlockKind,
    Change,
    ChangeKind,
    ChangeSet,
    Classification,
    Document,
    Evidence,
    Finding,
    LineRange,
    Section,
    SectionRef,
    Segment,
    Severity,
)

# Policy text full of Markdown, HTML and link syntax: a renderer must show it as text, never as markup.
_MARKUP = st.sampled_from(
    ["*", "**", "_", "~~", "`", "[", "](", ")", "<b>", "</b>", "<script>", "javascript:", "http://x.example",
     "# ", "- ", "1. ", "> ", "|", "!", "&amp;", "\n", "\n\n", " ", "word"]
)  # fmt: skip
_PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")))
MARKUP_TEXT = st.lists(_MARKUP | _PLAIN).map("".join)

SHARING = SectionRef("third-parties", ("Privacy Statement", "Third parties"))
CHOICES = SectionRef("your-choices", ("Privacy Statement", "Your choices"))
OPT_OUT = SectionRef("choice-opt-out", ("Privacy Statement", "Choice/Opt-out"))
SECURITY = SectionRef("security", ("Privacy Statement", "Security"))
COLLECTED = SectionRef("collected-information", ("Privacy Statement", "Collected information"))
CONTACT = SectionRef("contact", ("Privacy Statement", "Contact"))
HOSTILE = SectionRef("hostile", ("Privacy Statement", "Links <b>bold</b>"))


def _empty_document() -> Document:
    block = Block(BlockKind.PARAGRAPH, "x", "x", LineRange(1, 1))
    return Document(sections=(Section("s", "", "", 0, (), None, (block,), LineRange(1, 1)),))


def sharing_change() -> Change:
    """A material widening of who receives data, with evidence on the new side."""
    old = "We share your name with third parties for the purpose of providing you information."
    new = (
        "We share your name with third parties, including advertising partners and data brokers, "
        "for the purpose of providing you information."
    )
    finding = Finding(
        rule="sharing.new-recipient",
        category="sharing",
        severity=Severity.HIGH,
        classification=Classification.MATERIAL,
        reason="Personal information may now go to a new kind of recipient.",
        evidence=(
            Evidence("new", "advertising partners", 48, 68, 57),
            Evidence("new", "data brokers", 73, 85, 57),
        ),
    )
    return Change(
        kind=ChangeKind.MODIFIED,
        scope="block",
        old_section=SHARING,
        new_section=SHARING,
        old_lines=LineRange(57, 57),
        new_lines=LineRange(57, 57),
        old_text=old,
        new_text=new,
        redline=(
            Segment("equal", "We share your name with third parties"),
            Segment("insert", ", including advertising partners and data brokers,"),
            Segment("equal", " for the purpose of providing you information."),
        ),
        similarity=0.8123456,
        classification=Classification.MATERIAL,
        findings=(finding,),
    )


def renamed_change() -> Change:
    return Change(
        kind=ChangeKind.RENAMED,
        scope="section",
        old_section=OPT_OUT,
        new_section=CHOICES,
        old_lines=LineRange(40, 44),
        new_lines=LineRange(40, 44),
        old_text="Choice/Opt-out",
        new_text="Your choices",
        redline=(Segment("delete", "Choice/Opt-out"), Segment("insert", "Your choices")),
        similarity=0.3,
        classification=Classification.SUBSTANTIVE,
        findings=(
            Finding(
                "structure.heading-renamed",
                "choice",
                Severity.LOW,
                Classification.SUBSTANTIVE,
                "A choice section changed its heading.",
                (Evidence("old", "Opt-out", 7, 14, 40),),
            ),
        ),
    )


def moved_change() -> Change:
    text = "Email is not recognized as a secure medium of communication."
    return Change(
        kind=ChangeKind.MOVED,
        scope="section",
        old_section=SectionRef("security", ("Privacy Statement", "Secure Information Transmissions")),
        new_section=SECURITY,
        old_lines=LineRange(64, 68),
        new_lines=LineRange(76, 80),
        old_text=text,
        new_text=text,
        redline=(Segment("equal", text),),
        classification=Classification.EDITORIAL,
    )


def formatting_change() -> Change:
    return Change(
        kind=ChangeKind.FORMATTING,
        scope="block",
        old_section=COLLECTED,
        new_section=COLLECTED,
        old_lines=LineRange(21, 21),
        new_lines=LineRange(21, 21),
        old_text="When visiting the our web site",
        new_text="When visiting our web site",
        redline=(
            Segment("equal", "When visiting "),
            Segment("delete", "the ", formatting_only=False),
            Segment("equal", "our web site"),
        ),
        formatting_only=False,
        similarity=0.95,
        classification=Classification.EDITORIAL,
    )


def added_change() -> Change:
    return Change(
        kind=ChangeKind.ADDED,
        scope="section",
        old_section=None,
        new_section=CONTACT,
        old_lines=None,
        new_lines=LineRange(81, 83),
        old_text=None,
        new_text="Write to privacy@example.com.",
        similarity=0.0,
        classification=Classification.SUBSTANTIVE,
    )


def hostile_change() -> Change:
    """Policy text that tries to inject markup: it must come out as text in every format."""
    return Change(
        kind=ChangeKind.MODIFIED,
        scope="block",
        old_section=HOSTILE,
        new_section=HOSTILE,
        old_lines=LineRange(90, 90),
        new_lines=LineRange(90, 90),
        old_text="Read [our page](https://example.com).",
        new_text='Read <script>alert("x")</script> [our page](javascript:alert(1)) **now**.',
        redline=(
            Segment("equal", "Read "),
            Segment("insert", '<script>alert("x")</script> '),
            Segment("delete", "[our page](https://example.com)"),
            Segment("insert", "[our page](javascript:alert(1)) **now**"),
            Segment("equal", "."),
        ),
        classification=Classification.SUBSTANTIVE,
        findings=(
            Finding(
                "links.changed",
                "policy-change",
                Severity.LOW,
                Classification.SUBSTANTIVE,
                "A link <em>target</em> changed.",
                (Evidence("new", "<script>", 5, 13, 90),),
            ),
        ),
    )


def make_assessment(*changes: Change, old_label: str = "old.md", new_label: str = "new.md") -> Assessment:
    """An Assessment whose class and bump follow its changes, as the classifier's would."""
    doc = _empty_document()
    cls = max((c.classification for c in changes), key=lambda c: c.rank, default=Classification.NONE)
    return Assessment(
        changeset=ChangeSet(doc, doc, tuple(changes)),
        changes=tuple(changes),
        classification=cls,
        bump=cls.bump,
        old_label=old_label,
        new_label=new_label,
    )


# Real documents through the real pipeline (parse → diff → classify), for what only the pipeline decides.
COLLECT = "We collect your name and email address when you register for an account with us."
COLLECT_EDITED = COLLECT.replace("name and email address", "name, email address and phone number")
_COOKIES = "We use cookies to remember your preferences and to measure how our site is used."
_SHARING = "We share data with payment processors only to complete the purchases you make."


def _policy(*sections: tuple[str, str]) -> str:
    return "# Policy\n\n" + "".join(f"{heading}\n\n{body}\n\n" for heading, body in sections)


def moved_section_assessment(*, edited: bool) -> Assessment:
    """"Collection" moved to the end; with `edited`, one of its sentences also gains a phone number."""
    old = _policy(("## Collection", COLLECT), ("## Cookies", _COOKIES), ("## Sharing", _SHARING))
    moved = COLLECT_EDITED if edited else COLLECT
    new = _policy(("## Cookies", _COOKIES), ("## Sharing", _SHARING), ("## Collection", moved))
    return compare_texts(old, new, old_label="old.md", new_label="new.md")


def heading_level_assessment(old_cookies: str, new_cookies: str) -> Assessment:
    """The same policy with the "Cookies" heading written as `old_cookies` and as `new_cookies`."""
    old = _policy(("## Collection", COLLECT), (old_cookies, _COOKIES), ("## Sharing", _SHARING))
    new = _policy(("## Collection", COLLECT), (new_cookies, _COOKIES), ("## Sharing", _SHARING))
    return compare_texts(old, new, old_label="old.md", new_label="new.md")

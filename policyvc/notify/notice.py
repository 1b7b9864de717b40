"""A change notice people can read: plain-language statements derived from an Assessment's findings.

`build_notice` needs no git: it takes an Assessment, the Version it describes and the Config. `load_notice` is
the repository front door used by the `notice` and `notify` commands.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from policyvc.config import Config
from policyvc.errors import UsageError
from policyvc.model import Assessment, Change, ChangeKind, Classification, Document, Finding, Version
from policyvc.store.numbering import effective_date_in_text
from policyvc.store.textdates import as_iso_date
from policyvc.store.trailers import EFFECTIVE_DATE, NOTICE_DATE, names_policy, trailer_values


@dataclass(frozen=True, slots=True)
class SectionLink:
    """A section of the policy and where to read it."""

    id: str
    heading: str
    url: str


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One statement of the notice: what changed, in plain language, and where."""

    classification: Classification
    category: str  # materiality category ("sharing"); "" when no finding names one
    statement: str
    section: SectionLink
    reasons: tuple[str, ...] = ()


class NoticeTiming(StrEnum):
    """How the effective date of a change stands against the notice period (`notice_days`)."""

    NOTICE_GIVEN = "notice-given"  # material, effective at least notice_days after the notice
    SHORT_NOTICE = "short-notice"  # material, effective sooner (or the notice's date is unknown)
    UNDATED = "undated"  # material, no effective date recorded
    NOT_NEEDED = "not-needed"  # not material: no notice period applies


@dataclass(frozen=True, slots=True)
class Notice:
    """Everything a notice template needs; the typed context of every notice and email template."""

    policy: str
    title: str
    version: str
    previous_version: str | None
    effective_date: str | None  # YYYY-MM-DD as recorded (trailer) or stated in the text; None when neither
    published: str  # YYYY-MM-DD: the Notice-Date trailer, else the version's commit day; "" when unknown
    classification: Classification
    material: tuple[NoticeItem, ...]
    substantive: tuple[NoticeItem, ...]
    editorial_count: int
    editorial_summary: str  # one line, "" when there is nothing editorial
    opt_out: SectionLink | None
    redline_url: str
    policy_url: str
    organisation: str = ""
    notice_days: int = 0

    @property
    def headline(self) -> str:
        """One line for a subject or a page title."""
        what = {
            Classification.MATERIAL: "Important changes to",
            Classification.SUBSTANTIVE: "Changes to",
            Classification.EDITORIAL: "Editorial corrections to",
            Classification.NONE: "No changes to",
        }[self.classification]
        return f"{what} our {self.title} (version {self.version})"

    @property
    def days_of_notice(self) -> int | None:
        """Days from the notice's publication to the effective date; None when either date is unknown."""
        try:
            effective = dt.date.fromisoformat(self.effective_date or "")
            published = dt.date.fromisoformat(self.published)
        except ValueError:  # unknown, or not a date: nothing to count
            return None
        return (effective - published).days

    @property
    def timing(self) -> NoticeTiming:
        """Whether a material change keeps the notice period, as `policyvc check` judges it."""
        if self.classification != Classification.MATERIAL:
            return NoticeTiming.NOT_NEEDED
        if not self.effective_date:
            return NoticeTiming.UNDATED
        days = self.days_of_notice
        if days is None or days < self.notice_days:
            return NoticeTiming.SHORT_NOTICE
        return NoticeTiming.NOTICE_GIVEN

    @property
    def effective_statement(self) -> str:
        """When the changes take effect, in plain words; it promises the notice period only when kept.

        Every format prints this one sentence, so the text and HTML parts of an email cannot disagree.
        """
        effective, published, days = self.effective_date, self.published, self.days_of_notice
        timing = self.timing
        if timing == NoticeTiming.UNDATED:
            return "The date these changes take effect has not been set yet."
        if effective is None:
            if published:
                return f"These changes apply from {published}, when this version was published."
            return "These changes take effect when this version is published."
        if timing == NoticeTiming.NOT_NEEDED or days is None:
            return f"These changes take effect on {effective}."
        if days < 0:
            before = f"before this notice was published on {published}"
            return f"These changes took effect on {effective}, {before}."
        if days == 0:
            return f"These changes take effect on {effective}, the day this notice was published."
        after = f"{days} day{'s' if days != 1 else ''} after this notice was published on {published}"
        sentence = f"These changes take effect on {effective}, {after}."
        if timing == NoticeTiming.NOTICE_GIVEN and self.notice_days > 0:
            sentence += f" We give at least {self.notice_days} days' notice of changes that affect you."
        return sentence

    @property
    def timing_warning(self) -> str:
        """For the publisher, not the readers: why the notice promises no notice period; "" when it does."""
        name = f"{self.policy} {self.version} is a material change"
        promise = "the notice states the date and promises no notice period"
        fails = "policyvc check fails this change unless it is waived"
        if self.timing == NoticeTiming.UNDATED:
            record = "record one"
            if self.notice_days:
                record += f" at least {self.notice_days} days after {self.published or 'its publication'}"
            return (
                f"{name} with no effective date, so the notice says the date has not been set yet; "
                f"{record} (policyvc commit --effective) — {fails}"
            )
        if self.timing != NoticeTiming.SHORT_NOTICE:
            return ""
        days = self.days_of_notice
        if days is None:
            return f"{name} effective {self.effective_date} whose notice has no date to count from; {promise}"
        return (
            f"{name} effective {self.effective_date}, {days} day(s) after its notice of {self.published}, "
            f"less than notice_days ({self.notice_days}); {promise} — {fails}"
        )


# What a finding means for a reader, by category: (when words were added, when words were removed).
_CATEGORY_HEADLINES: dict[str, tuple[str, str]] = {
    "sensitive-data": (
        "We now collect sensitive personal information",
        "We changed what we say about sensitive data",
    ),
    "sharing": (
        "We now share personal information more widely",
        "We removed a limit on sharing your information",
    ),
    "purpose": (
        "We now use personal information for new purposes",
        "We changed the purposes we use information for",
    ),
    "collection": (
        "We now collect more kinds of personal information",
        "We changed what we say about collection",
    ),
    "transfer": ("We may now transfer personal information abroad", "We changed how we transfer information"),
    "tracking": ("We now track your activity more widely", "We changed how we track your activity"),
    "choice": (
        "We changed your choices about your information",
        "Your choices about your information are reduced",
    ),
    "rights": (
        "We changed your rights over your information",
        "Your rights over your information are narrowed",
    ),
    "retention": ("We may keep personal information longer", "We changed how long we keep information"),
    "legal-basis": ("We changed the legal basis for using your information", "We changed the legal basis"),
    "controller": (
        "The company responsible for your information has changed",
        "The company responsible changed",
    ),
    "children": ("We changed how we handle children's information", "We changed how we protect children"),
    "policy-change": ("We changed how we tell you about changes", "We changed how we tell you about changes"),
    "dispute": ("We changed how disputes are resolved", "We changed how disputes are resolved"),
    "licence-liability": (
        "We changed the licence you give us or our liability to you",
        "We changed the licence you give us or our liability to you",
    ),
    "security": ("We changed our security commitments", "We removed a security commitment"),
}

_PREAMBLE = "Introduction"  # the display name of the text before the first heading

# Material statements are listed in this order: the practices regulators weigh most come first.
_CATEGORY_RANK = {category: rank for rank, category in enumerate(_CATEGORY_HEADLINES)}

_OPT_OUT_HEADING = re.compile(
    r"\b(choices?|opt[- ]?outs?|unsubscrib\w*|object(?:ions?|ing)?|your rights|preferences)\b", re.I
)
_OPT_OUT_TEXT = re.compile(r"\b(opt[- ]?out|unsubscrib\w*|withdraw (?:your )?consent|object to)\b", re.I)


def site_links(config: Config, policy: str, version: str) -> tuple[str, str]:
    """(policy page URL, redline page URL) under `config.site.base_url`; relative when no base URL is set."""
    base = config.site.base_url.rstrip("/")
    prefix = f"{base}/" if base else ""
    return f"{prefix}{policy}/index.html", f"{prefix}{policy}/changes/{version}.html"


def build_notice(
    assessment: Assessment,
    version: Version,
    config: Config,
    previous: Version | None,
    *,
    text: str | None = None,
) -> Notice:
    """The notice for `version` against `previous`: material statements first, editorial in one line.

    `text`, the version's text, lets the effective date be read as `policyvc check` reads it; without it the
    Version's own effective date is taken as given.
    """
    policy_url, redline_url = site_links(config, version.policy, version.version)
    new_doc = assessment.changeset.new
    material: list[tuple[Change, SectionLink]] = []
    substantive: list[NoticeItem] = []
    editorial: list[Change] = []
    for change in assessment.changes:
        section = _section_link(change, policy_url)
        if change.classification == Classification.MATERIAL:
            material.append((change, section))
        elif change.classification == Classification.SUBSTANTIVE:
            substantive.append(_substantive_item(change, section))
        else:  # editorial, or a change that vanished under normalisation: counted, not listed
            editorial.append(change)
    return Notice(
        policy=version.policy,
        title=new_doc.title.strip() or version.policy.replace("-", " ").capitalize(),
        version=version.version,
        previous_version=previous.version if previous else None,
        effective_date=effective_date(version, new_doc, text),
        published=notice_date(version),
        classification=assessment.classification,
        material=_material_items(material),
        substantive=_merge_repeats(substantive),
        editorial_count=len(editorial),
        editorial_summary=editorial_summary(editorial),
        opt_out=find_opt_out(new_doc, policy_url, _choice_sections(assessment)),
        redline_url=redline_url,
        policy_url=policy_url,
        organisation=config.site.organisation or new_doc.meta("organisation") or "",
        notice_days=config.notice_days,
    )


def effective_date(version: Version, document: Document, text: str | None = None) -> str | None:
    """The date a version takes effect, as the CI gate reads it: the Effective-Date trailer, else the date the
    text states; None when there is none, or when it is not a date."""
    recorded = _trailers(version, EFFECTIVE_DATE)
    if recorded:
        return as_iso_date(recorded[-1])
    if text is not None:
        stated = effective_date_in_text(text)
        # The history dates an undated version by its commit day: a stand-in, not a date anyone chose.
        if stated is not None or version.effective_date == version.commit_date[:10]:
            return stated
    value = version.effective_date or document.meta("effective_date") or document.meta("effective")
    return as_iso_date(value) if value else None


def notice_date(version: Version) -> str:
    """The day the change was published, as the CI gate counts the notice period: the Notice-Date trailer,
    else the day of the version's commit; "" when unknown."""
    for value in reversed(_trailers(version, NOTICE_DATE)):
        found = as_iso_date(value)
        if found:
            return found
    committed = as_iso_date(version.commit_date[:10]) if version.commit_date else None
    return committed or ""


def _trailers(version: Version, key: str) -> list[str]:
    """Values of a trailer on the version's commit, unless the commit names only other policies."""
    if not names_policy(version.trailers, (version.policy, version.policy.rsplit("/", 1)[-1])):
        return []
    return trailer_values(version.trailers, key)


def editorial_summary(changes: list[Change]) -> str:
    """One line for every editorial change together: "12 editorial corrections (wording, formatting)"."""
    if not changes:
        return ""
    kinds: list[str] = []
    for change in changes:
        if change.formatting_only or change.kind == ChangeKind.FORMATTING:
            kind = "formatting"
        elif change.kind == ChangeKind.MOVED:
            kind = "reordering"
        elif change.kind == ChangeKind.RENAMED:
            kind = "headings"
        else:
            kind = "wording"
        if kind not in kinds:
            kinds.append(kind)
    noun = "correction" if len(changes) == 1 else "corrections"
    return f"{len(changes)} editorial {noun} ({', '.join(kinds)})"


def find_opt_out(
    document: Document, policy_url: str, choice_sections: tuple[str, ...] = ()
) -> SectionLink | None:
    """The section saying how to object or opt out: by heading, then by a `choice` finding, then by text."""
    by_heading = [s for s in document.sections if _OPT_OUT_HEADING.search(s.heading)]
    by_finding = [s for s in document.sections if s.id in choice_sections]
    by_text = [s for s in document.sections if any(_OPT_OUT_TEXT.search(b.text) for b in s.blocks)]
    for section in (*by_heading, *by_finding, *by_text):
        return SectionLink(section.id, section.heading or _PREAMBLE, f"{policy_url}#{section.id}")
    return None


def _choice_sections(assessment: Assessment) -> tuple[str, ...]:
    """Sections of the new text where the classifier found words of the `choice` category."""
    return tuple(
        change.new_section.id
        for change in assessment.changes
        if change.new_section is not None and any(f.category == "choice" for f in change.findings)
    )


def _section_link(change: Change, policy_url: str) -> SectionLink:
    ref = change.new_section or change.old_section
    if ref is None:
        return SectionLink("", "the policy", policy_url)
    heading = ref.path[-1] if ref.path and ref.path[-1] else _PREAMBLE
    if change.new_section is None:  # gone from the new text: link to the page, not to a dead anchor
        return SectionLink(ref.id, heading, policy_url)
    return SectionLink(ref.id, heading, f"{policy_url}#{ref.id}")


def _material_items(changes: list[tuple[Change, SectionLink]]) -> tuple[NoticeItem, ...]:
    """One statement per (section, category, added or removed) over all material changes, weightiest first."""
    groups: dict[tuple[str, str, bool], tuple[Change, SectionLink, list[Finding]]] = {}
    bare: list[NoticeItem] = []
    for change, section in changes:
        material = [f for f in change.findings if f.classification == Classification.MATERIAL]
        for finding in material or change.findings:
            key = (section.id, finding.category, _is_addition(change, finding))
            groups.setdefault(key, (change, section, []))[2].append(finding)
        if not change.findings:
            bare.append(NoticeItem(Classification.MATERIAL, "", _kind_statement(change, section), section))
    items = []
    for (_, category, added), (change, section, findings) in groups.items():
        terms = _evidence_terms(findings, "new" if added else "old")
        items.append(
            NoticeItem(
                classification=Classification.MATERIAL,
                category=category,
                statement=_category_statement(category, added, terms, section, change),
                section=section,
                reasons=tuple(dict.fromkeys(f.reason for f in findings if f.reason)),
            )
        )
    items.sort(key=lambda item: _CATEGORY_RANK.get(item.category, len(_CATEGORY_RANK)))  # stable
    return (*items, *_merge_repeats(bare))


def _substantive_item(change: Change, section: SectionLink) -> NoticeItem:
    reasons = tuple(dict.fromkeys(f.reason for f in change.findings if f.reason))
    category = change.findings[0].category if change.findings else ""
    statement = _kind_statement(change, section)
    return NoticeItem(Classification.SUBSTANTIVE, category, statement, section, reasons)


def _merge_repeats(items: list[NoticeItem]) -> tuple[NoticeItem, ...]:
    """Identical statements about one section become one, with the number of places: "(3 places)"."""
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], NoticeItem] = {}
    for item in items:
        key = (item.section.id, item.statement)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, item)
    merged = []
    for key, item in first.items():
        if counts[key] > 1:
            same = [i for i in items if (i.section.id, i.statement) == key]
            reasons = tuple(dict.fromkeys(r for i in same for r in i.reasons))
            statement = f"{item.statement[:-1]} ({counts[key]} places)."
            item = NoticeItem(item.classification, item.category, statement, item.section, reasons)
        merged.append(item)
    return tuple(merged)


def _is_addition(change: Change, finding: Finding) -> bool:
    if finding.evidence:
        return any(e.side == "new" for e in finding.evidence)
    return change.kind != ChangeKind.REMOVED


def _evidence_terms(findings: list[Finding], side: str) -> list[str]:
    terms: dict[str, None] = {}
    for finding in findings:
        for evidence in finding.evidence:
            text = " ".join(evidence.text.split())
            if evidence.side == side and text and text.lower() not in {t.lower() for t in terms}:
                terms[text] = None
    return list(terms)


def _category_statement(
    category: str, added: bool, terms: list[str], section: SectionLink, change: Change
) -> str:
    headlines = _CATEGORY_HEADLINES.get(category)
    if headlines is None:
        readable = category.replace("-", " ") or "this policy"
        headline = f"We changed what we say about {readable}"
    else:
        headline = headlines[0] if added else headlines[1]
    if not terms or change.kind == ChangeKind.RENAMED:
        return f"{headline}: {_kind_phrase(change, section)}."
    quoted = _join([f"“{t}”" for t in terms[:6]])
    verb = "now mentions" if added else "no longer mentions"
    return f"{headline}: {_the_section(section)} {verb} {quoted}."


def _kind_statement(change: Change, section: SectionLink) -> str:
    phrase = _kind_phrase(change, section)
    return f"{phrase[0].upper()}{phrase[1:]}."


def _kind_phrase(change: Change, section: SectionLink) -> str:
    if change.scope == "block" and change.kind == ChangeKind.ADDED:
        return f"new text was added to {_where(section)}"
    if change.scope == "block" and change.kind == ChangeKind.REMOVED:
        return f"text was removed from {_where(section)}"
    name = _the_section(section) if change.scope == "section" else f"text in {_where(section)}"
    phrase = {
        ChangeKind.ADDED: "was added",
        ChangeKind.REMOVED: "was removed",
        ChangeKind.MODIFIED: "was reworded",
        ChangeKind.MOVED: "was moved",
        ChangeKind.RENAMED: "was renamed",
        ChangeKind.SPLIT: "was split",
        ChangeKind.MERGED: "was merged with another",
        ChangeKind.FORMATTING: "was reformatted",
    }[change.kind]
    if change.kind == ChangeKind.RENAMED and change.old_section and change.old_section.path:
        return f"the section “{change.old_section.path[-1]}” was renamed {_where(section)}"
    return f"{name} {phrase}"


def _where(section: SectionLink) -> str:
    return "the introduction" if section.heading == _PREAMBLE else f"“{section.heading}”"


def _the_section(section: SectionLink) -> str:
    return "the introduction" if section.heading == _PREAMBLE else f"the section “{section.heading}”"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def load_notice(start: Path, policy: str, version: str | None, since: str | None) -> tuple[Notice, Config]:
    """The notice for a stored version (default: the latest) against the one before it or `since`."""
    from policyvc.store.repo import PolicyRepo

    repo = PolicyRepo.open(start)
    target = repo.version(policy, version)
    previous = repo.version(policy, since) if since else repo.previous(target)
    if previous is not None and previous.commit == target.commit:
        raise UsageError(f"--since {since} is the version itself; give an earlier version")
    assessment = repo.assessment(
        target.policy, version=target.commit, since=previous.commit if previous else None
    )
    return build_notice(assessment, target, repo.config, previous, text=repo.text(target)), repo.config

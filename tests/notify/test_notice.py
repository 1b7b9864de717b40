"""build_notice: plain-language statements from findings, material first, links, opt-out, editorial line."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from policyvc.config import Config, SiteConfig
from policyvc.model import Assessment, Change, ChangeKind, ChangeSet, Classification, SectionRef, Version
from policyvc.notify.notice import NoticeTiming, build_notice, editorial_summary, find_opt_out
from policyvc.parse.markdown import parse_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notice_samples import (
    SHARING,
    finding,
    notice_config,
    vocalcom_assessment,
    vocalcom_notice,
    vocalcom_version,
)


def test_material_statements_name_category_terms_and_section(tmp_path: Path) -> None:
    notice = vocalcom_notice(tmp_path)
    assert notice.classification == Classification.MATERIAL
    sharing, purpose = notice.material
    assert sharing.category == "sharing"
    assert sharing.statement == (
        "We now share personal information more widely: the section “Sharing information with third parties” "
        "now mentions “advertising partners” and “data brokers”."
    )
    assert sharing.section.url == f"https://policies.example.org/privacy/index.html#{SHARING}"
    assert purpose.category == "purpose" and "“targeted advertising”" in purpose.statement
    assert sharing.reasons == ("sharing widened",)


def test_editorial_changes_are_counted_in_one_line(tmp_path: Path) -> None:
    notice = vocalcom_notice(tmp_path)
    assert notice.editorial_count == 3
    assert notice.editorial_summary == "3 editorial corrections (headings, reordering, wording)"
    assert notice.substantive == ()


def test_version_dates_and_links(tmp_path: Path) -> None:
    notice = vocalcom_notice(tmp_path)
    assert (notice.version, notice.previous_version) == ("2.0.0", "1.0.0")
    assert notice.effective_date == "2026-12-01" and notice.published == "2026-10-30"
    assert notice.redline_url == "https://policies.example.org/privacy/changes/2.0.0.html"
    assert notice.title == "Privacy Statement"
    assert notice.headline == "Important changes to our Privacy Statement (version 2.0.0)"


def test_links_are_relative_without_a_base_url(tmp_path: Path) -> None:
    notice = build_notice(vocalcom_assessment(), vocalcom_version(), Config(root=tmp_path), None)
    assert notice.redline_url == "privacy/changes/2.0.0.html"
    assert notice.material[0].section.url == f"privacy/index.html#{SHARING}"
    assert notice.previous_version is None


def test_organisation_falls_back_to_the_documents_front_matter(tmp_path: Path) -> None:
    config = Config(root=tmp_path, site=SiteConfig(organisation=""))
    notice = build_notice(vocalcom_assessment(), vocalcom_version(), config, None)
    assert notice.organisation == "Vocalcom Group"


def test_opt_out_section_is_found_by_heading_then_text() -> None:
    renamed = parse_document("# Policy\n\n## Your choices\n\nWrite to us.\n\n## Cookies\n\nWe use cookies.\n")
    link = find_opt_out(renamed, "p/index.html")
    assert link is not None and link.heading == "Your choices" and link.url == f"p/index.html#{link.id}"
    by_text = parse_document("# Policy\n\n## Marketing\n\nYou may opt-out at any time.\n")
    link = find_opt_out(by_text, "p/index.html")
    assert link is not None and link.heading == "Marketing"
    assert find_opt_out(parse_document("# Policy\n\n## Cookies\n\nWe use cookies.\n"), "") is None
    assert find_opt_out(parse_document("# Policy\n\n## Objectives\n\nTo serve you.\n"), "") is None
    by_finding = parse_document("# Policy\n\n## Cookies\n\nWe use cookies.\n\n## Marketing\n\nSay no.\n")
    marketing = by_finding.sections[-1].id
    link = find_opt_out(by_finding, "", (marketing,))
    assert link is not None and link.id == marketing


def test_removed_words_are_reported_as_removed(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    change = dataclasses.replace(
        base.changes[0],
        findings=(finding("choice", Classification.MATERIAL, "opt-out", side="old"),),
    )
    assessment = _with_changes(base, (change,))
    (item,) = build_notice(assessment, vocalcom_version(), notice_config(tmp_path), None).material
    assert item.statement.startswith("Your choices about your information are reduced:")
    assert "no longer mentions “opt-out”" in item.statement


def test_removed_section_links_to_the_page_not_a_dead_anchor(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    change = dataclasses.replace(
        base.changes[0], kind=ChangeKind.REMOVED, scope="section", new_section=None, new_text=None,
        classification=Classification.SUBSTANTIVE, findings=(),
    )  # fmt: skip
    notice = build_notice(_with_changes(base, (change,)), vocalcom_version(), notice_config(tmp_path), None)
    (item,) = notice.substantive
    assert item.statement == "The section “Sharing information with third parties” was removed."
    assert item.section.url == "https://policies.example.org/privacy/index.html"


def test_material_change_without_findings_still_gets_a_statement(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    change = dataclasses.replace(base.changes[0], findings=())
    notice = build_notice(_with_changes(base, (change,)), vocalcom_version(), notice_config(tmp_path), None)
    (item,) = notice.material
    assert item.statement == "Text in “Sharing information with third parties” was reworded."


def test_editorial_summary_is_empty_without_changes_and_singular_for_one() -> None:
    assert editorial_summary([]) == ""
    one = vocalcom_assessment().changes[3]
    assert editorial_summary([one]) == "1 editorial correction (wording)"


def _with_changes(base: Assessment, changes: tuple[Change, ...]) -> Assessment:
    top = max((c.classification for c in changes), key=lambda c: c.rank)
    return Assessment(ChangeSet(base.changeset.old, base.changeset.new, changes), changes, top, top.bump)


def test_repeated_substantive_statements_about_one_section_are_merged(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    reworded = dataclasses.replace(base.changes[0], classification=Classification.SUBSTANTIVE, findings=())
    added = dataclasses.replace(reworded, kind=ChangeKind.ADDED, old_section=None, old_text=None)
    changes = (reworded, reworded, reworded, added)
    notice = build_notice(_with_changes(base, changes), vocalcom_version(), notice_config(tmp_path), None)
    assert [item.statement for item in notice.substantive] == [
        "Text in “Sharing information with third parties” was reworded (3 places).",
        "New text was added to “Sharing information with third parties”.",
    ]


def test_text_before_the_first_heading_is_called_the_introduction(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    preamble = SectionRef("preamble", ("",))
    change = dataclasses.replace(
        base.changes[0], old_section=preamble, new_section=preamble, classification=Classification.SUBSTANTIVE
    )
    notice = build_notice(_with_changes(base, (change,)), vocalcom_version(), notice_config(tmp_path), None)
    (item,) = notice.substantive
    assert item.statement == "Text in the introduction was reworded."
    assert item.section.heading == "Introduction"


def test_findings_of_one_category_in_one_section_make_one_statement(tmp_path: Path) -> None:
    base = vocalcom_assessment()
    partners = finding("sharing", Classification.MATERIAL, "partners")
    first = dataclasses.replace(base.changes[0], findings=(partners,))
    second = dataclasses.replace(
        base.changes[0],
        findings=(
            finding("sharing", Classification.MATERIAL, "Partners", "advertisers"),
            finding("sensitive-data", Classification.MATERIAL, "precise geolocation"),
        ),
    )
    assessment = _with_changes(base, (first, second))
    notice = build_notice(assessment, vocalcom_version(), notice_config(tmp_path), None)
    assert [item.statement for item in notice.material] == [
        "We now collect sensitive personal information: the section “Sharing information with third parties” "
        "now mentions “precise geolocation”.",
        "We now share personal information more widely: the section “Sharing information with third parties” "
        "now mentions “partners” and “advertisers”.",
    ]


# The notice period (notice_days): the sample version was committed on 2026-10-30.
TIMINGS = [
    # effective date, notice_days, timing, what the reader is told, what must not be said
    ("2026-12-01", 30, NoticeTiming.NOTICE_GIVEN,
     "These changes take effect on 2026-12-01, 32 days after this notice was published on 2026-10-30. "
     "We give at least 30 days' notice of changes that affect you.", None),
    ("2026-11-29", 30, NoticeTiming.NOTICE_GIVEN, "2026-11-29, 30 days after", None),
    ("2026-11-28", 30, NoticeTiming.SHORT_NOTICE,
     "These changes take effect on 2026-11-28, 29 days after this notice was published on 2026-10-30.",
     "at least"),
    ("2026-10-31", 30, NoticeTiming.SHORT_NOTICE, "2026-10-31, 1 day after this notice", "at least"),
    ("2026-10-30", 30, NoticeTiming.SHORT_NOTICE,
     "These changes take effect on 2026-10-30, the day this notice was published.", "at least"),
    ("2026-10-01", 30, NoticeTiming.SHORT_NOTICE,
     "These changes took effect on 2026-10-01, before this notice was published on 2026-10-30.", "at least"),
    (None, 30, NoticeTiming.UNDATED, "The date these changes take effect has not been set yet.", "2026"),
    ("2026-11-04", 0, NoticeTiming.NOTICE_GIVEN, "2026-11-04, 5 days after this notice", "at least"),
]  # fmt: skip


@pytest.mark.parametrize(("effective", "days", "timing", "said", "unsaid"), TIMINGS)
def test_a_material_notice_promises_the_notice_period_only_when_it_is_kept(
    tmp_path: Path, effective: str | None, days: int, timing: NoticeTiming, said: str, unsaid: str | None
) -> None:
    config = dataclasses.replace(notice_config(tmp_path), notice_days=days)
    notice = build_notice(vocalcom_assessment(), vocalcom_version(effective=effective), config, None)
    assert notice.timing == timing
    assert said in notice.effective_statement
    if unsaid is not None:
        assert unsaid not in notice.effective_statement
    kept = timing == NoticeTiming.NOTICE_GIVEN
    assert bool(notice.timing_warning) is not kept
    if not kept:
        assert "policyvc check fails this change" in notice.timing_warning


def test_a_change_that_is_not_material_needs_no_notice_period(tmp_path: Path) -> None:
    minor = dataclasses.replace(vocalcom_assessment(), classification=Classification.SUBSTANTIVE)
    notice = build_notice(minor, vocalcom_version(effective="2026-10-31"), notice_config(tmp_path), None)
    assert notice.timing == NoticeTiming.NOT_NEEDED and notice.timing_warning == ""
    assert notice.effective_statement == "These changes take effect on 2026-10-31."
    undated = build_notice(minor, vocalcom_version(effective=None), notice_config(tmp_path), None)
    assert undated.effective_statement == (
        "These changes apply from 2026-10-30, when this version was published."
    )


def test_dates_are_read_as_the_ci_gate_reads_them(tmp_path: Path) -> None:
    config = notice_config(tmp_path)
    assessment = vocalcom_assessment()

    def dates(version: Version, text: str) -> tuple[str | None, str]:
        notice = build_notice(assessment, version, config, None, text=text)
        return notice.effective_date, notice.published

    # What the history gives a version committed with plain git and no stated date: its commit day.
    fallback = vocalcom_version(effective="2026-10-30")
    text = "# Privacy\n\nWe share.\n"
    assert dates(fallback, text) == (None, "2026-10-30")
    stated = text + "\nEffective date: January 15, 2027\n"
    assert dates(fallback, stated) == ("2027-01-15", "2026-10-30")
    trailers = (("Policy", "privacy"), ("Effective-Date", "2027-02-01"), ("Notice-Date", "2026-12-01"))
    assert dates(dataclasses.replace(fallback, trailers=trailers), stated) == ("2027-02-01", "2026-12-01")
    elsewhere = (("Policy", "terms"), ("Effective-Date", "2027-02-01"), ("Notice-Date", "2026-12-01"))
    assert dates(dataclasses.replace(fallback, trailers=elsewhere), text) == (None, "2026-10-30")
    not_a_date = dataclasses.replace(fallback, trailers=(("Effective-Date", "when legal agrees"),))
    assert dates(not_a_date, stated) == (None, "2026-10-30")

"""Sample notices built by hand from the bundled Vocalcom texts: notify tests need no git nor classifier."""

from __future__ import annotations

from pathlib import Path

from policyvc.config import Config, NotifyConfig, SiteConfig
from policyvc.model import (
    Assessment,
    Bump,
    Change,
    ChangeKind,
    ChangeSet,
    Classification,
    Evidence,
    Finding,
    Section,
    SectionRef,
    Severity,
    Version,
)
from policyvc.notify.notice import Notice, build_notice
from policyvc.parse.markdown import parse_document

REPO = Path(__file__).resolve().parents[2]
SHARING = "privacy-statement--sharing-information-with-third-parties"


def ref(section: Section) -> SectionRef:
    return SectionRef(section.id, section.path)


def finding(category: str, cls: Classification, *terms: str, side: str = "new") -> Finding:
    evidence = tuple(Evidence(side, t, 0, len(t)) for t in terms)  # type: ignore[arg-type]
    return Finding(f"{category}.rule", category, Severity.HIGH, cls, f"{category} widened", evidence)


def vocalcom_assessment(title_override: str | None = None) -> Assessment:
    """The example revision: wider sharing (material), a rename, a move and two editorial fixes."""
    old = parse_document((REPO / "policies/privacy.md").read_text(encoding="utf-8"))
    new = parse_document((REPO / "examples/privacy-revised.md").read_text(encoding="utf-8"))
    if title_override is not None:
        new = type(new)(new.sections, new.metadata, title_override, new.line_count)
    old_s = {s.id: s for s in old.sections}
    new_s = {s.id: s for s in new.sections}
    sharing_old, sharing_new = old_s[SHARING], new_s[SHARING]
    material = Change(
        kind=ChangeKind.MODIFIED, scope="block",
        old_section=ref(sharing_old), new_section=ref(sharing_new),
        old_lines=None, new_lines=None, old_text="third parties who may", new_text="advertising partners",
        classification=Classification.MATERIAL,
        findings=(
            finding("sharing", Classification.MATERIAL, "advertising partners", "data brokers"),
            finding("purpose", Classification.MATERIAL, "targeted advertising"),
            finding("collection", Classification.SUBSTANTIVE, "browsing history"),
        ),
    )  # fmt: skip
    renamed = Change(
        kind=ChangeKind.RENAMED, scope="section",
        old_section=ref(old_s["privacy-statement--choice-opt-out"]),
        new_section=ref(new_s["privacy-statement--your-choices"]),
        old_lines=None, new_lines=None, old_text="Choice/Opt-out", new_text="Your choices",
        classification=Classification.EDITORIAL,
    )  # fmt: skip
    moved = Change(
        kind=ChangeKind.MOVED, scope="section",
        old_section=ref(old_s["privacy-statement--transfer-of-personal-information"]),
        new_section=ref(new_s["privacy-statement--transfer-of-personal-information"]),
        old_lines=None, new_lines=None, old_text=None, new_text=None,
        classification=Classification.EDITORIAL,
    )  # fmt: skip
    typo = Change(
        kind=ChangeKind.MODIFIED, scope="block",
        old_section=ref(old_s["privacy-statement--collected-information"]),
        new_section=ref(new_s["privacy-statement--collected-information"]),
        old_lines=None, new_lines=None, old_text="the our web site", new_text="our web site",
        classification=Classification.EDITORIAL,
    )  # fmt: skip
    changes = (material, renamed, moved, typo)
    return Assessment(
        ChangeSet(old, new, changes), changes, Classification.MATERIAL, Bump.MAJOR,
        "privacy@1.0.0", "privacy@2.0.0",
    )  # fmt: skip


def vocalcom_version(version: str = "2.0.0", effective: str | None = "2026-12-01") -> Version:
    return Version(
        policy="privacy", path="policies/privacy.md", version=version, commit="c" * 40, blob="b" * 40,
        commit_date="2026-10-30T12:00:00+00:00", effective_date=effective,
        classification=Classification.MATERIAL,
    )  # fmt: skip


def notice_config(root: Path, **notify: object) -> Config:
    return Config(
        root=root,
        site=SiteConfig(base_url="https://policies.example.org/", organisation="Vocalcom Group"),
        notify=NotifyConfig(**notify),  # type: ignore[arg-type]
    )


def vocalcom_notice(root: Path) -> Notice:
    """The notice for the example revision, site at https://policies.example.org/."""
    config = notice_config(root)
    previous = vocalcom_version("1.0.0", "2013-05-23")
    return build_notice(vocalcom_assessment(), vocalcom_version(), config, previous)

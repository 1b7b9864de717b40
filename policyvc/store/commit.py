"""`policyvc commit`: record a policy version — decide its number, then write file, commit and tag."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from policyvc.errors import UsageError
from policyvc.model import Assessment, Bump, Classification, Version
from policyvc.parse.importers import canonical_markdown, import_policy
from policyvc.store import trailers as tk
from policyvc.store.gitlog import blob_id
from policyvc.store.hooks import run_post_commit
from policyvc.store.numbering import FIRST_VERSION, bump_version, check_date
from policyvc.store.repo import PolicyRepo
from policyvc.store.transaction import CommitRequest, check_branch, write_version

_POLICY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
_ACKNOWLEDGER = re.compile(r"^[^<>\n]+ <[^<>\s@]+@[^<>\s]+>$")
_OWN_TRAILERS = (tk.POLICY, tk.POLICY_VERSION, tk.EFFECTIVE_DATE, tk.CHANGE_CLASS)


@dataclass(frozen=True, slots=True)
class CommitOutcome:
    """What `policyvc commit` did (or, with --dry-run, would do)."""

    status: Literal["committed", "unchanged", "dry-run"]
    policy: str
    path: str
    version: str  # the new version, or the unchanged latest one
    previous: str | None
    classification: Classification
    effective_date: str
    tag: str
    message: str
    summary: str
    commit: str | None = None
    repairs: tuple[str, ...] = ()
    assessment: Assessment | None = None
    hook_output: str = ""  # what the post-commit hook printed
    warnings: tuple[str, ...] = ()  # problems after the commit landed (a failed post-commit hook)


def commit_policy(
    repo: PolicyRepo,
    policy: str,
    *,
    effective: str,
    source: Path | None = None,
    message: str | None = None,
    bump: Bump | None = None,
    acknowledge: str | None = None,
    dry_run: bool = False,
) -> CommitOutcome:
    """Import, classify, number and record one version of `policy`; nothing changes on any error."""
    name = _policy_name(repo, policy)
    path = f"{name}.md" if repo.policies_dir == "." else f"{repo.policies_dir}/{name}.md"
    effective_date = check_date(effective)
    check_branch(repo.git)
    if acknowledge is not None and not _ACKNOWLEDGER.match(acknowledge.strip()):
        raise UsageError(f"--acknowledge {acknowledge!r}: write it as \"Full Name <email@example.org>\"")
    if source is not None:
        imported = import_policy(source)
        text, repairs = imported.markdown, tuple(imported.repairs)
    else:
        text, repairs = canonical_markdown(repo.working_text(name)), ()
    history = repo.history(name) if name in repo.policies() else []
    previous = history[-1] if history else None
    assessment: Assessment | None = None
    if previous is None:
        classification, version = Classification.NONE, FIRST_VERSION
    else:
        old_text = repo.text(previous)
        if repo.assessor.identical(previous.blob, old_text, blob_id(text), text):
            return _unchanged(name, path, previous, repairs)
        if effective_date < (previous.effective_date or ""):
            raise UsageError(
                f"effective date {effective_date} is before {name}@{previous.version}'s "
                f"({previous.effective_date}); a new version cannot take effect earlier"
            )
        assessment = repo.assessor.assess(
            previous.blob, old_text, blob_id(text), text, f"{name}@{previous.version}", f"{name}@new"
        )
        classification = max(assessment.classification, Classification.EDITORIAL, key=lambda c: c.rank)
        version = bump_version(previous.version, _chosen_bump(classification, bump, assessment))
    tag = f"{name}/v{version}"
    summary = change_summary(name, version, classification, assessment)
    full_message = _message(name, version, effective_date, classification, message, acknowledge)
    outcome = CommitOutcome(
        status="dry-run",
        policy=name,
        path=path,
        version=version,
        previous=previous.version if previous else None,
        classification=classification,
        effective_date=effective_date,
        tag=tag,
        message=full_message,
        summary=summary,
        repairs=repairs,
        assessment=assessment,
    )
    request = CommitRequest(path=path, text=text, message=full_message, tag=tag, tag_message=summary)
    if dry_run:
        write_version(repo.git, request, check_only=True)
        return outcome
    sha = write_version(repo.git, request)
    repo.refresh()
    report = run_post_commit(repo.git, f"the commit {sha[:12]} and tag {tag}")
    if report is None:
        return replace(outcome, status="committed", commit=sha)
    warnings = (report.warning,) if report.warning else ()
    return replace(outcome, status="committed", commit=sha, hook_output=report.output, warnings=warnings)


def change_summary(
    policy: str, version: str, classification: Classification, assessment: Assessment | None
) -> str:
    """One line for the tag message and `log`: class, change counts and the most serious reason."""
    if assessment is None:
        return f"{policy} {version}: first recorded version"
    counts = ", ".join(f"{n} {kind}" for kind, n in assessment.counts.items() if n) or "wording only"
    line = f"{policy} {version}: {classification.value} change ({counts})"
    reasons = [
        f.reason
        for c in assessment.changes
        if c.classification == classification
        for f in c.findings
        if f.classification == classification
    ]
    return f"{line}; {reasons[0]}" if reasons else line


def _policy_name(repo: PolicyRepo, policy: str) -> str:
    name = policy.strip().removesuffix(".md").removeprefix(repo.policies_dir + "/")
    if not _POLICY_NAME.match(name) or ".." in name:
        raise UsageError(f"{policy!r} is not a policy name; use letters, digits, '-', '_', '.', e.g. privacy")
    return name


def _chosen_bump(classification: Classification, bump: Bump | None, assessment: Assessment) -> Bump:
    required = classification.bump
    if bump is None:
        return required
    if bump.rank < required.rank:
        why = next((f.reason for c in assessment.changes for f in c.findings
                    if f.classification == classification), "")
        because = f" ({why})" if why else ""
        raise UsageError(
            f"--bump {bump.value} is too low: this change is {classification.value}{because}, "
            f"which needs a {required.value} bump; use --bump {required.value} or higher"
        )
    return bump


def _message(
    policy: str,
    version: str,
    effective: str,
    classification: Classification,
    message: str | None,
    acknowledge: str | None,
) -> str:
    ours = [
        (tk.POLICY, policy),
        (tk.POLICY_VERSION, version),
        (tk.EFFECTIVE_DATE, effective),
        (tk.CHANGE_CLASS, classification.value),
    ]
    if acknowledge is not None:
        ours.append((tk.ACKNOWLEDGED_BY, acknowledge.strip()))
    text = (message or "").strip() or f"{policy}: version {version} ({classification.value})"
    typed = list(tk.parse_trailers(text))
    if typed:
        text = text[: text.rstrip().rfind("\n\n")].rstrip()
    kept: list[tuple[str, str]] = []
    for key, value in typed:
        own = next((v for k, v in ours if k.lower() == key.lower() and k in _OWN_TRAILERS), None)
        if own is not None and own != value:
            raise UsageError(f"-m says '{key}: {value}' but policyvc records '{key}: {own}'; drop it")
        if own is None and (key, value) not in ours:
            kept.append((key, value))
    try:
        return f"{text}\n\n{tk.format_trailers(kept + ours)}\n"
    except ValueError as exc:
        raise UsageError(f"commit message: {exc}") from None


def _unchanged(name: str, path: str, previous: Version, repairs: tuple[str, ...]) -> CommitOutcome:
    return CommitOutcome(
        status="unchanged",
        policy=name,
        path=path,
        version=previous.version,
        previous=previous.version,
        classification=Classification.NONE,
        effective_date=previous.effective_date or "",
        tag=f"{name}/v{previous.version}",
        message="",
        summary=f"identical to {name}@{previous.version} after normalisation; nothing recorded",
        repairs=repairs,
    )


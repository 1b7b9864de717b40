"""The CI gate's rules: version bump, notice period, acknowledgement, date lines, deleted policies; waivers.

The gate fails when a check fails for a change whose class is at or above `--fail-on` (`never` only reports).
A waiver turns a failure into a shown, non-failing note; it is never silent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from policyvc.ci.result import CheckId, CheckResult, CheckStatus, GateResult, PolicyResult
from policyvc.ci.waivers import apply_waivers
from policyvc.classify.rules import RulePack, load_rule_pack
from policyvc.compare import compare_texts
from policyvc.config import Config, load_config
from policyvc.errors import UsageError
from policyvc.model import Assessment, Bump, Classification
from policyvc.store.numbering import bump_version, parse_semver
from policyvc.store.range import INDEX, PolicyChange, PolicyRange, RecordedVersion, policy_range
from policyvc.store.textdates import TextDates, as_iso_date, read_text_dates
from policyvc.store.trailers import ACKNOWLEDGED_BY, EFFECTIVE_DATE, NOTICE_DATE, names_policy, trailer_values

FAIL_ON = ("material", "substantive", "editorial", "never")
_ACKNOWLEDGER = re.compile(r"^[^<>]*\S[^<>]*<[^<>@\s]+@[^<>\s]+>$")


def run_gate(
    start: Path,
    *,
    base: str | None = None,
    fail_on: str | None = None,
    staged: bool = False,
    environ: Mapping[str, str] | None = None,
) -> GateResult:
    """Compare every policy changed between base and HEAD (or HEAD and the index) and run the checks."""
    config = load_config(start)
    level = fail_on or config.check.fail_on
    if level not in FAIL_ON:
        raise UsageError(f"--fail-on {level!r}: choose one of {', '.join(FAIL_ON)}")
    targets = target_branches(environ or {})
    changes = policy_range(start, config, base=base, staged=staged, target_branches=targets)
    pack = load_rule_pack(config) if changes.changes else None  # once, not once per policy
    policies = tuple(_check_policy(change, changes, config, pack, level) for change in changes.changes)
    return GateResult(changes.base, changes.base_label, changes.head, level, config.notice_days, policies)


def target_branches(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The branch a pull/merge request targets, as CI systems announce it (GitHub, GitLab)."""
    names = (environ.get("GITHUB_BASE_REF", ""), environ.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", ""))
    return tuple(ref for name in names if name for ref in (f"origin/{name}", name))


def _check_policy(
    change: PolicyChange, span: PolicyRange, config: Config, pack: RulePack | None, fail_on: str
) -> PolicyResult:
    if change.status == "deleted" or change.new_text is None:
        result = CheckResult(
            CheckId.POLICY_DELETED,
            CheckStatus.FAIL,
            f"{change.path} is deleted; removing a published policy needs a waiver with a reason "
            "(check.waivers) or a restored file",
            change.path,
            1,
            change.policy,
        )
        checks = _finalise((result,), change, config, fail_on, Classification.MATERIAL)
        base_version = _version(change.base_version) or _text_version(read_text_dates(change.old_text or ""))
        return PolicyResult(
            change.policy, change.path, change.old_path, change.status, Classification.MATERIAL,
            Bump.MAJOR, base_version, None, checks,
        )
    assessment = compare_texts(
        change.old_text or "",
        change.new_text,
        config=config,
        rules=pack,
        old_label=f"{change.old_path}@{span.base_label}" if change.old_path else "(new policy)",
        new_label=change.path,
    )
    cls = assessment.classification
    head_dates = read_text_dates(change.new_text)
    base_dates = read_text_dates(change.old_text) if change.old_text is not None else None
    base_version = _version(change.base_version) or (_text_version(base_dates) if base_dates else None)
    head_version, version_line = _head_version(change, head_dates)
    effective, effective_line = _effective_date(change, head_dates)
    published = _published_date(change, span)
    results = [
        _version_bump(change, cls, base_version, head_version, version_line),
        _notice_period(change, cls, effective, effective_line, published, config.notice_days),
        _acknowledgement(change, cls, assessment, config, staged=span.head == INDEX),
        *_date_lines(change, head_dates, effective, published),
    ]
    checks = _finalise(tuple(results), change, config, fail_on, cls, assessment)
    return PolicyResult(
        change.policy, change.path, change.old_path, change.status, cls, cls.bump,
        base_version, head_version, checks, assessment,
    )


def _version(recorded: RecordedVersion | None) -> str | None:
    return recorded.version if recorded else None


def _text_version(dates: TextDates) -> str | None:
    return dates.version.value if dates.version else None


def _head_version(change: PolicyChange, dates: TextDates) -> tuple[str | None, int]:
    line = dates.version.line if dates.version else 1
    if change.head_version is not None:
        return change.head_version.version, line
    if dates.version is not None:
        return dates.version.value, line
    return None, line


def _effective_date(change: PolicyChange, dates: TextDates) -> tuple[str | None, int]:
    # Point at the line a reader edits: the text's "Effective date:" line, else the front matter key.
    effective_lines = [d for d in dates.date_lines if d.kind == "effective"]
    line = effective_lines[0].line if effective_lines else (dates.effective.line if dates.effective else 1)
    for commit in change.commits:
        values = trailer_values(commit.trailers, EFFECTIVE_DATE)
        if values and names_policy(commit.trailers, change.names):
            return as_iso_date(values[-1]), line
    if dates.effective is not None:
        return dates.effective.value, line
    if effective_lines:
        return effective_lines[0].date, line
    return None, line


def _published_date(change: PolicyChange, span: PolicyRange) -> str:
    for commit in change.commits:
        values = trailer_values(commit.trailers, NOTICE_DATE)
        if values and names_policy(commit.trailers, change.names):
            found = as_iso_date(values[-1])
            if found:
                return found
    if change.commits:
        return change.commits[0].date[:10]
    return span.today


def _version_bump(
    change: PolicyChange, cls: Classification, base: str | None, head: str | None, line: int
) -> CheckResult:
    def result(status: CheckStatus, message: str) -> CheckResult:
        return CheckResult(CheckId.VERSION_BUMP, status, message, change.path, line, change.policy)

    needed = cls.bump
    if needed == Bump.NONE:
        return result(CheckStatus.SKIPPED, "no change of substance: no version bump needed")
    if head is None:
        if cls == Classification.MATERIAL:
            return result(
                CheckStatus.FAIL,
                "no version recorded for a material change; record a major bump (policyvc commit, a "
                "Policy-Version trailer or front matter `version:`)",
            )
        return result(CheckStatus.SKIPPED, f"no version recorded; a {cls} change would need a {needed} bump")
    head_parts = parse_semver(head)
    if head_parts is None:
        return result(CheckStatus.FAIL, f"version {head!r} is not a semantic version (X.Y.Z)")
    base_parts = parse_semver(base) if base else None
    if base is None or base_parts is None:
        return result(CheckStatus.PASS, f"first recorded version {head}")
    actual = _bump_between(base_parts, head_parts)
    if actual is None:
        return result(CheckStatus.FAIL, f"version goes backwards: {base} → {head}")
    if actual == Bump.NONE:
        return result(
            CheckStatus.FAIL,
            f"version is still {head}; a {cls} change needs a {needed} bump "
            f"({bump_version(base, needed)} or later)",
        )
    if actual.rank < needed.rank:
        return result(
            CheckStatus.FAIL,
            f"version {base} → {head} is a {actual} bump; a {cls} change needs a {needed} bump "
            f"({bump_version(base, needed)} or later)",
        )
    return result(CheckStatus.PASS, f"version {base} → {head} ({actual} bump) covers a {cls} change")


def _bump_between(base: tuple[int, int, int], head: tuple[int, int, int]) -> Bump | None:
    if head < base:
        return None
    if head[0] > base[0]:
        return Bump.MAJOR
    if head[1] > base[1]:
        return Bump.MINOR
    if head[2] > base[2]:
        return Bump.PATCH
    return Bump.NONE


def _notice_period(
    change: PolicyChange, cls: Classification, effective: str | None, line: int, published: str, days: int
) -> CheckResult:
    def result(status: CheckStatus, message: str) -> CheckResult:
        return CheckResult(CheckId.NOTICE_PERIOD, status, message, change.path, line, change.policy)

    if cls != Classification.MATERIAL:
        return result(CheckStatus.SKIPPED, f"a {cls} change needs no notice period")
    if change.status == "added":
        return result(CheckStatus.SKIPPED, "a new policy has no earlier version to give notice against")
    if effective is None:
        return result(
            CheckStatus.FAIL,
            f"no effective date recorded for a material change; set one at least {days} days after "
            f"{published} (Effective-Date trailer, front matter effective_date or an 'Effective date:' line)",
        )
    gap = (dt.date.fromisoformat(effective) - dt.date.fromisoformat(published)).days
    if gap < days:
        earliest = (dt.date.fromisoformat(published) + dt.timedelta(days=days)).isoformat()
        return result(
            CheckStatus.FAIL,
            f"effective date {effective} is {gap} day(s) after publication on {published}; a material change "
            f"needs {days} days' notice (effective {earliest} or later)",
        )
    return result(CheckStatus.PASS, f"effective {effective}, {gap} days after publication on {published}")


def _acknowledgement(
    change: PolicyChange, cls: Classification, assessment: Assessment, config: Config, *, staged: bool
) -> CheckResult:
    starts = [c.new_lines.start for c in assessment.changes if c.classification == cls and c.new_lines]
    line = starts[0] if starts else 1

    def result(status: CheckStatus, message: str) -> CheckResult:
        return CheckResult(CheckId.ACKNOWLEDGEMENT, status, message, change.path, line, change.policy)

    if cls != Classification.MATERIAL:
        return result(CheckStatus.SKIPPED, f"a {cls} change needs no acknowledgement")
    if change.status == "added":
        return result(CheckStatus.SKIPPED, "a new policy has no earlier version whose readers must be told")
    if not config.check.require_acknowledgement:
        return result(CheckStatus.SKIPPED, "check.require_acknowledgement is false")
    if staged:
        # Trailers exist only once the commit does: CI checks them over the pull request's range.
        return result(CheckStatus.SKIPPED, "checked in CI: the trailer is written with the commit")
    for commit in change.commits:
        for value in trailer_values(commit.trailers, ACKNOWLEDGED_BY):
            if _ACKNOWLEDGER.match(value) and names_policy(commit.trailers, change.names):
                return result(CheckStatus.PASS, f"acknowledged by {value} ({commit.sha[:7]})")
    return result(
        CheckStatus.FAIL,
        f"material change not acknowledged; add a '{ACKNOWLEDGED_BY}: Name <email>' trailer "
        "(policyvc commit --acknowledge) or a waiver with a reason",
    )


def _date_lines(
    change: PolicyChange, dates: TextDates, effective: str | None, published: str
) -> list[CheckResult]:
    results: list[CheckResult] = []
    for date_line in dates.date_lines:
        if date_line.kind == "effective":
            expected = {effective} if effective else set()
            wanted = f"the recorded effective date {effective}"
        else:
            expected = {d for d in (effective, published) if d}
            wanted = " or ".join(sorted(expected))
            wanted = f"the effective or publication date ({wanted})"
        if not expected or date_line.date in expected:
            continue
        results.append(
            CheckResult(
                CheckId.DATE_LINE,
                CheckStatus.FAIL,
                f"'{date_line.text}' says {date_line.date}, not {wanted}",
                change.path,
                date_line.line,
                change.policy,
            )
        )
    if results:
        return results
    line = dates.date_lines[0].line if dates.date_lines else 1
    if not dates.date_lines:
        return [CheckResult(CheckId.DATE_LINE, CheckStatus.SKIPPED, "no dated line in the text", change.path,
                            line, change.policy)]
    return [CheckResult(CheckId.DATE_LINE, CheckStatus.PASS, "dated lines agree with the recorded dates",
                        change.path, line, change.policy)]


def _finalise(
    results: tuple[CheckResult, ...],
    change: PolicyChange,
    config: Config,
    fail_on: str,
    cls: Classification,
    assessment: Assessment | None = None,
) -> tuple[CheckResult, ...]:
    gating = fail_on != "never" and cls.rank >= Classification(fail_on).rank
    material_rules = frozenset(
        finding.rule
        for c in (assessment.changes if assessment else ())
        for finding in c.findings
        if finding.classification == Classification.MATERIAL
    )
    names = [*change.names, change.path, *([change.old_path] if change.old_path else [])]
    return apply_waivers(
        results, config.check.waivers, names=names, material_rules=material_rules, gating=gating
    )

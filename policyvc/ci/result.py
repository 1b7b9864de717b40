"""The gate's result: one CheckResult per policy × check, grouped per policy, with the overall verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from policyvc.model import Assessment, Bump, Classification


class CheckId(StrEnum):
    VERSION_BUMP = "version-bump"
    NOTICE_PERIOD = "notice-period"
    ACKNOWLEDGEMENT = "acknowledgement"
    DATE_LINE = "date-line"
    POLICY_DELETED = "policy-deleted"


CHECK_DESCRIPTIONS: dict[CheckId, str] = {
    CheckId.VERSION_BUMP: "The recorded version bumps the base version by what the change class needs "
    "(material: major, substantive: minor, editorial: patch).",
    CheckId.NOTICE_PERIOD: "A material change takes effect at least notice_days after it is published.",
    CheckId.ACKNOWLEDGEMENT: "A material change carries a Material-Change-Acknowledged-By: Name <email> "
    "trailer.",
    CheckId.DATE_LINE: "A 'Last updated' or 'Effective date' line in the text agrees with the recorded date.",
    CheckId.POLICY_DELETED: "A published policy is deleted.",
}


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WAIVED = "waived"  # a failure turned into a shown note by a configured waiver
    SKIPPED = "skipped"  # the check does not apply to this change


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: CheckId
    status: CheckStatus
    message: str
    path: str  # repository-relative file the finding points at
    line: int  # 1-based
    policy: str
    blocking: bool = False  # a failure at or above --fail-on: it fails the gate
    waiver: str = ""  # the waiver's reason when waived

    @property
    def is_finding(self) -> bool:
        """A failure or a waived failure: something a reader must see."""
        return self.status in (CheckStatus.FAIL, CheckStatus.WAIVED)


@dataclass(frozen=True, slots=True)
class PolicyResult:
    """One changed policy: how it changed, its class, versions and the checks run on it."""

    policy: str
    path: str
    old_path: str | None
    status: str  # modified, added, deleted, renamed
    classification: Classification
    bump: Bump  # what the class needs
    base_version: str | None
    head_version: str | None
    checks: tuple[CheckResult, ...]
    assessment: Assessment | None = None  # None for a deleted policy


@dataclass(frozen=True, slots=True)
class GateResult:
    base: str
    base_label: str
    head: str
    fail_on: str
    notice_days: int
    policies: tuple[PolicyResult, ...]

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return tuple(check for policy in self.policies for check in policy.checks)

    @property
    def findings(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.is_finding)

    @property
    def blocking(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.blocking)

    @property
    def failed(self) -> bool:
        return bool(self.blocking)

    @property
    def classification(self) -> Classification:
        classes = [p.classification for p in self.policies]
        return max(classes, key=lambda c: c.rank, default=Classification.NONE)

    @property
    def bump(self) -> Bump:
        return self.classification.bump

    def verdict(self) -> str:
        """One line: what the gate decided and why."""
        if not self.policies:
            return f"passed: no policy changed since {self.base_label}"
        if self.failed:
            named = [f"{c.policy}: {c.check}" for c in self.blocking]
            ids = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
            return f"failed: {len(self.blocking)} finding(s) at or above --fail-on {self.fail_on} ({ids})"
        findings = len(self.findings)
        extra = f"; {findings} finding(s) shown below --fail-on or waived" if findings else ""
        return f"passed: {len(self.policies)} policy change(s), highest class {self.classification}{extra}"

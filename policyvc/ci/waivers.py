"""Waivers: configured exceptions that turn a failing check into a shown, non-failing note.

A waiver names a policy (name, path or glob) and a rule: a check id, `*`, or a materiality rule id (glob). A
materiality-rule waiver applies when it covers every rule that made the change material; it then waives the
checks only a material change needs (version-bump, notice-period, acknowledgement).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from policyvc.ci.result import CheckId, CheckResult, CheckStatus
from policyvc.config import Waiver

CHECK_IDS = frozenset(check.value for check in CheckId)
MATERIAL_ONLY = frozenset({CheckId.VERSION_BUMP, CheckId.NOTICE_PERIOD, CheckId.ACKNOWLEDGEMENT})


def apply_waivers(
    results: Iterable[CheckResult],
    waivers: tuple[Waiver, ...],
    *,
    names: Iterable[str],
    material_rules: frozenset[str],
    gating: bool,
) -> tuple[CheckResult, ...]:
    """Mark failures as waived (with the reason) or as blocking when the change is at or above --fail-on."""
    names = tuple(names)
    mine = [w for w in waivers if any(fnmatch.fnmatchcase(name, w.policy) for name in names)]
    by_rule = _material_rule_reason(mine, material_rules)
    final: list[CheckResult] = []
    for result in results:
        if result.status != CheckStatus.FAIL:
            final.append(result)
            continue
        reason = next((w.reason for w in mine if w.rule in ("*", result.check.value)), None)
        if reason is None and by_rule and result.check in MATERIAL_ONLY:
            reason = by_rule
        if reason is not None:
            final.append(_with(result, CheckStatus.WAIVED, False, reason))
        else:
            final.append(_with(result, CheckStatus.FAIL, gating, ""))
    return tuple(final)


def _material_rule_reason(waivers: list[Waiver], material_rules: frozenset[str]) -> str | None:
    rule_waivers = [w for w in waivers if w.rule != "*" and w.rule not in CHECK_IDS]
    if not material_rules or not rule_waivers:
        return None
    used: list[str] = []
    for rule in sorted(material_rules):
        waiver = next((w for w in rule_waivers if fnmatch.fnmatchcase(rule, w.rule)), None)
        if waiver is None:
            return None
        if waiver.reason not in used:
            used.append(waiver.reason)
    return "; ".join(used)


def _with(result: CheckResult, status: CheckStatus, blocking: bool, waiver: str) -> CheckResult:
    return CheckResult(
        result.check, status, result.message, result.path, result.line, result.policy, blocking, waiver
    )

"""The plain-text check report: one block per policy, findings first, then the verdict."""

from __future__ import annotations

from policyvc.ci.result import CheckResult, CheckStatus, GateResult, PolicyResult

_MARK = {
    CheckStatus.FAIL: "error", CheckStatus.WAIVED: "waived", CheckStatus.PASS: "ok", CheckStatus.SKIPPED: "-",
}


def render_text(result: GateResult) -> str:
    """Every changed policy with its class, versions and check results; the last line is the verdict."""
    lines = [f"policyvc check: {result.base_label} ({result.base[:7] or 'empty'}) → {_head(result)}"]
    for policy in result.policies:
        lines.append("")
        lines.append(_policy_line(policy))
        lines.extend(_check_line(check) for check in policy.checks if check.status != CheckStatus.SKIPPED)
    lines.append("")
    lines.append(f"policyvc check {result.verdict()}")
    return "\n".join(lines)


def _head(result: GateResult) -> str:
    return result.head if len(result.head) != 40 else result.head[:7]


def _policy_line(policy: PolicyResult) -> str:
    moved = f" (from {policy.old_path})" if policy.status == "renamed" else ""
    versions = f", version {policy.base_version or '-'} → {policy.head_version or '-'}"
    needs = f"(needs a {policy.bump} bump)"
    return f"{policy.path}{moved}: {policy.status}, {policy.classification} {needs}{versions}"


def _check_line(check: CheckResult) -> str:
    mark = _MARK[check.status]
    if check.status == CheckStatus.FAIL and not check.blocking:
        mark = "warning"
    text = f"  {mark:<7} {check.path}:{check.line}  {check.check}: {check.message}"
    if check.status == CheckStatus.WAIVED:
        text += f" [waived: {check.waiver}]"
    return text

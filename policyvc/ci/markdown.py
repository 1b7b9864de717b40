"""`--format markdown`: a pull-request comment (also the GitHub step summary)."""

from __future__ import annotations

from policyvc.ci.result import CheckResult, CheckStatus, GateResult

_ICON = {
    CheckStatus.FAIL: "❌",
    CheckStatus.WAIVED: "⚪ waived",
    CheckStatus.PASS: "✅",
    CheckStatus.SKIPPED: "➖",
}


def render_markdown(result: GateResult) -> str:
    """Verdict, one row per changed policy, then every finding with its file and line; waivers are listed."""
    icon = "❌" if result.failed else "✅"
    lines = [f"## {icon} policyvc check {result.verdict()}", ""]
    if not result.policies:
        return "\n".join(lines)
    lines += [
        f"Compared with `{_cell(result.base_label)}`; the gate fails on **{result.fail_on}** changes "
        f"(notice period {result.notice_days} days).",
        "",
        "| Policy | Change | Class | Needs | Version |",
        "| --- | --- | --- | --- | --- |",
    ]
    for policy in result.policies:
        version = f"{policy.base_version or '–'} → {policy.head_version or '–'}"
        cls = f"**{policy.classification}**"
        cells = [f"`{_cell(policy.path)}`", policy.status, cls, policy.bump, version]
        lines.append("| " + " | ".join(cells) + " |")
    findings = result.findings
    lines += ["", "### Findings" if findings else "No findings.", ""]
    if findings:
        lines += ["| | Check | Where | What |", "| --- | --- | --- | --- |"]
        lines += [_finding_row(check) for check in findings]
    return "\n".join(lines) + "\n"


def _finding_row(check: CheckResult) -> str:
    mark = _ICON[check.status]
    if check.status == CheckStatus.FAIL and not check.blocking:
        mark = "⚠️"
    message = _cell(check.message)
    if check.status == CheckStatus.WAIVED:
        message += f" — *waived: {_cell(check.waiver)}*"
    return f"| {mark} | `{check.check}` | `{_cell(check.path)}:{check.line}` | {message} |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

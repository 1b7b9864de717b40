"""`--format junit`: JUnit XML for GitLab and Jenkins, one testcase per policy × check."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from policyvc.ci.result import CheckStatus, GateResult


def render_junit(result: GateResult) -> str:
    """Blocking findings are failures; waived ones and those below --fail-on are skipped with the reason."""
    suites = ET.Element("testsuites", name="policyvc check")
    total = failures = skipped = 0
    for policy in result.policies:
        suite = ET.SubElement(suites, "testsuite", name=f"policyvc check: {policy.path}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for check in policy.checks:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"policyvc.{policy.policy}",
                name=f"{check.check}" if check.line <= 1 else f"{check.check} (line {check.line})",
                file=check.path,
                line=str(check.line),
            )
            counts["tests"] += 1
            if check.status == CheckStatus.FAIL and check.blocking:
                failure = ET.SubElement(case, "failure", message=check.message, type=check.check.value)
                failure.text = f"{check.path}:{check.line}: {check.message}"
                counts["failures"] += 1
            elif check.status == CheckStatus.FAIL:
                ET.SubElement(case, "skipped", message=f"below --fail-on {result.fail_on}: {check.message}")
                counts["skipped"] += 1
            elif check.status == CheckStatus.WAIVED:
                ET.SubElement(case, "skipped", message=f"waived ({check.waiver}): {check.message}")
                counts["skipped"] += 1
            elif check.status == CheckStatus.SKIPPED:
                ET.SubElement(case, "skipped", message=check.message)
                counts["skipped"] += 1
            else:
                ET.SubElement(case, "system-out").text = check.message
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        total += counts["tests"]
        failures += counts["failures"]
        skipped += counts["skipped"]
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    suites.set("skipped", str(skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

"""`--format sarif`: SARIF 2.1.0 for code-scanning uploads; one result per finding, waivers suppressed."""

from __future__ import annotations

import json
from typing import Any

from policyvc import __version__
from policyvc.ci.result import CHECK_DESCRIPTIONS, CheckId, CheckResult, CheckStatus, GateResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = list(CheckId)


def sarif_log(result: GateResult) -> dict[str, Any]:
    """A SARIF log with one run: the rules are the gate's checks, the results its findings."""
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policyvc",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/policyvc/",
                        "rules": [_rule(check) for check in _RULES],
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The repository root."}}},
                "results": [_result(check) for check in result.findings],
                "properties": {
                    "base": result.base,
                    "failOn": result.fail_on,
                    "failed": result.failed,
                    "classification": result.classification.value,
                },
            }
        ],
    }


def render_sarif(result: GateResult) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"


def _rule(check: CheckId) -> dict[str, Any]:
    return {
        "id": check.value,
        "name": "".join(part.title() for part in check.value.split("-")),
        "shortDescription": {"text": CHECK_DESCRIPTIONS[check]},
        "defaultConfiguration": {"level": "error"},
    }


def _result(check: CheckResult) -> dict[str, Any]:
    level = "error" if check.blocking else "warning"
    item: dict[str, Any] = {
        "ruleId": check.check.value,
        "ruleIndex": _RULES.index(check.check),
        "level": level if check.status == CheckStatus.FAIL else "note",
        "message": {"text": f"{check.policy}: {check.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": check.path, "uriBaseId": "SRCROOT"},
                    "region": {"startLine": max(check.line, 1)},
                }
            }
        ],
        "partialFingerprints": {"policyvcCheck/v1": f"{check.policy}/{check.check.value}/{check.line}"},
    }
    if check.status == CheckStatus.WAIVED:
        item["suppressions"] = [{"kind": "external", "status": "accepted", "justification": check.waiver}]
    return item

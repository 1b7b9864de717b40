"""`--format json`: schema `policyvc/check/1`, the diff contract plus the check results."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from policyvc.ci.result import CheckResult, GateResult, PolicyResult
from policyvc.render import RenderOptions
from policyvc.render.json import diff_document

SCHEMA_ID = "policyvc/check/1"


def check_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `policyvc/check/1`."""
    text = resources.files("policyvc.ci").joinpath("schema/check-1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_document(result: GateResult) -> dict[str, Any]:
    """Verdict, per-policy summary, a flat `checks` list and the diff (`policyvc/diff/1`) of every policy."""
    assessments = [p.assessment for p in result.policies if p.assessment is not None]
    return {
        "schema": SCHEMA_ID,
        "base": result.base,
        "base_label": result.base_label,
        "head": result.head,
        "fail_on": result.fail_on,
        "notice_days": result.notice_days,
        "failed": result.failed,
        "verdict": result.verdict(),
        "classification": result.classification.value,
        "bump": result.bump.value,
        "policies": [_policy(policy) for policy in result.policies],
        "checks": [_check(check) for check in result.checks],
        "diff": diff_document(assessments, RenderOptions(collection=True)),
    }


def render_json(result: GateResult) -> str:
    return json.dumps(check_document(result), indent=2, ensure_ascii=False) + "\n"


def _policy(policy: PolicyResult) -> dict[str, Any]:
    return {
        "policy": policy.policy,
        "path": policy.path,
        "old_path": policy.old_path,
        "status": policy.status,
        "classification": policy.classification.value,
        "bump": policy.bump.value,
        "base_version": policy.base_version,
        "head_version": policy.head_version,
    }


def _check(check: CheckResult) -> dict[str, Any]:
    return {
        "policy": check.policy,
        "check": check.check.value,
        "status": check.status.value,
        "blocking": check.blocking,
        "message": check.message,
        "path": check.path,
        "line": check.line,
        "waiver": check.waiver or None,
    }

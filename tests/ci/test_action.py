"""action.yml and .pre-commit-hooks.yaml: their commands run for real against a repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from policyvc.cli import app

from .conftest import PRIVACY, PolicyGitRepo

REPO = Path(__file__).resolve().parents[2]


def _load(name: str) -> Any:
    return yaml.safe_load((REPO / name).read_text("utf-8"))


def test_action_is_composite_and_its_outputs_come_from_the_check_step() -> None:
    action = _load("action.yml")
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert "github.action_path" in steps[1]["run"]
    check_step = next(step for step in steps if step.get("id") == "check")
    for name in ("classification", "bump", "failed"):
        assert action["outputs"][name]["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
    assert check_step["shell"] == "bash"


def test_the_action_script_runs_the_gate_and_sets_outputs(published: PolicyGitRepo, tmp_path: Path) -> None:
    published.material_pr()
    script = next(step for step in _load("action.yml")["runs"]["steps"] if step.get("id") == "check")["run"]
    outputs, summary, sarif = tmp_path / "out", tmp_path / "summary.md", tmp_path / "policyvc.sarif"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        "POLICYVC_BASE": "main",
        "POLICYVC_FAIL_ON": "material",
        "POLICYVC_FORMAT": "sarif",
        "POLICYVC_OUTPUT_FILE": str(sarif),
    }
    # GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=published.root, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 1, done.stderr + done.stdout
    assert done.stdout.count("::error file=policies/privacy.md") == 3
    assert "classification<<" in outputs.read_text("utf-8")
    assert summary.read_text("utf-8").startswith("## ❌ policyvc check failed")
    assert '"version": "2.1.0"' in sarif.read_text("utf-8"), done.stderr


def test_pre_commit_hook_entry_checks_the_staged_policies(published: PolicyGitRepo) -> None:
    [hook] = _load(".pre-commit-hooks.yaml")
    assert hook["pass_filenames"] is False
    command = hook["entry"].split()
    assert command[:2] == ["policyvc", "check"]
    published.edit(PRIVACY, "We do not sell", "We may sell")
    result = CliRunner().invoke(app, command[1:])
    assert result.exit_code == 1
    assert "version-bump" in result.stdout
    published.edit(PRIVACY, "version: 1.0.0", "version: 2.0.0")
    published.edit(PRIVACY, "effective_date: 2026-01-01", "effective_date: 2099-01-01")
    published.edit(PRIVACY, "Last updated: 2026-01-01", "Last updated: 2099-01-01")
    assert CliRunner().invoke(app, command[1:]).exit_code == 0

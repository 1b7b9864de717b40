"""`policyvc diff` end to end: the real CLI on real files, exit codes, formats, output files, bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import git
import jsonschema
import pytest
from click.testing import Result
from typer.testing import CliRunner

from policyvc.cli import app
from policyvc.errors import ExitCode
from policyvc.render.json import diff_schema

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies" / "privacy.md"
REVISED = ROOT / "examples" / "privacy-revised.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, ["diff", *args], env=env)


def _policy_copy(tmp_path: Path, name: str, text: str | None = None) -> Path:
    path = tmp_path / name
    path.write_text(POLICY.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    return path


def _one_line_error(result: Result, code: ExitCode, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    stderr = result.stderr
    assert stderr.startswith("policyvc: ") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in stderr
    assert result.stdout == ""


def test_vocalcom_pair_runs_and_exits_zero() -> None:
    result = _run(str(POLICY), str(REVISED))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"policyvc diff {POLICY} → {REVISED}"
    assert lines[1].startswith("MATERIAL (bump: major) · ")
    assert not ANSI.search(result.stdout)


def test_exit_code_flag_reports_substantive_changes(tmp_path: Path) -> None:
    assert _run("--exit-code", str(POLICY), str(REVISED)).exit_code == ExitCode.CHANGED
    same = _policy_copy(tmp_path, "same.md")
    result = _run("--exit-code", str(POLICY), str(same))
    assert result.exit_code == 0
    assert "no changes (bump: none)" in result.stdout


def test_exit_code_flag_ignores_editorial_changes(tmp_path: Path) -> None:
    text = POLICY.read_text(encoding="utf-8")
    fixed = _policy_copy(tmp_path, "fixed.md", text.replace("Groupâ€™s", "Group’s"))
    result = _run("--exit-code", "--format", "json", str(POLICY), str(fixed))
    summary = json.loads(result.stdout)["summary"]
    assert summary["classification"] in ("editorial", "none")
    assert result.exit_code == 0


def test_json_output_is_schema_valid_and_material() -> None:
    result = _run("--format", "json", str(POLICY), str(REVISED))
    assert result.exit_code == 0
    value = json.loads(result.stdout)
    jsonschema.Draft202012Validator(diff_schema()).validate(value)
    assert (value["schema"], value["old"], value["new"]) == ("policyvc/diff/1", str(POLICY), str(REVISED))
    assert value["summary"]["classification"] == "material"
    assert value["summary"]["bump"] == "major"
    material = [c for c in value["changes"] if c["classification"] == "material"]
    assert material and all(c["findings"] for c in material)
    assert all(f["source"] for c in material for f in c["findings"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_output_file_is_written_whole_and_nothing_is_printed(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"diff.{fmt}"
    target.write_text("stale", encoding="utf-8")
    result = _run("--format", fmt, "--output", str(target), str(POLICY), str(REVISED))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    printed = _run("--format", fmt, str(POLICY), str(REVISED)).stdout
    assert target.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("--output", str(tmp_path / "nowhere" / "d.txt"), str(POLICY), str(REVISED))
    _one_line_error(result, ExitCode.USAGE, "does not exist")


def test_unknown_format_is_a_usage_error() -> None:
    result = _run("--format", "pdf", str(POLICY), str(REVISED))
    _one_line_error(result, ExitCode.USAGE, "unknown format 'pdf'")


def test_missing_file(tmp_path: Path) -> None:
    _one_line_error(_run(str(POLICY), str(tmp_path / "gone.md")), ExitCode.INPUT, "gone.md: no such file")


def test_directory(tmp_path: Path) -> None:
    _one_line_error(_run(str(tmp_path), str(POLICY)), ExitCode.INPUT, "is a directory")


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "policy.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02\x00binary")
    _one_line_error(_run(str(POLICY), str(binary)), ExitCode.INPUT, "binary")


def test_invalid_utf8(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.md"
    latin.write_bytes("# Politique de confidentialité\n\nDonnées personnelles.\n".encode("latin-1"))
    _one_line_error(_run(str(POLICY), str(latin)), ExitCode.INPUT, "not valid UTF-8")


def test_empty_file_is_an_empty_policy_with_a_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    result = _run("--format", "json", str(empty), str(POLICY))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"policyvc: {empty} is empty; compared as an empty policy\n"
    value = json.loads(result.stdout)
    assert value["summary"]["total"] > 0
    assert {c["kind"] for c in value["changes"]} == {"added"}


def test_colour_follows_the_flags_and_no_color() -> None:
    coloured = _run("--color", str(POLICY), str(REVISED))
    assert ANSI.search(coloured.stdout)
    plain = _run("--no-color", str(POLICY), str(REVISED))
    assert not ANSI.search(plain.stdout)
    assert ANSI.sub("", coloured.stdout) == plain.stdout


def test_explain_names_rules_and_their_source_files() -> None:
    result = _run("--explain", str(POLICY), str(REVISED))
    assert result.exit_code == 0
    explained = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("rule ")]
    assert explained
    assert all(" · from " in line for line in explained)
    assert re.search(r"(old|new) line \d+, chars \d+–\d+: “", result.stdout)


def test_real_console_script_prints_plain_text_when_piped() -> None:
    script = Path(sys.executable).parent / "policyvc"
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    completed = subprocess.run(
        [str(script), "diff", "--exit-code", str(POLICY), str(REVISED)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert completed.returncode == ExitCode.CHANGED, completed.stderr
    assert completed.stderr == ""
    assert not ANSI.search(completed.stdout)
    assert completed.stdout.splitlines()[1].startswith("MATERIAL")


GOLDEN_CASES = {
    "privacy.txt": ["--no-color"],
    "privacy.explain.txt": ["--no-color", "--explain"],
    "privacy.md": ["--format", "markdown"],
    "privacy.html": ["--format", "html"],
    "privacy.json": ["--format", "json"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_vocalcom_pair_matches_golden(
    name: str, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]
) -> None:
    """Regenerate on purpose with POLICYVC_UPDATE_GOLDEN=1, then read the golden diff before committing."""
    monkeypatch.chdir(ROOT)
    result = _run(*GOLDEN_CASES[name], "policies/privacy.md", "examples/privacy-revised.md")
    assert result.exit_code == 0, result.output
    golden(f"diff/{name}", result.stdout)


def _git_repo_with_policies(root: Path) -> None:
    """A real repository: two policies committed with pinned identities and dates."""
    env = {
        "GIT_AUTHOR_NAME": "Legal",
        "GIT_AUTHOR_EMAIL": "legal@example.com",
        "GIT_COMMITTER_NAME": "Legal",
        "GIT_COMMITTER_EMAIL": "legal@example.com",
        "GIT_AUTHOR_DATE": "2024-01-02T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-01-02T10:00:00+00:00",
    }
    (root / "policies").mkdir()
    (root / "policies" / "privacy.md").write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "policies" / "terms.md").write_text("# Terms\n\nYou may use the site.\n", encoding="utf-8")
    repo = git.Repo.init(root)
    with repo.git.custom_environment(**env):
        repo.git.add("policies")
        repo.git.commit("-m", "Policies", "--no-gpg-sign")


def test_base_compares_every_changed_policy_in_the_wrapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git_repo_with_policies(tmp_path)
    monkeypatch.chdir(tmp_path)
    unchanged = _run("--base", "HEAD", "--format", "json")
    assert unchanged.exit_code == 0, unchanged.output
    assert json.loads(unchanged.stdout)["summary"]["policies"] == 0

    policies = tmp_path / "policies"
    (policies / "privacy.md").write_text(REVISED.read_text(encoding="utf-8"), encoding="utf-8")
    (policies / "terms.md").write_text("# Terms\n\nYou may use the web site.\n", encoding="utf-8")
    result = _run("--base", "HEAD", "--format", "json", "--exit-code")
    assert result.exit_code == ExitCode.CHANGED, result.output
    assert result.stderr == ""
    value = json.loads(result.stdout)
    jsonschema.Draft202012Validator(diff_schema()).validate(value)
    assert [p["new"] for p in value["policies"]] == ["policies/privacy.md", "policies/terms.md"]
    assert value["summary"]["policies"] == 2
    assert value["summary"]["classification"] == "material"
    assert value["summary"]["total"] == sum(p["summary"]["total"] for p in value["policies"])
    text = _run("--base", "HEAD", "--no-color").stdout
    assert text.endswith("overall: material (bump: major) · 2 of 2 policies changed\n")
    assert "policyvc diff HEAD:policies/terms.md → policies/terms.md" in text

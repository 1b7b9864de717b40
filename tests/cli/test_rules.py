"""End to end: `policyvc rules` lists the active rules from the repository's configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyvc.cli import app

PACKAGED = "policyvc/classify/rules.toml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["rules", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_packaged_rules_with_source(repo: Path) -> None:
    code, out, _ = run()
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["id", "category", "severity", "direction", "class"]
    sale = next(line for line in lines if line.startswith("sharing.sale "))
    assert sale.split() == ["sharing.sale", "sharing", "high", "added", "material", PACKAGED]
    assert lines[-1] == f"{len(lines) - 2} rules"


def test_json_reflects_repository_overrides(repo: Path) -> None:
    (repo / "policyvc.toml").write_text(
        'disable_rules = ["security.safeguard"]\n[severity]\n"sharing.sale" = "low"\n'
        '[[rules]]\nid = "acme.score"\ncategory = "purpose"\nsubject = "a score"\n'
        'triggers = ["credit score"]\n',
        encoding="utf-8",
    )
    code, out, _ = run("--format", "json")
    assert code == 0
    data = json.loads(out)
    by_id = {r["id"]: r for r in data["rules"]}
    assert data["count"] == len(data["rules"])
    assert "security.safeguard" not in by_id
    assert by_id["sharing.sale"]["severity"] == "low"
    assert by_id["acme.score"]["source"] == "policyvc.toml [rules][0]"
    assert by_id["acme.score"]["triggers"] == ["credit score"]


def test_invalid_rule_is_one_line_and_exit_2(repo: Path) -> None:
    bad = '[[rules]]\nid = "x"\ncategory = "nope"\nsubject = "s"\ntriggers = ["a"]\n'
    (repo / "policyvc.toml").write_text(bad, encoding="utf-8")
    code, out, err = run()
    assert code == 2
    assert out == ""
    assert err.startswith("policyvc: policyvc.toml [rules][0]: rule 'x': field 'category': 'nope'")
    assert len(err.strip().splitlines()) == 1


def test_unknown_format_is_a_usage_error(repo: Path) -> None:
    code, _, err = run("--format", "yaml")
    assert code == 2 and "--format 'yaml' is not known" in err

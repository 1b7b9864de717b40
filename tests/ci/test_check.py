"""`policyvc check` end to end: the real CLI on real repositories with a PR-like branch."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner, Result

from policyvc.ci.json import check_schema
from policyvc.cli import app
from policyvc.render.json import diff_schema

from .conftest import NOT_SOLD, SOLD, PolicyGitRepo

PR_DATE = "2026-03-01T10:00:00+00:00"
FILE = "policies/privacy.md"
# The three findings of the bad pull request: version line (front matter), effective date (front matter),
# and the first materially changed line (the sharing paragraph).
EXPECTED = {("version-bump", FILE, 3), ("notice-period", FILE, 4), ("acknowledgement", FILE, 12)}
SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
ACK = "Material-Change-Acknowledged-By: Dana Legal <dana@example.com>"


def check(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, ["check", *args], env=env)
    # An exit code from a crash would pass for the gate's own: only a clean exit counts.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def material_pr(repo: PolicyGitRepo) -> None:
    repo.material_pr()


def blocking(fmt: str, output: str) -> set[tuple[str, str, int]]:
    """The blocking findings a format reports, read back the way its consumer would."""
    if fmt == "text":
        found = re.findall(r"^  error\s+(\S+):(\d+)\s+([a-z-]+):", output, re.M)
        return {(check_id, path, int(line)) for path, line, check_id in found}
    if fmt == "github":
        found = re.findall(r"^::error file=([^,]+),line=(\d+),title=policyvc ([a-z-]+)::", output, re.M)
        return {(check_id, path, int(line)) for path, line, check_id in found}
    if fmt == "markdown":
        found = re.findall(r"^\| ❌ \| `([a-z-]+)` \| `([^:`]+):(\d+)` \|", output, re.M)
        return {(check_id, path, int(line)) for check_id, path, line in found}
    if fmt == "json":
        checks = json.loads(output)["checks"]
        return {(c["check"], c["path"], c["line"]) for c in checks if c["status"] == "fail" and c["blocking"]}
    if fmt == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return {
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
            if r["level"] == "error"
        }
    assert fmt == "junit"
    cases = ET.fromstring(output).iter("testcase")
    return {
        (failure.get("type", ""), case.get("file", ""), int(case.get("line", "0")))
        for case in cases
        if (failure := case.find("failure")) is not None
    }


FORMATS = ["text", "github", "markdown", "json", "sarif", "junit"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_material_change_without_bump_notice_or_acknowledgement_fails_with_three_findings(
    published: PolicyGitRepo, fmt: str
) -> None:
    material_pr(published)
    result = check("--format", fmt)
    assert result.exit_code == 1, result.output
    assert blocking(fmt, result.stdout) == EXPECTED
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("policyvc: check failed: 3 finding(s)")


def bump_version(repo: PolicyGitRepo) -> None:
    repo.edit(FILE, "version: 1.0.0", "version: 2.0.0")
    repo.commit("Bump", PR_DATE)


def give_notice(repo: PolicyGitRepo) -> None:
    repo.edit(FILE, "effective_date: 2026-03-10", "effective_date: 2026-04-15")
    repo.edit(FILE, "Last updated: 2026-03-10", "Last updated: 2026-04-15")
    repo.commit("Give notice", PR_DATE)


def acknowledge(repo: PolicyGitRepo) -> None:
    repo.commit(f"Acknowledge\n\nPolicy: privacy\n{ACK}", PR_DATE, allow_empty=True)


FIXES = {"version-bump": bump_version, "notice-period": give_notice, "acknowledgement": acknowledge}


@pytest.mark.parametrize("fixed", list(FIXES))
def test_fixing_one_finding_removes_exactly_that_one(published: PolicyGitRepo, fixed: str) -> None:
    material_pr(published)
    FIXES[fixed](published)
    result = check("--format", "json")
    assert result.exit_code == 1
    assert blocking("json", result.stdout) == {f for f in EXPECTED if f[0] != fixed}


@pytest.mark.parametrize("fmt", FORMATS)
def test_fixing_all_three_passes_in_every_format(published: PolicyGitRepo, fmt: str) -> None:
    material_pr(published)
    for fix in FIXES.values():
        fix(published)
    result = check("--format", fmt)
    assert result.exit_code == 0, result.output
    assert blocking(fmt, result.stdout) == set()
    assert result.stderr == ""


def test_trailers_record_the_version_and_effective_date(published: PolicyGitRepo) -> None:
    published.edit(FILE, NOT_SOLD, SOLD)
    published.edit(FILE, "Last updated: 2026-01-01", "Last updated: 2026-04-15")
    published.commit(
        f"Sell data\n\nPolicy: privacy\nPolicy-Version: 2.0.0\nEffective-Date: 2026-04-15\n{ACK}", PR_DATE
    )
    result = check("--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["policies"][0]["head_version"] == "2.0.0"
    statuses = {c["check"]: c["status"] for c in document["checks"]}
    assert statuses == {
        "version-bump": "pass", "notice-period": "pass", "acknowledgement": "pass", "date-line": "pass"
    }


def test_a_notice_date_trailer_moves_the_publication_date(published: PolicyGitRepo) -> None:
    material_pr(published)
    FIXES["version-bump"](published)
    published.commit(f"Notice went out early\n\nPolicy: privacy\nNotice-Date: 2026-02-01\n{ACK}", PR_DATE,
                     allow_empty=True)
    result = check("--format", "json")
    assert result.exit_code == 0, result.output


def test_a_stale_last_updated_line_is_a_date_line_finding(published: PolicyGitRepo) -> None:
    material_pr(published)
    for fix in FIXES.values():
        fix(published)
    published.edit(FILE, "Last updated: 2026-04-15", "Last updated: 2026-01-01")
    published.commit("Oops", PR_DATE)
    result = check("--format", "text")
    assert result.exit_code == 1
    assert blocking("text", result.stdout) == {("date-line", FILE, 8)}


def test_editorial_change_passes_with_fail_on_material_but_not_editorial(published: PolicyGitRepo) -> None:
    published.edit(FILE, "recieve", "receive")
    published.commit("Fix a typo", PR_DATE)
    result = check("--fail-on", "material")
    assert result.exit_code == 0, result.output
    assert "editorial" in result.stdout
    warning = r"^  warning .*version-bump: version is still 1.0.0; .* needs a patch bump"
    assert re.search(warning, result.stdout, re.M)
    strict = check("--fail-on", "editorial", "--format", "json")
    assert strict.exit_code == 1
    assert blocking("json", strict.stdout) == {("version-bump", FILE, 3)}
    assert check("--fail-on", "never").exit_code == 0


def test_waiver_turns_a_failure_into_a_shown_note(published: PolicyGitRepo) -> None:
    waiver = 'policy = "privacy"\nrule = "acknowledgement"\nreason = "Legal signed off in LEG-42"\n'
    (published.root / "policyvc.toml").write_text(f"[[check.waivers]]\n{waiver}", encoding="utf-8")
    material_pr(published)
    FIXES["version-bump"](published)
    FIXES["notice-period"](published)
    result = check("--format", "text")
    assert result.exit_code == 0, result.output
    shown = r"^  waived .*acknowledgement: .*\[waived: Legal signed off in LEG-42\]"
    assert re.search(shown, result.stdout, re.M)
    sarif = json.loads(check("--format", "sarif").stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    [waived] = sarif["runs"][0]["results"]
    assert waived["suppressions"][0]["justification"] == "Legal signed off in LEG-42"


def test_deleted_policy_is_a_finding_of_its_own_and_can_be_waived(published: PolicyGitRepo) -> None:
    published.repo.git.rm("-q", "policies/terms.md")
    published.commit("Drop the terms", PR_DATE)
    result = check("--format", "github")
    assert result.exit_code == 1
    assert blocking("github", result.stdout) == {("policy-deleted", "policies/terms.md", 1)}
    waiver = 'policy = "terms"\nrule = "policy-deleted"\nreason = "Replaced by the new agreement"\n'
    (published.root / "policyvc.toml").write_text(f"[[check.waivers]]\n{waiver}", encoding="utf-8")
    waived = check("--format", "github")
    assert waived.exit_code == 0
    assert "::warning file=policies/terms.md,line=1" in waived.stdout
    assert "waived: Replaced by the new agreement" in waived.stdout


def test_renamed_policy_is_followed_not_treated_as_new(published: PolicyGitRepo) -> None:
    published.repo.git.mv(FILE, "policies/privacy-notice.md")
    published.edit("policies/privacy-notice.md", "recieve", "receive")
    published.commit("Rename the privacy policy", PR_DATE)
    result = check("--format", "json")
    assert result.exit_code == 0, result.output
    [policy] = json.loads(result.stdout)["policies"]
    assert (policy["status"], policy["old_path"], policy["path"]) == (
        "renamed", FILE, "policies/privacy-notice.md"
    )
    assert policy["classification"] == "editorial"
    assert policy["base_version"] == "1.0.0"


def test_github_actions_annotations_summary_and_outputs(published: PolicyGitRepo, tmp_path: Path) -> None:
    material_pr(published)
    summary, outputs = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    outputs.write_text("earlier=1\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs)}
    result = check(env=env)
    assert result.exit_code == 1
    assert blocking("github", result.stdout) == EXPECTED
    report = summary.read_text("utf-8")
    assert report.startswith("# Earlier step\n## ❌ policyvc check failed")
    assert blocking("markdown", report) == EXPECTED
    assert _github_outputs(outputs.read_text("utf-8")) == {
        "earlier": "1", "classification": "material", "bump": "major", "failed": "true",
        "verdict": "failed: 3 finding(s) at or above --fail-on material "
        "(privacy: version-bump, privacy: notice-period, privacy: acknowledgement)",
    }


def _github_outputs(text: str) -> dict[str, str]:
    """Parse $GITHUB_OUTPUT the way the runner does: `name=value` lines and `name<<DELIM` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            values[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_sarif_is_valid_against_the_official_schema(published: PolicyGitRepo) -> None:
    material_pr(published)
    log = json.loads(check("--format", "sarif").stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_schema_rejects_a_broken_log() -> None:
    # The validator is real: a log without `runs` or with a bad level must not pass.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"version": "2.1.0"})
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "fatal"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(bad)


def test_json_embeds_a_valid_diff_contract(published: PolicyGitRepo) -> None:
    material_pr(published)
    document = json.loads(check("--format", "json").stdout)
    assert document["schema"] == "policyvc/check/1"
    jsonschema.validate(document, check_schema())
    assert (document["classification"], document["bump"], document["failed"]) == ("material", "major", True)
    jsonschema.validate(document["diff"], diff_schema())
    assert document["diff"]["policies"][0]["summary"]["classification"] == "material"


def test_junit_counts_and_file_option(published: PolicyGitRepo, tmp_path: Path) -> None:
    material_pr(published)
    target = tmp_path / "junit.xml"
    result = check("--format", "text", "--junit", str(target), env={"GITLAB_CI": "true"})
    assert result.exit_code == 1
    assert blocking("text", result.stdout) == EXPECTED
    root = ET.parse(target).getroot()
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    assert blocking("junit", target.read_text("utf-8")) == EXPECTED


def test_staged_check_for_pre_commit(published: PolicyGitRepo) -> None:
    published.edit(FILE, NOT_SOLD, SOLD)
    published.edit(FILE, "effective_date: 2026-01-01", "effective_date: 2099-01-01")
    published.edit(FILE, "Last updated: 2026-01-01", "Last updated: 2099-01-01")
    result = check("--staged", "--format", "json")
    assert blocking("json", result.stdout) == {("version-bump", FILE, 3)}
    assert result.exit_code == 1
    published.edit(FILE, "version: 1.0.0", "version: 2.0.0")
    assert check("--staged").exit_code == 0


def test_no_policy_changed_passes(published: PolicyGitRepo) -> None:
    published.write("README.md", "Only the readme.\n")
    published.commit("Docs", PR_DATE)
    result = check()
    assert result.exit_code == 0
    assert "no policy changed" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--base", "release-7"], 3, "policyvc: unknown base ref 'release-7'"),
        (["--fail-on", "sometimes"], 2, "policyvc: --fail-on 'sometimes': choose one of"),
        (["--format", "pdf"], 2, "policyvc: unknown check format 'pdf'"),
    ],
)
def test_bad_arguments_are_one_line_and_a_documented_code(
    published: PolicyGitRepo, args: list[str], code: int, message: str
) -> None:
    material_pr(published)
    result = check(*args)
    assert result.exit_code == code
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[check]\nfail_onn = "material"\n', "policyvc: policyvc.toml: check: unknown key 'fail_onn'"),
        ('notice_days = "thirty"\n', "policyvc: policyvc.toml: 'notice_days' must be a whole number"),
        ("[[check.waivers]]\n", "policyvc: policyvc.toml: check.waivers[0]: 'reason' is required"),
    ],
)
def test_bad_config_names_the_key(published: PolicyGitRepo, config: str, message: str) -> None:
    (published.root / "policyvc.toml").write_text(config, encoding="utf-8")
    published.material_pr()
    result = check()
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1


def test_shallow_clone_lacking_the_base_says_how_to_fetch(published: PolicyGitRepo, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    material_pr(published)
    published.repo.git.checkout("-q", "main")  # the clone's origin/HEAD is then main, as on a real remote
    clone = tmp_path / "ci-clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "change",
                    f"file://{published.root}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    result = check()
    assert result.exit_code == 3
    assert "git fetch --unshallow" in result.stderr and "fetch-depth: 0" in result.stderr
    assert result.stderr.count("\n") == 1


def test_outside_a_repository_is_a_repository_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 3
    assert result.stderr.startswith("policyvc: ") and result.stderr.count("\n") == 1


def test_versions_recorded_by_policyvc_commit_satisfy_the_gate(
    published: PolicyGitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, PR_DATE)
    published.edit(FILE, NOT_SOLD, SOLD)
    published.edit(FILE, "Last updated: 2026-01-01", "Last updated: 2026-03-20")
    recorded = CliRunner().invoke(app, ["commit", "privacy", "--effective", "2026-03-20", "-m", "Sell data"])
    assert recorded.exit_code == 0, recorded.output
    result = check("--base", "main", "--format", "json")
    assert result.exit_code == 1
    assert blocking("json", result.stdout) == {("notice-period", FILE, 4), ("acknowledgement", FILE, 12)}
    assert json.loads(result.stdout)["policies"][0]["head_version"] == "2.0.0"  # the commit's trailer

    published.edit(FILE, "Last updated: 2026-03-20", "Last updated: 2026-04-15")
    acknowledged = ["--acknowledge", "Dana Legal <dana@example.com>", "--bump", "major", "-m", "Give notice"]
    again = CliRunner().invoke(app, ["commit", "privacy", "--effective", "2026-04-15", *acknowledged])
    assert again.exit_code == 0, again.output
    assert check("--base", "main").exit_code == 0


def test_the_pull_request_target_branch_from_the_ci_environment_is_the_base(published: PolicyGitRepo) -> None:
    published.edit("policies/terms.md", "lawful purposes only", "lawful purposes")
    published.commit("Release branch wording", PR_DATE)  # on `change`, which plays the release branch here
    published.branch("fix")
    published.edit(FILE, "recieve", "receive")
    published.commit("Typo", PR_DATE)
    against_main = json.loads(check("--format", "json").stdout)
    assert [p["policy"] for p in against_main["policies"]] == ["privacy", "terms"]
    for env in ({"GITHUB_BASE_REF": "change"}, {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "change"}):
        against_target = json.loads(check("--format", "json", env=env).stdout)
        assert [p["policy"] for p in against_target["policies"]] == ["privacy"]
        assert against_target["base_label"] == "merge base with change"


def test_every_json_report_matches_the_check_schema(published: PolicyGitRepo) -> None:
    (published.root / "policyvc.toml").write_text(
        '[[check.waivers]]\npolicy = "terms"\nreason = "Replaced by the new agreement"\n', encoding="utf-8"
    )
    published.material_pr()
    published.repo.git.rm("-q", "policies/terms.md")
    published.write("policies/cookies.md", "# Cookies\n\nWe use cookies.\n")
    published.commit("Many kinds of change", PR_DATE)
    document = json.loads(check("--format", "json").stdout)
    jsonschema.validate(document, check_schema())
    assert {p["status"] for p in document["policies"]} == {"modified", "deleted", "added"}
    assert {c["status"] for c in document["checks"]} == {"fail", "waived", "pass", "skipped"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "failed": "yes"}, check_schema())

"""The gate's rules through run_gate on real repositories: bump sizes, added policies, levels, config."""

from __future__ import annotations

from policyvc.ci.gate import run_gate
from policyvc.ci.result import CheckId, CheckStatus, GateResult

from .conftest import PR_DATE, PRIVACY, PolicyGitRepo

ACK = "Material-Change-Acknowledged-By: Dana Legal <dana@example.com>"


def statuses(result: GateResult, policy: str = "privacy") -> dict[str, tuple[str, bool]]:
    [found] = [p for p in result.policies if p.policy == policy]
    return {c.check.value: (c.status.value, c.blocking) for c in found.checks}


def message(result: GateResult, check: CheckId) -> str:
    return next(c.message for c in result.checks if c.check == check)


def test_version_rules_backwards_and_not_semantic(published: PolicyGitRepo) -> None:
    published.material_pr()
    published.edit(PRIVACY, "version: 1.0.0", "version: 0.9.0")
    published.commit("Renumber", PR_DATE)
    result = run_gate(published.root)
    assert message(result, CheckId.VERSION_BUMP) == "version goes backwards: 1.0.0 → 0.9.0"
    published.edit(PRIVACY, "version: 0.9.0", "version: two")
    published.commit("Renumber", PR_DATE)
    expected = "version 'two' is not a semantic version (X.Y.Z)"
    assert message(run_gate(published.root), CheckId.VERSION_BUMP) == expected


def test_a_minor_bump_is_not_enough_for_a_material_change(published: PolicyGitRepo) -> None:
    published.material_pr()
    published.edit(PRIVACY, "version: 1.0.0", "version: 1.1.0")
    published.commit("Bump", PR_DATE)
    result = run_gate(published.root)
    assert message(result, CheckId.VERSION_BUMP) == (
        "version 1.0.0 → 1.1.0 is a minor bump; a material change needs a major bump (2.0.0 or later)"
    )
    assert statuses(result)["version-bump"] == ("fail", True)


def test_fail_on_never_reports_without_failing(published: PolicyGitRepo) -> None:
    published.material_pr()
    result = run_gate(published.root, fail_on="never")
    assert not result.failed
    assert [c.check.value for c in result.findings] == ["version-bump", "notice-period", "acknowledgement"]
    assert all(c.status == CheckStatus.FAIL and not c.blocking for c in result.findings)


def test_config_notice_days_and_acknowledgement_switch(published: PolicyGitRepo) -> None:
    (published.root / "policyvc.toml").write_text(
        "notice_days = 7\n[check]\nrequire_acknowledgement = false\n", encoding="utf-8"
    )
    published.material_pr()
    published.edit(PRIVACY, "version: 1.0.0", "version: 2.0.0")
    published.commit("Bump", PR_DATE)
    result = run_gate(published.root)
    assert not result.failed
    assert statuses(result) == {
        "version-bump": ("pass", False),
        "notice-period": ("pass", False),
        "acknowledgement": ("skipped", False),
        "date-line": ("pass", False),
    }
    assert result.notice_days == 7


def test_a_path_glob_waiver_covers_every_check_and_stays_visible(published: PolicyGitRepo) -> None:
    (published.root / "policyvc.toml").write_text(
        '[[check.waivers]]\npolicy = "policies/*.md"\nreason = "Launch freeze exception, CEO approval"\n',
        encoding="utf-8",
    )
    published.material_pr()
    result = run_gate(published.root)
    assert not result.failed
    assert [(c.check.value, c.status.value) for c in result.findings] == [
        ("version-bump", "waived"), ("notice-period", "waived"), ("acknowledgement", "waived")
    ]
    assert {c.waiver for c in result.findings} == {"Launch freeze exception, CEO approval"}


def test_a_waiver_for_another_rule_or_policy_does_not_apply(published: PolicyGitRepo) -> None:
    (published.root / "policyvc.toml").write_text(
        '[[check.waivers]]\npolicy = "terms"\nreason = "not this one"\n'
        '[[check.waivers]]\npolicy = "privacy"\nrule = "date-line"\nreason = "nor this"\n',
        encoding="utf-8",
    )
    published.material_pr()
    assert len(run_gate(published.root).blocking) == 3


def test_an_added_policy_needs_a_version_but_no_notice(published: PolicyGitRepo) -> None:
    text = "---\nversion: 1.0.0\n---\n# Cookies\n\nWe use cookies to sell data.\n"
    published.write("policies/cookies.md", text)
    published.commit("Add a cookie policy", PR_DATE)
    result = run_gate(published.root, fail_on="editorial")
    [policy] = result.policies
    assert (policy.status, policy.base_version, policy.head_version) == ("added", None, "1.0.0")
    found = statuses(result, "cookies")
    assert found["version-bump"][0] == "pass"
    assert found["notice-period"][0] == found["acknowledgement"][0] == "skipped"
    assert not result.failed


def test_acknowledgement_must_name_a_person_with_an_email(published: PolicyGitRepo) -> None:
    published.material_pr()
    published.commit(
        "Ack\n\nPolicy: privacy\nMaterial-Change-Acknowledged-By: legal team", PR_DATE, allow_empty=True
    )
    assert statuses(run_gate(published.root))["acknowledgement"] == ("fail", True)
    published.commit(f"Ack\n\nPolicy: terms\n{ACK}", PR_DATE, allow_empty=True)
    assert statuses(run_gate(published.root))["acknowledgement"] == ("fail", True)  # names another policy
    published.commit(f"Ack\n\nPolicy: privacy\n{ACK}", PR_DATE, allow_empty=True)
    assert statuses(run_gate(published.root))["acknowledgement"] == ("pass", False)


def test_a_materiality_rule_waiver_must_cover_every_rule_that_made_the_change_material(
    published: PolicyGitRepo,
) -> None:
    config = published.root / "policyvc.toml"
    config.write_text('[[check.waivers]]\nrule = "tracking.*"\nreason = "cookie banner reviewed"\n', "utf-8")
    published.material_pr()
    assert len(run_gate(published.root).blocking) == 3  # the sale is not about tracking
    config.write_text('[[check.waivers]]\nrule = "sharing.*"\nreason = "partners vetted by DPO"\n', "utf8")
    result = run_gate(published.root)
    assert not result.failed
    assert {(c.check.value, c.status.value, c.waiver) for c in result.findings} == {
        ("version-bump", "waived", "partners vetted by DPO"),
        ("notice-period", "waived", "partners vetted by DPO"),
        ("acknowledgement", "waived", "partners vetted by DPO"),
    }

from pathlib import Path

import pytest

from policyvc.config import Config, load_config
from policyvc.errors import ConfigError, ExitCode


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_config(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.source is None
    assert config.notice_days == 30
    assert config.policies_dir == "policies"
    assert config.root == tmp_path.resolve()


def test_policyvc_toml_found_upward(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", 'notice_days = 45\n[notify]\nsender = "legal@example.com"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.notice_days == 45
    assert config.notify.sender == "legal@example.com"
    assert config.root == tmp_path.resolve()


def test_pyproject_table_only_when_it_has_tool_policyvc(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(tmp_path).source is None
    write(tmp_path / "pyproject.toml", '[tool.policyvc]\nnotice_days = 14\ndisable_rules = ["a.b"]\n')
    config = load_config(tmp_path)
    assert config.notice_days == 14
    assert config.disable_rules == ("a.b",)


def test_unknown_key_is_named(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", "notice_dayz = 30\n")
    with pytest.raises(ConfigError, match="unknown key 'notice_dayz'") as info:
        load_config(tmp_path)
    assert info.value.exit_code == ExitCode.USAGE


def test_unknown_nested_key_is_named(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", '[notify]\nsmtp_password = "x"\n')
    with pytest.raises(ConfigError, match="notify: unknown key 'smtp_password'"):
        load_config(tmp_path)


def test_wrong_type_is_named(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", 'notice_days = "thirty"\n')
    with pytest.raises(ConfigError, match="'notice_days' must be a whole number"):
        load_config(tmp_path)


def test_negative_notice_days_refused(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", "notice_days = -1\n")
    with pytest.raises(ConfigError, match="notice_days"):
        load_config(tmp_path)


def test_waivers_need_a_reason(tmp_path: Path) -> None:
    waiver = '[[check.waivers]]\npolicy = "privacy"\nrule = "acknowledgement"\n'
    write(tmp_path / "policyvc.toml", waiver + 'reason = ""\n')
    with pytest.raises(ConfigError, match="reason"):
        load_config(tmp_path)
    write(tmp_path / "policyvc.toml", waiver + 'reason = "Board approved 2026-11-01"\n')
    loaded = load_config(tmp_path).check.waivers[0]
    assert (loaded.policy, loaded.rule) == ("privacy", "acknowledgement")
    assert loaded.reason == "Board approved 2026-11-01"


def test_inline_rules_and_severity_are_kept_for_the_classifier(tmp_path: Path) -> None:
    write(
        tmp_path / "policyvc.toml",
        '[severity]\n"sharing.new-recipient" = "high"\n[[rules]]\nid = "org.x"\ncategory = "sharing"\n',
    )
    config = load_config(tmp_path)
    assert config.severity == (("sharing.new-recipient", "high"),)
    assert config.rules[0]["id"] == "org.x"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", "notice_days = \n")
    with pytest.raises(ConfigError, match=r"policyvc\.toml: not valid TOML"):
        load_config(tmp_path)


def test_fail_on_must_be_a_class(tmp_path: Path) -> None:
    write(tmp_path / "policyvc.toml", '[check]\nfail_on = "sometimes"\n')
    with pytest.raises(ConfigError, match="fail_on"):
        load_config(tmp_path)


def test_path_resolves_against_root(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    assert config.path("policies") == (tmp_path / "policies").resolve()

"""The README is a contract too: its configuration example must load and its exit-code table must match."""

import re
from pathlib import Path

from policyvc.classify.rules import load_rule_pack
from policyvc.config import load_config
from policyvc.errors import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_configuration_example_loads_and_names_real_rules(tmp_path: Path) -> None:
    example = re.search(r"```toml\n(.*?)```", README, re.S)
    assert example is not None
    (tmp_path / "policyvc.toml").write_text(example.group(1), encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "extra.toml").write_text(
        '[[rule]]\nid = "acme.loyalty-score"\ncategory = "purpose"\nsubject = "loyalty scoring"\n'
        'triggers = ["loyalty score"]\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.notice_days == 30
    assert config.check.waivers[0].policy == "cookies"
    assert config.notify.smtp.startswith("smtps://")
    pack = load_rule_pack(config)  # an unknown rule id in [severity] would raise here
    ids = {rule.id for rule in pack.rules}
    assert {rule_id for rule_id, _ in config.severity} <= ids
    assert "acme.loyalty-score" in ids


def test_exit_code_table_matches_the_enum() -> None:
    table = README.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == {int(code) for code in ExitCode}


def test_the_two_commands_are_the_makefile_targets() -> None:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"    make {target}" in README
        assert re.search(rf"^{target}: ", makefile, re.M)

"""Rule pack loading: packaged pack, rule files, inline rules, overrides, disabling, errors, regex bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policyvc.classify.rules import CATEGORIES, Direction, load_rule_pack
from policyvc.config import Config, load_config
from policyvc.errors import ExitCode, RuleError
from policyvc.model import Classification, Severity


def test_packaged_pack_covers_every_category() -> None:
    pack = load_rule_pack(Config())
    assert {rule.category for rule in pack.rules} == set(CATEGORIES)
    assert all(rule.source.endswith("rules.toml") for rule in pack.rules)
    assert len({rule.id for rule in pack.rules}) == len(pack.rules)


def test_packaged_pack_is_parsed_once() -> None:
    first = load_rule_pack(Config())
    second = load_rule_pack(Config())
    assert first.rules[0] is second.rules[0]  # the compiled Rule objects are shared, not rebuilt


def write_config(root: Path, body: str) -> Config:
    (root / "policyvc.toml").write_text(body, encoding="utf-8")
    return load_config(root)


def test_rule_file_adds_and_overrides_by_id(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "extra.toml").write_text(
        """
[[rule]]
id = "sharing.sale"
severity = "low"
triggers = ["flog"]

[[rule]]
id = "acme.loyalty"
category = "purpose"
subject = "loyalty profiling"
triggers = ["loyalty score"]
""",
        encoding="utf-8",
    )
    config = write_config(tmp_path, 'rule_files = ["rules/extra.toml"]\n')
    pack = load_rule_pack(config)
    sale = pack.rule("sharing.sale")
    assert sale is not None and sale.severity is Severity.LOW and sale.triggers == ("flog",)
    assert sale.category == "sharing" and sale.source == "rules/extra.toml"  # other fields are inherited
    added = pack.rule("acme.loyalty")
    assert added is not None and added.direction is Direction.ADDED
    assert added.classification is Classification.MATERIAL


def test_inline_rules_severity_override_and_disable(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        """
disable_rules = ["security.safeguard"]

[severity]
"collection.new-category" = "low"

[[rules]]
id = "acme.rewards"
category = "collection"
subject = "reward history"
triggers = ["reward history"]
class = "substantive"
""",
    )
    pack = load_rule_pack(config)
    assert pack.rule("security.safeguard") is None
    collection = pack.rule("collection.new-category")
    assert collection is not None and collection.severity is Severity.LOW
    rewards = pack.rule("acme.rewards")
    assert rewards is not None and rewards.classification is Classification.SUBSTANTIVE
    assert rewards.source == "policyvc.toml [rules][0]"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\ntriggers = ["a"]\ndirection = "sideways"',
         "rules/bad.toml: rule 'x': field 'direction': 'sideways' is not one of added, removed, either, "
         "changed, flip"),
        ('id = "x"\ncategory = "gossip"\nsubject = "s"\ntriggers = ["a"]',
         "rule 'x': field 'category': 'gossip'"),
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\ntriggers = "a"',
         "rule 'x': field 'triggers' must be a list"),
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\ntrigers = ["a"]',
         "rule 'x': unknown field 'trigers'"),
        ('id = "x"\ncategory = "sharing"\ntriggers = ["a"]', "rule 'x': missing field 'subject'"),
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\npatterns = ["(unclosed"]',
         "rule 'x': field 'patterns': invalid regex"),
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\ntriggers = ["a"]\nclass = "none"', "field 'class'"),
        ('category = "sharing"\nsubject = "s"\ntriggers = ["a"]', "rules/bad.toml: a rule has no 'id'"),
        ('id = "x"\ncategory = "transfer"\nsubject = "s"\ntriggers = ["Chile"]\nnames = "yes"',
         "rule 'x': field 'names' must be bool"),
        ('id = "x"\ncategory = "sharing"\nsubject = "s"\ntriggers = ["third party"]\ngeneric = ["partners"]',
         "rule 'x': field 'generic': 'partners' is not one of the rule's triggers"),
        ('id = "x"\ncategory = "transfer"\nsubject = "s"\ntriggers = ["Chile"]\nnot_after = "users in"',
         "rule 'x': field 'not_after' must be a list"),
    ],
)  # fmt: skip
def test_invalid_rule_file_names_file_rule_and_field(tmp_path: Path, rule: str, message: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "bad.toml").write_text(f"[[rule]]\n{rule}\n", encoding="utf-8")
    config = write_config(tmp_path, 'rule_files = ["rules/bad.toml"]\n')
    with pytest.raises(RuleError) as raised:
        load_rule_pack(config)
    assert message in raised.value.message
    assert raised.value.exit_code is ExitCode.USAGE


def test_missing_and_broken_rule_files(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'rule_files = ["nope.toml"]\n')
    with pytest.raises(RuleError, match=r"nope\.toml: rule file not found"):
        load_rule_pack(config)
    (tmp_path / "broken.toml").write_text("[[rule]\n", encoding="utf-8")
    config = write_config(tmp_path, 'rule_files = ["broken.toml"]\n')
    with pytest.raises(RuleError, match=r"broken\.toml: not valid TOML"):
        load_rule_pack(config)


def test_unknown_ids_in_overrides_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"disable_rules names unknown rule 'sharing\.sael'"):
        load_rule_pack(write_config(tmp_path, 'disable_rules = ["sharing.sael"]\n'))
    with pytest.raises(RuleError, match="severity names unknown rule 'nope'"):
        load_rule_pack(write_config(tmp_path, '[severity]\nnope = "low"\n'))
    with pytest.raises(RuleError, match="field 'severity': 'urgent'"):
        load_rule_pack(write_config(tmp_path, '[severity]\n"sharing.sale" = "urgent"\n'))


def test_pathological_user_regex_is_stopped_not_hung(tmp_path: Path) -> None:
    from policyvc.compare import compare_texts

    config = write_config(
        tmp_path,
        '[[rules]]\nid = "evil"\ncategory = "sharing"\nsubject = "s"\npatterns = ["(a+)+$"]\n',
    )
    pack = load_rule_pack(config)
    long_word = "a" * 5000 + "!"
    started = time.monotonic()
    with pytest.raises(RuleError) as raised:
        old, new = f"# P\n\n## S\n\nWe share {long_word}\n", f"# P\n\n## S\n\nWe may share {long_word}\n"
        compare_texts(old, new, rules=pack)
    assert "rule 'evil': field 'patterns'" in raised.value.message
    assert "simplify the pattern" in raised.value.message
    assert time.monotonic() - started < 30  # bounded: the same search without a time limit runs for hours


def test_user_rule_fires_end_to_end(tmp_path: Path) -> None:
    from policyvc.compare import compare_texts

    config = write_config(
        tmp_path,
        '[[rules]]\nid = "acme.loyalty"\ncategory = "purpose"\nsubject = "a loyalty score"\n'
        'triggers = ["loyalty score"]\n',
    )
    old = "# P\n\n## Use\n\nWe use your data to run the shop.\n"
    new = "# P\n\n## Use\n\nWe use your data to run the shop and to compute a loyalty score.\n"
    assessment = compare_texts(old, new, config=config)
    rules = [f.rule for c in assessment.changes for f in c.findings]
    assert "acme.loyalty" in rules
    assert assessment.classification is Classification.MATERIAL
    default = compare_texts(old, new)
    assert default.classification is Classification.SUBSTANTIVE


def test_a_names_rule_does_not_call_a_name_new_that_the_old_version_already_reads(tmp_path: Path) -> None:
    from policyvc.compare import compare_texts

    rule = (
        '[[rules]]\nid = "acme.region"\ncategory = "transfer"\nsubject = "a hosting region"\n'
        'requires = ["hosted"]\ntriggers = ["Zorland", "Quuxia"]\n'
    )
    old = "# P\n\n## Hosting\n\nYour data is hosted in Zorland.\n\n## Backups\n\nBackups are kept offline.\n"
    new = (
        "# P\n\n## Hosting\n\nYour data is hosted in Zorland.\n\n"
        "## Backups\n\nBackups are kept offline and hosted in Zorland.\n"
    )
    plain = compare_texts(old, new, config=write_config(tmp_path, rule))
    assert plain.classification is Classification.MATERIAL  # the backup sentence newly names Zorland
    named = compare_texts(old, new, config=write_config(tmp_path, rule + "names = true\n"))
    assert named.classification is Classification.SUBSTANTIVE
    (finding,) = [f for c in named.changes for f in c.findings if f.rule == "acme.region"]
    assert finding.reason.endswith("; the old version already states it elsewhere")
    elsewhere = new.replace("hosted in Zorland.\n", "hosted in Quuxia.\n", 1)  # a name the old never read
    moved = compare_texts(old, elsewhere, config=write_config(tmp_path, rule + "names = true\n"))
    assert moved.classification is Classification.MATERIAL


def test_trigger_words_that_guard_typo_fixes_are_words_not_letters() -> None:
    pack = load_rule_pack(Config())
    assert pack.touches_trigger("USA") and pack.touches_trigger("Switzerland")  # destinations guard typos
    assert not pack.touches_trigger("s") and not pack.touches_trigger("u")  # "U.S." is no word a typo touches
    assert not pack.touches_trigger("from") and not pack.touches_trigger("people")


def test_not_after_rules_out_a_name_in_a_list_after_its_phrase(tmp_path: Path) -> None:
    from policyvc.compare import compare_texts

    rule = (
        '[[rules]]\nid = "acme.region"\ncategory = "transfer"\nsubject = "a hosting region"\n'
        'requires = ["hosted"]\ntriggers = ["Zorland", "Quuxia"]\n'
    )
    old = "# P\n\n## Hosting\n\nYour data is hosted in Quuxia.\n"
    residence = "# P\n\n## Hosting\n\nData of members in Ruritania or Zorland is hosted in Quuxia.\n"
    destination = "# P\n\n## Hosting\n\nData of members in Ruritania is hosted in Quuxia and Zorland.\n"
    plain = write_config(tmp_path, rule)
    assert compare_texts(old, residence, config=plain).classification is Classification.MATERIAL
    ruled_out = write_config(tmp_path, rule + 'not_after = ["members in"]\n')
    assert compare_texts(old, residence, config=ruled_out).classification is Classification.SUBSTANTIVE
    assert compare_texts(old, destination, config=ruled_out).classification is Classification.MATERIAL


def test_a_generic_trigger_the_old_version_states_as_plainly_is_not_new(tmp_path: Path) -> None:
    from policyvc.compare import compare_texts

    old = "# P\n\n## Sharing\n\nWe share your data with contractors.\n\n## Support\n\nWe answer email.\n"
    new = old.replace("We answer email.", "We answer email and share your data with contractors for support.")
    rule = (
        '[[rules]]\nid = "acme.contractors"\ncategory = "sharing"\nsubject = "contractors"\n'
        'requires = ["share"]\ntriggers = ["contractor"]\n'
    )
    plain = compare_texts(old, new, config=write_config(tmp_path, rule))
    assert plain.classification is Classification.MATERIAL
    generic = write_config(tmp_path, rule + 'generic = ["contractor"]\n')
    assessment = compare_texts(old, new, config=generic)
    assert assessment.classification is Classification.SUBSTANTIVE
    (finding,) = [f for c in assessment.changes for f in c.findings if f.rule == "acme.contractors"]
    assert finding.reason.endswith("; the old version already states it elsewhere")
    limited = old.replace("We share", "Only with your consent do we share")
    assert compare_texts(limited, new, config=generic).classification is Classification.MATERIAL

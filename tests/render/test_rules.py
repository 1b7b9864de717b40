"""Output of the rules command, from the packaged rule pack: one table line per rule, JSON with every rule."""

from __future__ import annotations

import json

from policyvc.classify.rules import load_rule_pack
from policyvc.config import Config
from policyvc.render.rules import render_rules_json, render_rules_text


def test_the_table_has_a_header_one_line_per_rule_and_a_count() -> None:
    pack = load_rule_pack(Config())
    lines = render_rules_text(pack).splitlines()
    assert lines[0].split() == ["id", "category", "severity", "direction", "class", "source"]
    assert [line.split()[0] for line in lines[1:-1]] == [r.id for r in pack.rules]
    assert lines[-1] == f"{len(pack.rules)} rules"
    column = lines[0].index("category")  # aligned: every category starts under its header
    assert all(line[column:].startswith(r.category) for line, r in zip(lines[1:-1], pack.rules, strict=True))


def test_the_json_lists_every_rule_in_order_with_its_words() -> None:
    pack = load_rule_pack(Config())
    document = json.loads(render_rules_json(pack))
    assert document["schema"] == "policyvc/rules/1" and document["count"] == len(pack.rules)
    assert [r["id"] for r in document["rules"]] == [r.id for r in pack.rules]
    first = pack.rules[0]
    assert document["rules"][0]["triggers"] == list(first.triggers)
    assert document["rules"][0]["class"] == first.classification.value

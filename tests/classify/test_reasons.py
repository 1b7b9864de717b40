"""Reasons: the kind's phrase or the rule's template, the section, and for a table cell its row and column."""

from __future__ import annotations

from dataclasses import replace

from policyvc.classify.events import Event, rule_events
from policyvc.classify.reasons import explain
from policyvc.classify.rules import load_rule_pack
from policyvc.classify.sentences import SentencePair, split_sentences
from policyvc.config import Config

PACK = load_rule_pack(Config())


def events(old: str, new: str, rule_id: str = "sharing.new-recipient") -> list[Event]:
    rule = PACK.rule(rule_id)
    assert rule is not None
    pair = SentencePair(split_sentences(old)[0], split_sentences(new)[0])
    return rule_events(rule, pair, "Sharing", "Sharing")


OLD = "We share your information with service providers."
NEW = "We share your information with service providers and advertisers."


def test_a_sentence_reason_names_the_words_and_the_section() -> None:
    assert explain(events(OLD, NEW), "Sharing") == (
        "Adds 'advertisers' as recipients of personal information in 'Sharing'"
    )


def test_a_table_cell_reason_also_names_its_row_and_column() -> None:
    where = "row 'Usage information', column 'Recipients'"
    assert explain(events(OLD, NEW), "Handling", where) == (
        "Adds 'advertisers' as recipients of personal information in 'Handling' "
        "(row 'Usage information', column 'Recipients')"
    )
    unplaced = explain(events(OLD, NEW), "", where)
    assert unplaced.endswith("information (row 'Usage information', column 'Recipients')")


def test_a_rule_template_can_place_the_cell_and_a_broken_one_falls_back() -> None:
    found = events(OLD, NEW)
    templated = [replace(e, rule=replace(e.rule, reason="{change} [{where}]")) for e in found]
    assert explain(templated, "Handling", "column 'Recipients'") == (
        "Adds 'advertisers' as recipients of personal information [column 'Recipients']"
    )
    broken = [replace(e, rule=replace(e.rule, reason="{nope}")) for e in found]
    assert explain(broken, "Handling", "column 'Recipients'") == (
        "Adds 'advertisers' as recipients of personal information in 'Handling' (column 'Recipients')"
    )

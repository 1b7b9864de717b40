"""read_front_matter: YAML mappings become string pairs; prose between rules is not metadata."""

from __future__ import annotations

import pytest

from policyvc.parse.frontmatter import read_front_matter


def test_values_become_strings() -> None:
    source = (
        "title: GitHub Privacy Statement\nredirect_from:\n  - /privacy\n  - /privacy-policy\n"
        "versions:\n  fpt: '*'\ntopics: [Policy, Legal]\nhidden: true\ncount: 3\nempty:\n"
        "effective: 2022-12-15\n"
    )
    assert read_front_matter(source) == (
        ("title", "GitHub Privacy Statement"),
        ("redirect_from", "/privacy, /privacy-policy"),
        ("versions", "fpt: *"),
        ("topics", "Policy, Legal"),
        ("hidden", "true"),
        ("count", "3"),
        ("empty", ""),
        ("effective", "2022-12-15"),
    )


def test_empty_front_matter_is_empty_metadata() -> None:
    assert read_front_matter("") == ()
    assert read_front_matter("\n  \n") == ()


@pytest.mark.parametrize(
    "source",
    [
        "This policy starts with a horizontal rule.",  # a YAML string, not a mapping
        "- a list\n- of things",
        "Our terms: you agree: to everything",  # not YAML at all, and not key: value lines either
    ],
)
def test_prose_between_rules_is_not_metadata(source: str) -> None:
    assert read_front_matter(source) is None


def test_broken_yaml_with_key_value_lines_is_kept() -> None:
    assert read_front_matter("title: Terms: of use\neffective: 2021-02-30\nnote: 'quoted'\n") == (
        ("title", "Terms: of use"),
        ("effective", "2021-02-30"),
        ("note", "quoted"),
    )

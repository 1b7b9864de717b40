import pytest

from policyvc.store.trailers import format_trailers, names_policy, parse_trailers, trailer_values


def test_parses_last_paragraph_of_key_values() -> None:
    message = "privacy 2.0.0\n\nShare with partners.\n\nPolicy: privacy\nPolicy-Version: 2.0.0\n"
    assert parse_trailers(message) == (("Policy", "privacy"), ("Policy-Version", "2.0.0"))


def test_a_prose_last_paragraph_has_no_trailers() -> None:
    assert parse_trailers("subject\n\nPolicy: privacy\nand then some prose") == ()
    assert parse_trailers("Policy: privacy") == ()  # a subject line alone is not a trailer block


def test_values_are_case_insensitive_on_key() -> None:
    trailers = (
        ("Material-Change-Acknowledged-By", "A <a@x>"),
        ("material-change-acknowledged-by", "B <b@x>"),
    )
    assert trailer_values(trailers, "Material-Change-Acknowledged-By") == ["A <a@x>", "B <b@x>"]


def test_format_refuses_multiline_values() -> None:
    assert format_trailers([("Policy", "privacy")]) == "Policy: privacy"
    with pytest.raises(ValueError):
        format_trailers([("Policy", "privacy\nInjected: yes")])


def test_a_commit_speaks_for_the_policies_its_policy_trailers_name_or_for_every_one_without_them() -> None:
    named = (("Policy", "privacy"), ("Effective-Date", "2026-01-01"))
    assert names_policy(named, {"privacy", "terms"})
    assert not names_policy(named, {"terms"})
    assert names_policy((("Effective-Date", "2026-01-01"),), {"terms"})  # no Policy trailer: every policy
    assert names_policy((("policy", "legal/privacy"),), ("legal/privacy", "privacy"))  # keys as git compares

"""Recipients: --to addresses, the opted-in subscribers of a CSV, the sender and its git fallback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from policyvc.config import Config, NotifyConfig
from policyvc.errors import InputError, UsageError
from policyvc.notify.subscribers import (
    Recipient,
    parse_address,
    read_subscribers,
    resolve_recipients,
    resolve_sender,
)

REPO = Path(__file__).resolve().parents[2]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "subscribers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_example_mails_only_the_opted_in_who_did_not_opt_out() -> None:
    chosen = read_subscribers(REPO / "examples" / "subscribers.csv")
    assert chosen == (
        Recipient("ana.silva@example.com", "Ana Silva"),
        Recipient("ben.okafor@example.org", "Ben Okafor"),
    )


def test_header_case_and_flag_spellings_are_tolerated(tmp_path: Path) -> None:
    path = _csv(tmp_path, "\ufeffEmail,Opted-In,OPTED_OUT\n"
                          "a@example.org,YES,no\nb@example.org,1,0\nc@example.org,true,\n"
                          "d@example.org,y,TRUE\ne@example.org,no,no\nf@example.org,,\n")  # fmt: skip
    assert [r.address for r in read_subscribers(path)] == ["a@example.org", "b@example.org", "c@example.org"]


def test_opted_out_subscriber_is_never_mailed_even_if_listed_twice(tmp_path: Path) -> None:
    path = _csv(tmp_path, "email,opted_in,opted_out\nx@example.org,yes,yes\nX@Example.org,yes,no\n")
    assert [r.address for r in read_subscribers(path)] == ["X@Example.org"]
    path = _csv(tmp_path, "email,opted_in,opted_out\nx@example.org,yes,yes\n")
    assert read_subscribers(path) == ()


def test_duplicates_are_mailed_once(tmp_path: Path) -> None:
    path = _csv(tmp_path, "email,opted_in,opted_out\na@example.org,yes,no\nA@EXAMPLE.ORG,yes,no\n")
    config = Config(root=tmp_path)
    chosen = resolve_recipients(["list@example.org", "a@example.org"], str(path), config)
    assert [r.address for r in chosen] == ["list@example.org", "a@example.org"]


def test_bad_rows_are_input_errors_naming_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 3: 'nobody@' is not an email address"):
        read_subscribers(_csv(tmp_path, "email,opted_in,opted_out\na@example.org,yes,no\nnobody@,yes,no\n"))
    with pytest.raises(InputError, match="line 2: opted_in is 'maybe'"):
        read_subscribers(_csv(tmp_path, "email,opted_in,opted_out\na@example.org,maybe,no\n"))
    with pytest.raises(InputError, match="header lacks opted_out"):
        read_subscribers(_csv(tmp_path, "email,opted_in\na@example.org,yes\n"))
    with pytest.raises(InputError, match="no such subscribers file"):
        read_subscribers(tmp_path / "missing.csv")


def test_addresses_are_validated() -> None:
    assert parse_address("Ana <ana@example.com>", "--to") == "ana@example.com"
    bad_addresses = ("ana", "ana@", "@example.com", "a b@example.com", "ana@example", "a@b.org\r\nBcc: x@y.z")
    for bad in bad_addresses:
        with pytest.raises(UsageError):
            parse_address(bad, "--to")


def test_no_recipient_at_all_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no recipients: give --to"):
        resolve_recipients([], None, Config(root=tmp_path))
    path = _csv(tmp_path, "email,opted_in,opted_out\na@example.org,no,no\n")
    with pytest.raises(UsageError, match="nobody who opted in"):
        resolve_recipients([], str(path), Config(root=tmp_path))


def test_recipients_default_from_the_config(tmp_path: Path) -> None:
    _csv(tmp_path, "email,opted_in,opted_out\nsub@example.org,yes,no\n")
    notify = NotifyConfig(to=("list@example.org",), subscribers="subscribers.csv")
    config = Config(root=tmp_path, notify=notify)
    chosen = resolve_recipients([], None, config)
    assert [r.address for r in chosen] == ["list@example.org", "sub@example.org"]
    assert [r.address for r in resolve_recipients(["x@example.org"], None, config)] == [
        "x@example.org",
        "sub@example.org",
    ]


def test_sender_from_option_then_config_then_git(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.email", "git-user@example.org"], check=True)
    config = Config(root=tmp_path)
    assert resolve_sender("opt@example.org", config) == "opt@example.org"
    configured = Config(root=tmp_path, notify=NotifyConfig(sender="Team <cfg@example.org>"))
    assert resolve_sender(None, configured) == "Team <cfg@example.org>"
    assert resolve_sender(None, config) == "git-user@example.org"
    with pytest.raises(UsageError, match="--sender: 'bad' is not an email address"):
        resolve_sender("bad", config)


def test_no_sender_anywhere_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.setenv("HOME", str(tmp_path))  # no global git identity
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    with pytest.raises(UsageError, match="no sender"):
        resolve_sender(None, Config(root=tmp_path))

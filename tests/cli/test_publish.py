"""`policyvc notice` and `policyvc notify` end to end: a real git repository, a real SMTP server."""

from __future__ import annotations

import email
import json
import shutil
import subprocess
import sys
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from policyvc.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "notify"))
from smtp_server import Collector, smtp_server

REPO = Path(__file__).resolve().parents[2]
SENDER = "Vocalcom Privacy <privacy@vocalcom.example>"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def policy_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the Vocalcom statement 1.0.0 and its material revision 2.0.0 (32 days' notice)."""
    return vocalcom_repo(tmp_path, monkeypatch, effective="2026-12-01")


def vocalcom_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, effective: str) -> Path:
    """Recorded with `policyvc commit` on 2026-10-30: 1.0.0, then 2.0.0 taking effect on `effective`."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Legal Team")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "legal@vocalcom.example")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2026-10-30T12:00:00+00:00")
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    assert run("init", ".")[0] == 0
    subprocess.run(["git", "config", "user.email", "git-user@vocalcom.example"], check=True)
    shutil.copy(REPO / "policies" / "privacy.md", repo / "policies" / "privacy.md")
    assert run("commit", "privacy", "--effective", "2013-05-23")[0] == 0
    shutil.copy(REPO / "examples" / "privacy-revised.md", repo / "policies" / "privacy.md")
    code, out, err = run("commit", "privacy", "--effective", effective, "--acknowledge", "Legal <l@x.org>")
    assert code == 0, out + err
    shutil.copy(REPO / "examples" / "subscribers.csv", repo / "subscribers.csv")
    return repo


def _parse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_notice_json_states_the_material_changes(policy_repo: Path) -> None:
    code, out, _ = run("notice", "privacy", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["version"], data["previous_version"]) == ("2.0.0", "1.0.0")
    assert data["classification"] == "material"
    assert data["effective_date"] == "2026-12-01"
    categories = [item["category"] for item in data["material"]]
    assert categories[:2] == ["sharing", "purpose"]  # ordered by weight, not by position in the text
    assert "“advertising partners” and “data brokers”" in data["material"][0]["statement"]
    assert data["opt_out"]["heading"] == "Your choices"
    assert data["redline_url"] == "privacy/changes/2.0.0.html"


def test_notice_html_to_a_file(policy_repo: Path) -> None:
    code, out, _ = run("notice", "privacy", "-v", "2.0.0", "--format", "html", "--output", "notice.html")
    assert code == 0 and out == ""
    soup = BeautifulSoup((policy_repo / "notice.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("main") is not None
    assert "Important changes to our Privacy Statement (version 2.0.0)" in soup.h1.get_text()  # type: ignore[union-attr]
    assert [p.name for p in policy_repo.iterdir() if p.name.startswith(".notice")] == []  # no temp file left


def test_notice_since_and_unknown_version(policy_repo: Path) -> None:
    code, out, _ = run("notice", "privacy", "--since", "1.0.0", "--format", "text")
    assert code == 0 and "replaces version 1.0.0" in " ".join(out.split())
    code, _, err = run("notice", "privacy", "--version", "9.9.9")
    assert code == 3 and err.startswith("policyvc: privacy@9.9.9: no such version")
    code, _, err = run("notice", "privacy", "--format", "pdf")
    assert code == 2 and "unknown notice format 'pdf'" in err


def test_dry_run_lists_opted_in_recipients_and_sends_nothing(policy_repo: Path) -> None:
    collector = Collector()
    with smtp_server(collector) as url:
        code, out, _ = run("notify", "privacy", "--subscribers", "subscribers.csv", "--sender", SENDER,
                           "--smtp", url, "--dry-run")  # fmt: skip
    assert code == 0
    assert "would send: ana.silva@example.com" in out and "would send: ben.okafor@example.org" in out
    assert "chloe" not in out and "dev.patel" not in out  # not opted in; opted out
    assert "Subject:" in out and "List-Id:" in out
    assert collector.messages == []
    assert not (policy_repo / ".policyvc" / "sent.jsonl").exists()


def test_eml_files_instead_of_sending(policy_repo: Path) -> None:
    code, out, _ = run("notify", "privacy", "--subscribers", "subscribers.csv", "--eml", "outbox")
    assert code == 0 and out.startswith("wrote 2 message(s)")
    messages = [_parse(p.read_bytes()) for p in sorted((policy_repo / "outbox").glob("*.eml"))]
    expected = ["Ana Silva <ana.silva@example.com>", "Ben Okafor <ben.okafor@example.org>"]
    assert sorted(m["To"] for m in messages) == expected
    assert {m["From"] for m in messages} == {"git-user@vocalcom.example"}  # from git user.email
    assert not (policy_repo / ".policyvc" / "sent.jsonl").exists()
    assert [p.name for p in (policy_repo / "outbox").iterdir() if not p.name.endswith(".eml")] == []


def test_failed_first_attempt_then_exactly_once(policy_repo: Path) -> None:
    args = ("notify", "privacy", "--subscribers", "subscribers.csv", "--to", "list@vocalcom.example",
            "--sender", SENDER)  # fmt: skip
    first = Collector(accept_limit=1)
    with smtp_server(first) as url:
        code, _, err = run(*args, "--smtp", url)
    assert code == 5
    assert "failed after 1 of 3 messages" in err and "rerun" in err

    second = Collector()
    with smtp_server(second) as url:
        code, out, _ = run(*args, "--smtp", url)
    assert code == 0 and out.strip() == "sent 2 message(s) for privacy 2.0.0; 1 already sent before"

    third = Collector()
    with smtp_server(third) as url:
        code, out, _ = run(*args, "--smtp", url)
    assert code == 0 and third.messages == []

    delivered = first.recipients() + second.recipients()
    assert sorted(delivered) == ["ana.silva@example.com", "ben.okafor@example.org", "list@vocalcom.example"]
    for message in first.messages + second.messages:
        assert message.get_content_type() == "multipart/alternative"
        assert message["From"] == SENDER and message["Auto-Submitted"] == "auto-generated"
        body = message.get_body(("plain",))
        assert body is not None and "advertising partners" in body.get_content()


def test_below_min_class_sends_nothing(policy_repo: Path) -> None:
    text = (policy_repo / "policies" / "privacy.md").read_text(encoding="utf-8")
    spelling = text.replace("utilizing", "utilising")  # an editorial fix: version 2.0.1
    assert spelling != text
    (policy_repo / "policies" / "privacy.md").write_text(spelling, encoding="utf-8")
    code, out, _ = run("commit", "privacy", "--effective", "2026-12-02")
    assert code == 0 and "2.0.1" in out
    collector = Collector()
    with smtp_server(collector) as url:
        code, out, _ = run("notify", "privacy", "--to", "list@example.org", "--sender", SENDER, "--smtp", url)
        assert code == 0 and "below --min-class material: nothing sent" in out
        code, out, _ = run("notify", "privacy", "--to", "list@vocalcom.example", "--sender", SENDER,
                           "--smtp", url, "--min-class", "none", "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(out)["sent"] == ["list@vocalcom.example"]
    assert len(collector.messages) == 1


def test_usage_errors(policy_repo: Path) -> None:
    code, _, err = run("notify", "privacy", "--eml", "out")
    assert code == 2 and err.startswith("policyvc: no recipients")
    code, _, err = run("notify", "privacy", "--to", "list@vocalcom.example")
    assert code == 2 and "--smtp URL or --eml DIR" in err
    code, _, err = run("notify", "privacy", "--to", "a@b.org", "--eml", "out", "--smtp", "smtp://127.0.0.1:1")
    assert code == 2 and "not both" in err
    code, _, err = run("notify", "privacy", "--to", "not-an-address", "--eml", "out")
    assert code == 2 and "'not-an-address' is not an email address" in err
    code, _, err = run("notify", "privacy", "--to", "a@b.org", "--eml", "out", "--min-class", "huge")
    assert code == 2 and "--min-class 'huge'" in err
    assert not (policy_repo / "out").exists()


def test_smtp_url_from_the_config(policy_repo: Path) -> None:
    collector = Collector()
    with smtp_server(collector) as url:
        config = policy_repo / "policyvc.toml"
        notify = (
            f'\n[notify]\nsmtp = "{url}"\nsender = "{SENDER}"\nto = ["list@example.org"]\n'
            'unsubscribe_url = "https://vocalcom.example/unsubscribe?email={email}"\n'
        )
        config.write_text(config.read_text() + notify)
        code, _, err = run("notify", "privacy")
    assert code == 0, err
    (message,) = collector.messages
    assert message["To"] == "list@example.org" and message["From"] == SENDER
    unsubscribe = "<https://vocalcom.example/unsubscribe?email=list@example.org>"
    assert message["List-Unsubscribe"].strip() == unsubscribe  # long headers may fold after the colon
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    log = (policy_repo / ".policyvc" / "sent.jsonl").read_text().splitlines()
    assert [json.loads(line)["recipient"] for line in log] == ["list@example.org"]


def test_a_notice_with_its_notice_period_says_so_and_warns_nobody(policy_repo: Path) -> None:
    code, out, err = run("notice", "privacy", "--format", "text")
    assert code == 0 and err == ""
    said = " ".join(out.split())
    assert "32 days after this notice was published on 2026-10-30. We give at least 30 days' notice" in said


def test_a_notice_on_short_notice_promises_nothing_and_warns_the_sender(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocalcom_repo(tmp_path, monkeypatch, effective="2026-11-09")
    code, out, err = run("notice", "privacy", "--format", "text")
    said = " ".join(out.split())
    assert code == 0
    assert "take effect on 2026-11-09, 10 days after this notice was published on 2026-10-30." in said
    assert "at least" not in said
    (warning,) = err.splitlines()
    assert warning.startswith("policyvc: warning: privacy 2.0.0 is a material change effective 2026-11-09")
    assert "less than notice_days (30)" in warning
    code, out, err = run("notify", "privacy", "--subscribers", "subscribers.csv", "--sender", SENDER,
                         "--eml", "outbox", "--format", "json")  # fmt: skip
    assert code == 0 and err.splitlines() == [warning]
    assert json.loads(out)["warnings"] == [warning.removeprefix("policyvc: warning: ")]
    sent = _parse(next((tmp_path / "repo" / "outbox").glob("*.eml")).read_bytes())
    text = sent.get_body(("plain",))
    html = sent.get_body(("html",))
    assert text is not None and html is not None
    html_said = BeautifulSoup(html.get_content(), "html.parser").select_one(".notice-effective")
    assert html_said is not None
    assert " ".join(html_said.get_text().split()) in " ".join(text.get_content().split())
    assert "10 days after" in html_said.get_text() and "at least" not in html_said.get_text()


def test_a_version_committed_with_plain_git_has_no_date_to_promise(policy_repo: Path) -> None:
    text = (policy_repo / "policies" / "privacy.md").read_text(encoding="utf-8")
    sale = "We may sell your personal information to data brokers.\n\n"
    sold = text.replace("## Your choices", f"{sale}## Your choices")
    assert sold != text
    (policy_repo / "policies" / "privacy.md").write_text(sold, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "Sell data"], check=True)
    code, out, err = run("notice", "privacy", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["classification"] == "material"
    assert (data["effective_date"], data["timing"]) == (None, "undated")
    assert data["effective_statement"] == "The date these changes take effect has not been set yet."
    assert "no effective date" in err and "policyvc check fails this change" in err

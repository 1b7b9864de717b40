"""SMTP delivery to a real aiosmtpd server on loopback: exactly once, even across a dropped connection."""

from __future__ import annotations

import json
import shutil
import ssl
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policyvc.errors import DeliveryError, ExitCode, UsageError
from policyvc.notify.dispatch import plan_messages
from policyvc.notify.sendlog import SendLog
from policyvc.notify.smtp import OutgoingMessage, SmtpTarget, parse_smtp_url, send_messages
from policyvc.notify.subscribers import Recipient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notice_samples import notice_config, vocalcom_notice
from smtp_server import Collector, self_signed_certificate, smtp_server

# the loopback test server takes a password without TLS, which aiosmtpd rightly warns about
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SENDER = "privacy@vocalcom.example"
WHEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _planned(tmp_path: Path, count: int) -> tuple[OutgoingMessage, ...]:
    recipients = [Recipient(f"user{i}@example.org") for i in range(count)]
    return plan_messages(vocalcom_notice(tmp_path), notice_config(tmp_path), recipients, SENDER, date=WHEN)


def test_every_message_is_delivered_once_and_logged(tmp_path: Path) -> None:
    planned = _planned(tmp_path, 3)
    log = SendLog(tmp_path / "sent.jsonl")
    collector = Collector()
    with smtp_server(collector) as url:
        report = send_messages(planned, parse_smtp_url(url), log)
    assert report.sent == ("user0@example.org", "user1@example.org", "user2@example.org")
    assert collector.recipients() == list(report.sent)
    assert [m["To"] for m in collector.messages] == list(report.sent)
    assert {m["From"] for m in collector.messages} == {SENDER}
    records = [json.loads(line) for line in log.path.read_text().splitlines()]
    assert [r["message_id"] for r in records] == [m.message_id for m in planned]
    assert [m["Message-ID"] for m in collector.messages] == [m.message_id for m in planned]


def test_delivered_messages_parse_back_as_utf8_multipart_alternative(tmp_path: Path) -> None:
    collector = Collector()
    with smtp_server(collector) as url:
        send_messages(_planned(tmp_path, 1), parse_smtp_url(url), SendLog(tmp_path / "sent.jsonl"))
    (message,) = collector.messages
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "“advertising partners” and “data brokers”" in " ".join(text.get_content().split())
    assert "“advertising partners” and “data brokers”" in " ".join(html.get_content().split())
    assert message["Auto-Submitted"] == "auto-generated"


def test_dropped_connection_then_rerun_sends_exactly_the_rest(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    first = Collector(accept_limit=2)
    with smtp_server(first) as url, pytest.raises(DeliveryError) as failure:
        send_messages(_planned(tmp_path, 5), parse_smtp_url(url), log)
    assert failure.value.exit_code == ExitCode.DELIVERY
    assert "failed after 2 of 5 messages" in failure.value.message
    assert "rerun the same command to send the other 3" in failure.value.message
    assert first.recipients() == ["user0@example.org", "user1@example.org"]

    second = Collector()
    with smtp_server(second) as url:
        report = send_messages(_planned(tmp_path, 5), parse_smtp_url(url), log)
    assert second.recipients() == ["user2@example.org", "user3@example.org", "user4@example.org"]
    assert report.already_sent == ("user0@example.org", "user1@example.org")

    third = Collector()
    with smtp_server(third) as url:
        report = send_messages(_planned(tmp_path, 5), parse_smtp_url(url), log)
    assert third.messages == [] and report.sent == () and len(report.already_sent) == 5

    all_ids = [m["Message-ID"] for m in first.messages + second.messages]
    assert sorted(all_ids) == sorted(m.message_id for m in _planned(tmp_path, 5))  # stable across runs


def test_a_refused_recipient_does_not_stop_the_others_and_is_retried(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    first = Collector(refuse=("user1@example.org",))
    refused = pytest.raises(DeliveryError, match=r"refused 1 recipient\(s\): user1@example.org")
    with smtp_server(first) as url, refused:
        send_messages(_planned(tmp_path, 3), parse_smtp_url(url), log)
    assert first.recipients() == ["user0@example.org", "user2@example.org"]
    second = Collector()
    with smtp_server(second) as url:
        send_messages(_planned(tmp_path, 3), parse_smtp_url(url), log)
    assert second.recipients() == ["user1@example.org"]


@pytest.fixture
def server_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server-side TLS context whose certificate the client trusts (through SSL_CERT_FILE)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def test_starttls_is_used_when_the_server_offers_it(tmp_path: Path, server_tls: ssl.SSLContext) -> None:
    collector = Collector()
    with smtp_server(collector, starttls=server_tls) as url:
        send_messages(_planned(tmp_path, 2), parse_smtp_url(url), SendLog(tmp_path / "sent.jsonl"))
    assert collector.encrypted == [True, True]


def test_required_starttls_with_login(
    tmp_path: Path, server_tls: ssl.SSLContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYVC_SMTP_USER", "mailer")
    monkeypatch.setenv("POLICYVC_SMTP_PASSWORD", "s3cret")
    collector = Collector()
    with smtp_server(collector, starttls=server_tls, password="s3cret") as url:
        target = parse_smtp_url(url.replace("smtp://", "smtp+starttls://"))
        send_messages(_planned(tmp_path, 1), target, SendLog(tmp_path / "sent.jsonl"))
    assert collector.encrypted == [True] and collector.logins == ["mailer"]


def test_implicit_tls(tmp_path: Path, server_tls: ssl.SSLContext) -> None:
    collector = Collector()
    with smtp_server(collector, implicit_tls=server_tls) as url:
        assert url.startswith("smtps://")
        send_messages(_planned(tmp_path, 1), parse_smtp_url(url), SendLog(tmp_path / "sent.jsonl"))
    assert len(collector.messages) == 1


def test_an_untrusted_certificate_sends_nothing(tmp_path: Path, server_tls: ssl.SSLContext,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))
    collector = Collector()
    refused = pytest.raises(DeliveryError, match="nothing was sent")
    with smtp_server(collector, starttls=server_tls) as url, refused:
        send_messages(_planned(tmp_path, 1), parse_smtp_url(url), SendLog(tmp_path / "sent.jsonl"))
    assert collector.messages == []


def test_login_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYVC_SMTP_USER", "mailer")
    monkeypatch.setenv("POLICYVC_SMTP_PASSWORD", "s3cret")
    collector = Collector()
    with smtp_server(collector, password="s3cret") as url:
        send_messages(_planned(tmp_path, 1), parse_smtp_url(url), SendLog(tmp_path / "sent.jsonl"))
    assert collector.logins == ["mailer"] and len(collector.messages) == 1


def test_wrong_password_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYVC_SMTP_USER", "mailer")
    monkeypatch.setenv("POLICYVC_SMTP_PASSWORD", "wrong")
    collector = Collector()
    log = SendLog(tmp_path / "sent.jsonl")
    refused = pytest.raises(DeliveryError, match="refused the login")
    with smtp_server(collector, password="s3cret") as url, refused:
        send_messages(_planned(tmp_path, 2), parse_smtp_url(url), log)
    assert collector.messages == [] and log.sent_ids() == frozenset()


def test_required_starttls_that_the_server_lacks_sends_nothing(tmp_path: Path) -> None:
    collector = Collector()
    with smtp_server(collector) as url, pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        target = parse_smtp_url(url.replace("smtp://", "smtp+starttls://"))
        send_messages(_planned(tmp_path, 1), target, SendLog(tmp_path / "sent.jsonl"))
    assert collector.messages == []


def test_no_server_listening_is_a_delivery_error(tmp_path: Path) -> None:
    from smtp_server import free_port

    target = SmtpTarget("127.0.0.1", free_port(), "opportunistic")
    with pytest.raises(DeliveryError, match=r"cannot reach 127\.0\.0\.1:\d+ \(ConnectionRefusedError"):
        send_messages(_planned(tmp_path, 1), target, SendLog(tmp_path / "sent.jsonl"))


def test_smtp_urls() -> None:
    assert parse_smtp_url("smtp://mail.example.org") == SmtpTarget("mail.example.org", 25, "opportunistic")
    assert parse_smtp_url("smtp+starttls://mx.example.org") == SmtpTarget("mx.example.org", 587, "starttls")
    assert parse_smtp_url("smtps://mail.example.org:2465") == SmtpTarget("mail.example.org", 2465, "tls")
    with pytest.raises(UsageError, match="no credentials in the URL"):
        parse_smtp_url("smtp://user:pw@mail.example.org")
    for bad in ("http://mail.example.org", "mail.example.org", "smtp://", "smtp://host:99999"):
        with pytest.raises(UsageError):
            parse_smtp_url(bad)

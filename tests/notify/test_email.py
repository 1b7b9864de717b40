"""compose_message: a well-formed multipart/alternative message; headers policy text can never forge."""

from __future__ import annotations

import email
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policyvc.config import NotifyConfig
from policyvc.notify.email import compose_message, list_id, message_id, unsubscribe_link
from policyvc.notify.notice import build_notice
from policyvc.render.notice import render_email_parts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notice_samples import notice_config, vocalcom_assessment, vocalcom_notice, vocalcom_version

SENDER = "Privacy Team <privacy@vocalcom.example>"
WHEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _parsed(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _message(tmp_path: Path, recipient: str = "ana.silva@example.com", **notify: object) -> EmailMessage:
    config = notice_config(tmp_path, **notify)
    notice = vocalcom_notice(tmp_path)
    unsubscribe = unsubscribe_link(config.notify.unsubscribe_url, recipient)
    parts = render_email_parts(notice, config, recipient=recipient, unsubscribe_url=unsubscribe)
    return compose_message(notice, parts, sender=SENDER, recipient=recipient, config=config, date=WHEN)


def test_message_is_multipart_alternative_utf8_text_then_html(tmp_path: Path) -> None:
    parsed = _parsed(_message(tmp_path))
    assert parsed.get_content_type() == "multipart/alternative"
    text, html = parsed.iter_parts()
    assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert text.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert "“advertising partners”" in text.get_content()  # type: ignore[attr-defined]
    assert "<h1>Important changes" in html.get_content()  # type: ignore[attr-defined]


def test_headers(tmp_path: Path) -> None:
    parsed = _parsed(_message(tmp_path))
    assert parsed["From"] == SENDER
    assert parsed["To"] == "ana.silva@example.com"
    # a long Subject may be folded right after the colon; unfolded, leading whitespace is not part of it
    subject = "Vocalcom Group: Important changes to our Privacy Statement (version 2.0.0)"
    assert parsed["Subject"].strip() == subject
    assert parsed["Date"] == "Sun, 01 Nov 2026 09:00:00 +0000"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["List-Id"] == '"Privacy Statement changes" <privacy-changes.vocalcom.example>'
    assert parsed["Message-ID"].endswith("@vocalcom.example>")
    assert "List-Unsubscribe" not in parsed and "List-Unsubscribe-Post" not in parsed


def test_one_click_unsubscribe_headers_when_configured(tmp_path: Path) -> None:
    parsed = _parsed(_message(tmp_path, "ben+news@example.org", unsubscribe_url="https://x.example/u?e={email}"))
    assert parsed["List-Unsubscribe"] == "<https://x.example/u?e=ben%2Bnews@example.org>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://x.example/u?e=ben%2Bnews@example.org" in parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_configured_list_id_is_used(tmp_path: Path) -> None:
    parsed = _parsed(_message(tmp_path, list_id="privacy.lists.vocalcom.example"))
    assert parsed["List-Id"] == "<privacy.lists.vocalcom.example>"


def test_message_id_is_stable_per_policy_version_and_recipient() -> None:
    first = message_id("privacy", "2.0.0", "ana@example.com", SENDER)
    assert first == message_id("privacy", "2.0.0", "ANA@example.com", SENDER)
    assert first != message_id("privacy", "2.0.0", "ben@example.com", SENDER)
    assert first != message_id("privacy", "2.0.1", "ana@example.com", SENDER)
    assert first != message_id("terms", "2.0.0", "ana@example.com", SENDER)
    assert message_id("privacy", "2.0.0", "a@b.org", "nobody").endswith("@policyvc.invalid>")


def test_crlf_in_the_policy_title_adds_no_header(tmp_path: Path) -> None:
    title = "Privacy\r\nBcc: attacker@evil.example\r\nX-Injected: yes"
    assessment = vocalcom_assessment(title_override=title)
    config = notice_config(tmp_path)
    notice = build_notice(assessment, vocalcom_version(), config, None)
    parts = render_email_parts(notice, config, recipient="ana@example.com")
    message = compose_message(
        notice, parts, sender=SENDER, recipient="ana@example.com", config=config, date=WHEN
    )
    header_block = message.as_bytes().split(b"\r\n\r\n", 1)[0]
    header_names = [line.split(b":", 1)[0] for line in header_block.split(b"\r\n") if line[:1] not in b" \t"]
    parsed = _parsed(message)
    assert "Bcc" not in parsed and "X-Injected" not in parsed
    assert b"Bcc" not in header_names and b"X-Injected" not in header_names
    assert header_names.count(b"Subject") == 1
    assert "our Privacy Bcc: attacker@evil.example X-Injected: yes (version" in parsed["Subject"]
    assert "\n" not in parsed["List-Id"]


def test_unsubscribe_link_without_recipient_placeholder() -> None:
    assert unsubscribe_link("https://x.example/prefs", "a@b.org") == "https://x.example/prefs"
    assert unsubscribe_link("https://x.example/u?e={email}", None) == ""
    assert unsubscribe_link("", "a@b.org") == ""


def test_list_id_derived_from_policy_name(tmp_path: Path) -> None:
    notice = vocalcom_notice(tmp_path)
    assert list_id(notice, "x@example.org", "") == '"Privacy Statement changes" <privacy-changes.example.org>'


def test_notify_config_defaults_are_material_only() -> None:
    assert NotifyConfig().min_class == "material"


HEADER_NAMES = ["Subject", "From", "To", "Date", "Message-ID", "List-Id", "Auto-Submitted",
                "X-Policyvc-Policy", "MIME-Version", "Content-Type"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(title=st.text(alphabet=st.sampled_from("aZ: \r\n\t\x0bBcc<>\"é\u2028\x85"), max_size=60))
def test_no_title_adds_or_splits_a_header(tmp_path_factory: object, title: str) -> None:
    root = Path("/nonexistent-policyvc-root")
    config = notice_config(root)
    notice = build_notice(vocalcom_assessment(title_override=title), vocalcom_version(), config, None)
    parts = render_email_parts(notice, config, recipient="ana@example.com")
    message = compose_message(
        notice, parts, sender=SENDER, recipient="ana@example.com", config=config, date=WHEN
    )
    header_block = message.as_bytes().split(b"\r\n\r\n", 1)[0].decode("ascii")
    names = [line.split(":", 1)[0] for line in header_block.split("\r\n") if line[:1] not in (" ", "\t")]
    assert names == HEADER_NAMES


def test_recipient_name_is_quoted_and_cannot_add_a_header(tmp_path: Path) -> None:
    config = notice_config(tmp_path)
    notice = vocalcom_notice(tmp_path)
    parts = render_email_parts(notice, config, recipient="chloe@example.net")
    for name, shown in (("Chloé Martin", "Chloé Martin"), ("Martin, Chloé\r\nBcc: x@evil.example", None)):
        message = compose_message(notice, parts, sender=SENDER, recipient="chloe@example.net",
                                  recipient_name=name, config=config, date=WHEN)  # fmt: skip
        parsed = _parsed(message)
        (address,) = parsed["To"].addresses
        assert address.addr_spec == "chloe@example.net"
        assert "Bcc" not in parsed
        if shown is not None:
            assert address.display_name == shown

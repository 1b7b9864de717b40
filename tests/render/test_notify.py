"""Output of notify and publish: exact text lines and JSON keys, from hand-built results."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from policyvc.model import Classification
from policyvc.notify.dispatch import NotifyResult
from policyvc.notify.sitefiles import PublishResult
from policyvc.notify.smtp import OutgoingMessage
from policyvc.render import notify

MATERIAL = Classification.MATERIAL


def _outgoing(recipient: str) -> OutgoingMessage:
    return OutgoingMessage(recipient, f"<{recipient}@id>", "privacy", "2.0.0", EmailMessage())


def test_a_dry_run_lists_each_recipient_and_the_headers_but_not_to_or_message_id() -> None:
    result = NotifyResult(
        "privacy", "2.0.0", MATERIAL, MATERIAL,
        planned=(_outgoing("a@x.example"), _outgoing("b@x.example")),
        already_sent=("a@x.example",),
        dry_run=True,
        headers=(("Subject", "Privacy 2.0.0"), ("To", "a@x.example"), ("Message-ID", "<id>")),
    )
    assert notify.render_notify_text(result).splitlines() == [
        "dry run: privacy 2.0.0 would be sent to 1 recipient(s); nothing sent",
        "  Subject: Privacy 2.0.0",
        "  already sent: a@x.example <a@x.example@id>",
        "  would send: b@x.example <b@x.example@id>",
    ]


def test_below_the_threshold_nothing_is_sent_and_a_send_counts_earlier_ones() -> None:
    below = NotifyResult("privacy", "1.0.1", Classification.EDITORIAL, MATERIAL)
    assert notify.render_notify_text(below) == (
        "privacy 1.0.1 is editorial, below --min-class material: nothing sent"
    )
    sent = NotifyResult(
        "privacy", "2.0.0", MATERIAL, MATERIAL, sent=("b@x.example",), already_sent=("a@x.example",)
    )
    assert notify.render_notify_text(sent) == "sent 1 message(s) for privacy 2.0.0; 1 already sent before"
    written = NotifyResult("privacy", "2.0.0", MATERIAL, MATERIAL, written=(Path("out/a.eml"),))
    assert notify.render_notify_text(written) == "wrote 1 message(s) for privacy 2.0.0\nout/a.eml"


def test_notify_json_names_recipients_and_threshold() -> None:
    result = NotifyResult(
        "privacy", "2.0.0", MATERIAL, Classification.SUBSTANTIVE, planned=(_outgoing("a@x.example"),)
    )
    record = json.loads(notify.render_notify_json(result))
    assert record["recipients"] == ["a@x.example"] and record["min_class"] == "substantive"
    assert record["below_threshold"] is False and record["written"] == []


def test_publish_text_and_json() -> None:
    result = PublishResult(
        Path("site"), ("index.html",), ("feed.xml",), ("old.html",), dry_run=True, warnings=("ids",)
    )
    assert notify.render_publish_text(result) == (
        "site: 2 files; would write 1, 1 unchanged, 1 to delete\n  write index.html\n  delete old.html\n"
    )
    assert json.loads(notify.render_publish_json(result)) == {
        "out": "site", "dry_run": True,
        "written": ["index.html"], "unchanged": ["feed.xml"], "deleted": ["old.html"], "warnings": ["ids"],
    }

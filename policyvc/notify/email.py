"""The notice as an RFC 5322 message: multipart/alternative (text + HTML), UTF-8, list headers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import quote

from policyvc.config import Config
from policyvc.notify.notice import Notice
from policyvc.render.notice import EmailParts

_FALLBACK_DOMAIN = "policyvc.invalid"


def compose_message(
    notice: Notice,
    parts: EmailParts,
    *,
    sender: str,
    recipient: str | None,
    recipient_name: str = "",
    config: Config | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """One message for one recipient (None: a preview without To); policy text can never split a header."""
    notify = config.notify if config is not None else None
    message = EmailMessage(policy=SMTP)
    message["Subject"] = header_text(parts.subject)
    if sender:
        message["From"] = sender
    if recipient:
        name = header_text(recipient_name)
        message["To"] = Address(display_name=name, addr_spec=recipient) if name else recipient
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = message_id(notice.policy, notice.version, recipient or "", sender)
    message["List-Id"] = list_id(notice, sender, notify.list_id if notify else "")
    unsubscribe = unsubscribe_link(notify.unsubscribe_url if notify else "", recipient)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Policyvc-Policy"] = header_text(f"{notice.policy} {notice.version}")
    message.set_content(parts.text, charset="utf-8")
    message.add_alternative(parts.html, subtype="html", charset="utf-8")
    return message


def message_id(policy: str, version: str, recipient: str, sender: str) -> str:
    """Stable per (policy, version, recipient): a rerun produces the same id, which the send log keys on."""
    digest = hashlib.sha256(f"{policy}\0{version}\0{recipient.lower()}".encode()).hexdigest()[:32]
    return f"<policyvc.{digest}@{sender_domain(sender)}>"


def list_id(notice: Notice, sender: str, configured: str) -> str:
    """The configured List-Id, or `<policy>-changes.<sender domain>` named after the policy's title."""
    if configured:
        value = header_text(configured)
        return value if "<" in value else f"<{value}>"
    label = "".join(c if c.isalnum() or c == "-" else "-" for c in notice.policy.lower()).strip("-")
    label = label or "policy"
    title = header_text(notice.title).replace('"', "'")
    return f'"{title} changes" <{label}-changes.{sender_domain(sender)}>'


def unsubscribe_link(template: str, recipient: str | None) -> str:
    """The one-click unsubscribe URL for a recipient; `{email}` is replaced URL-encoded."""
    if not template:
        return ""
    if "{email}" in template:
        if recipient is None:
            return ""
        template = template.replace("{email}", quote(recipient, safe="@"))
    return header_text(template)


def sender_domain(sender: str) -> str:
    """The domain part of the sender's address (for Message-ID and List-Id)."""
    address = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    domain = address.rsplit("@", 1)[1] if "@" in address else ""
    cleaned = "".join(c for c in domain.lower() if c.isalnum() or c in ".-")
    return cleaned or _FALLBACK_DOMAIN


def header_text(value: str) -> str:
    """One line: CR, LF and other whitespace runs collapse to single spaces (no header injection)."""
    return " ".join(value.split())

"""Delivery over SMTP: STARTTLS or implicit TLS, login from the environment, the send log between messages."""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Literal
from urllib.parse import urlsplit

from policyvc.errors import DeliveryError, UsageError
from policyvc.notify.sendlog import SendLog, SentRecord

USER_ENV = "POLICYVC_SMTP_USER"
PASSWORD_ENV = "POLICYVC_SMTP_PASSWORD"

Security = Literal["opportunistic", "starttls", "tls"]
_SCHEMES: dict[str, tuple[Security, int]] = {
    "smtp": ("opportunistic", 25),
    "smtp+starttls": ("starttls", 587),
    "smtps": ("tls", 465),
}


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    security: Security

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message for one recipient, with the id the send log keys on."""

    recipient: str
    message_id: str
    policy: str
    version: str
    message: EmailMessage


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: tuple[str, ...]  # recipients accepted in this run
    already_sent: tuple[str, ...]  # recipients the send log says were mailed before


def parse_smtp_url(url: str) -> SmtpTarget:
    """`smtp://host[:port]` (STARTTLS if offered), `smtp+starttls://` (required), `smtps://` (TLS)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise UsageError(f"--smtp '{url}': expected smtp://HOST[:PORT], smtp+starttls://HOST[:PORT] or smtps://HOST")
    if parts.username or parts.password:
        raise UsageError(f"--smtp: put no credentials in the URL; set {USER_ENV} and {PASSWORD_ENV} instead")
    security, default_port = _SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise UsageError(f"--smtp '{url}': the port is not a number between 1 and 65535") from None
    return SmtpTarget(parts.hostname, port, security)


def send_messages(
    messages: Sequence[OutgoingMessage], target: SmtpTarget, log: SendLog, *, timeout: float = 30.0
) -> DeliveryReport:
    """Send each message the log has not seen, recording each right after the server accepts it.

    A failure part-way raises DeliveryError saying how many went out; rerunning sends exactly the rest.
    """
    with log.locked():
        done = log.sent_ids()
        pending = [m for m in messages if m.message_id not in done]
        already = tuple(m.recipient for m in messages if m.message_id in done)
        if not pending:
            return DeliveryReport((), already)
        sent: list[str] = []
        refused: list[str] = []
        try:
            connection = _connect(target, timeout)
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(f"{target.label} refused the login ({USER_ENV}); none sent") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"cannot reach {target.label} ({_reason(exc)}); nothing was sent") from None
        try:
            with connection as client:
                for outgoing in pending:
                    try:
                        client.send_message(outgoing.message, to_addrs=[outgoing.recipient])
                    except smtplib.SMTPRecipientsRefused:
                        refused.append(outgoing.recipient)
                        continue
                    _record_sent(log, outgoing, target)
                    sent.append(outgoing.recipient)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                f"{target.label} failed after {len(sent)} of {len(pending)} messages ({_reason(exc)}); "
                f"rerun the same command to send the other {len(pending) - len(sent)} "
                f"(the send log {log.path} stops any message going out twice)"
            ) from None
        if refused:
            raise DeliveryError(
                f"{target.label} refused {len(refused)} recipient(s): {', '.join(refused)}; "
                f"{len(sent)} other message(s) went out; fix the addresses and rerun"
            )
        return DeliveryReport(tuple(sent), already)


def _connect(target: SmtpTarget, timeout: float) -> smtplib.SMTP:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if target.security == "tls":
        client = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(target.host, target.port, timeout=timeout)
    try:
        _secure_and_login(client, target, context)
    except BaseException:
        client.close()
        raise
    return client


def _secure_and_login(client: smtplib.SMTP, target: SmtpTarget, context: ssl.SSLContext) -> None:
    if target.security != "tls":
        client.ehlo()
        if client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        elif target.security == "starttls":
            raise DeliveryError(f"{target.label} does not offer STARTTLS, which smtp+starttls:// requires")
    user, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
    if not user:
        return
    encrypted = target.security == "tls" or isinstance(client.sock, ssl.SSLSocket)
    if not encrypted and not _is_loopback(target.host):
        raise DeliveryError(f"{target.label} offers no TLS; refusing to send the password in clear text")
    client.login(user, password)


def _record_sent(log: SendLog, outgoing: OutgoingMessage, target: SmtpTarget) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    record = SentRecord(
        outgoing.message_id, outgoing.recipient, outgoing.policy, outgoing.version, now, target.label
    )
    try:
        log.record(record)
    except OSError as exc:  # the message went out: stop before the log and the world disagree any further
        raise DeliveryError(
            f"{outgoing.recipient} was mailed but the send log {log.path} cannot be written "
            f"({exc.strerror}); add {outgoing.message_id} to it by hand before rerunning, "
            "or that recipient is mailed twice"
        ) from None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

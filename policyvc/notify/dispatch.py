"""`policyvc notify` as one library call: notice → a message per recipient → SMTP, .eml files or a dry run."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from policyvc.atomicfile import write_bytes_atomically
from policyvc.config import Config
from policyvc.errors import InputError, UsageError
from policyvc.model import Classification
from policyvc.notify.email import compose_message, message_id, unsubscribe_link
from policyvc.notify.notice import Notice, load_notice
from policyvc.notify.sendlog import SendLog
from policyvc.notify.smtp import OutgoingMessage, parse_smtp_url, send_messages
from policyvc.notify.subscribers import Recipient, resolve_recipients, resolve_sender
from policyvc.render.notice import render_email_parts


@dataclass(frozen=True, slots=True)
class NotifyRequest:
    """The options of `policyvc notify`."""

    policy: str
    version: str | None = None
    to: tuple[str, ...] = ()
    subscribers: str | None = None
    sender: str | None = None
    smtp: str | None = None
    eml_dir: str | None = None
    min_class: str | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class NotifyResult:
    """What happened: the messages planned, and which were sent, written or skipped."""

    policy: str
    version: str
    classification: Classification
    min_class: Classification
    subject: str = ""
    sender: str = ""
    planned: tuple[OutgoingMessage, ...] = ()
    sent: tuple[str, ...] = ()
    already_sent: tuple[str, ...] = ()
    written: tuple[Path, ...] = ()
    dry_run: bool = False
    headers: tuple[tuple[str, str], ...] = field(default=())
    warnings: tuple[str, ...] = ()  # for the sender: e.g. a material change without its notice period

    @property
    def below_threshold(self) -> bool:
        return self.classification.rank < self.min_class.rank


def notify_policy(start: Path, request: NotifyRequest) -> NotifyResult:
    """Build the notice for a stored version and deliver it as the request says."""
    if request.smtp is not None and request.eml_dir is not None:
        raise UsageError("give --smtp URL or --eml DIR, not both")
    notice, config = load_notice(start, request.policy, request.version, None)
    return deliver_notice(notice, config, request)


def deliver_notice(
    notice: Notice, config: Config, request: NotifyRequest, *, date: datetime | None = None
) -> NotifyResult:
    """Deliver an already-built notice (no git needed): the testable core of `notify_policy`."""
    min_class = parse_min_class(request.min_class or config.notify.min_class)
    warnings = (notice.timing_warning,) if notice.timing_warning else ()
    if notice.classification.rank < min_class.rank:
        return NotifyResult(
            notice.policy, notice.version, notice.classification, min_class, dry_run=request.dry_run,
            warnings=warnings,
        )  # fmt: skip
    smtp_url = request.smtp or (config.notify.smtp if request.eml_dir is None else "")
    target = parse_smtp_url(smtp_url) if smtp_url else None
    if target is None and request.eml_dir is None and not request.dry_run:
        raise UsageError("say where the messages go: --smtp URL or --eml DIR (or set notify.smtp)")
    sender = resolve_sender(request.sender, config)
    recipients = resolve_recipients(request.to, request.subscribers, config)
    planned = plan_messages(notice, config, recipients, sender, date=date)
    log = SendLog(config.path(config.notify.send_log))
    done = log.sent_ids()
    headers = _preview_headers(planned[0]) if planned else ()
    result = NotifyResult(
        notice.policy, notice.version, notice.classification, min_class,
        subject=str(planned[0].message["Subject"]), sender=sender, planned=planned,
        already_sent=tuple(m.recipient for m in planned if m.message_id in done),
        dry_run=request.dry_run, headers=headers, warnings=warnings,
    )  # fmt: skip
    if request.dry_run:
        return result
    if request.eml_dir is not None:
        written = tuple(write_eml(Path(request.eml_dir), m) for m in planned)
        return replace(result, written=written, already_sent=())
    assert target is not None
    report = send_messages(planned, target, log)
    return replace(result, sent=report.sent, already_sent=report.already_sent)


def plan_messages(
    notice: Notice,
    config: Config,
    recipients: Sequence[Recipient],
    sender: str,
    *,
    date: datetime | None = None,
) -> tuple[OutgoingMessage, ...]:
    """One rendered message per recipient, in recipient order."""
    planned = []
    for recipient in recipients:
        unsubscribe = unsubscribe_link(config.notify.unsubscribe_url, recipient.address)
        parts = render_email_parts(notice, config, recipient=recipient.address, unsubscribe_url=unsubscribe)
        message = compose_message(
            notice, parts, sender=sender, recipient=recipient.address, recipient_name=recipient.name,
            config=config, date=date,
        )
        mid = message_id(notice.policy, notice.version, recipient.address, sender)
        planned.append(OutgoingMessage(recipient.address, mid, notice.policy, notice.version, message))
    return tuple(planned)


def write_eml(folder: Path, outgoing: OutgoingMessage) -> Path:
    """Write one message as `<policy>-<version>-<hash>.eml`, atomically (temp file, then rename)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--eml {folder}: cannot create the folder ({exc.strerror})") from None
    digest = hashlib.sha256(outgoing.message_id.encode()).hexdigest()[:12]
    target = folder / f"{outgoing.policy}-{outgoing.version}-{digest}.eml"
    write_bytes_atomically(target, outgoing.message.as_bytes())
    return target


def parse_min_class(value: str) -> Classification:
    """`material`, `substantive`, `editorial` or `none`."""
    try:
        return Classification(value.strip().lower())
    except ValueError:
        choices = ", ".join(c.value for c in Classification)
        raise UsageError(f"--min-class '{value}': choose one of {choices}") from None


def _preview_headers(outgoing: OutgoingMessage) -> tuple[tuple[str, str], ...]:
    skip = {"content-type", "mime-version"}
    return tuple((k, str(v)) for k, v in outgoing.message.items() if k.lower() not in skip)


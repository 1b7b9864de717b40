"""Output of the notify and publish commands as text for a terminal or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policyvc.notify.dispatch import NotifyResult
    from policyvc.notify.sitefiles import PublishResult


def render_notify_text(result: NotifyResult) -> str:
    """What `notify` did or would do: skipped below the threshold, planned (dry run), written or sent."""
    name = f"{result.policy} {result.version}"
    if result.below_threshold:
        below = f"below --min-class {result.min_class.value}"
        return f"{name} is {result.classification.value}, {below}: nothing sent"
    if result.dry_run:
        done = set(result.already_sent)
        count = len(result.planned) - len(done)
        lines = [f"dry run: {name} would be sent to {count} recipient(s); nothing sent"]
        lines += [f"  {key}: {value}" for key, value in result.headers if key not in ("To", "Message-ID")]
        for outgoing in result.planned:
            state = "already sent" if outgoing.recipient in done else "would send"
            lines.append(f"  {state}: {outgoing.recipient} {outgoing.message_id}")
        return "\n".join(lines)
    if result.written:
        return "\n".join([f"wrote {len(result.written)} message(s) for {name}", *map(str, result.written)])
    skipped = f"; {len(result.already_sent)} already sent before" if result.already_sent else ""
    return f"sent {len(result.sent)} message(s) for {name}{skipped}"


def render_notify_json(result: NotifyResult) -> str:
    """The notify outcome as indented JSON: class, threshold, recipients, sent, already sent, written."""
    record = {
        "policy": result.policy,
        "version": result.version,
        "classification": result.classification.value,
        "min_class": result.min_class.value,
        "below_threshold": result.below_threshold,
        "dry_run": result.dry_run,
        "subject": result.subject,
        "sender": result.sender,
        "recipients": [m.recipient for m in result.planned],
        "sent": list(result.sent),
        "already_sent": list(result.already_sent),
        "written": [str(p) for p in result.written],
        "warnings": list(result.warnings),
    }
    return json.dumps(record, indent=2)


def render_publish_text(result: PublishResult) -> str:
    """A count line for the site folder, then each file written and deleted (or to be, on a dry run)."""
    verb, gone = ("would write", "to delete") if result.dry_run else ("wrote", "deleted")
    counts = f"{verb} {len(result.written)}, {len(result.unchanged)} unchanged, {len(result.deleted)} {gone}"
    lines = [f"{result.out}: {result.pages} files; {counts}"]
    lines += [f"  {'write' if result.dry_run else 'wrote'} {path}" for path in result.written]
    lines += [f"  {'delete' if result.dry_run else 'deleted'} {path}" for path in result.deleted]
    return "\n".join(lines) + "\n"


def render_publish_json(result: PublishResult) -> str:
    """The publish outcome as indented JSON with site-relative paths and one trailing newline."""
    data = {
        "out": str(result.out),
        "dry_run": result.dry_run,
        "written": list(result.written),
        "unchanged": list(result.unchanged),
        "deleted": list(result.deleted),
        "warnings": list(result.warnings),
    }
    return json.dumps(data, indent=2) + "\n"

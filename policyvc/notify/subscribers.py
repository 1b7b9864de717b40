"""Who receives a notice: list addresses, or the subscribers who opted in and have not opted out."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from policyvc.config import Config
from policyvc.errors import InputError, UsageError
from policyvc.parse.source import decode_policy_bytes

_ADDRESS = re.compile(
    r"^[^\s@<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_TRUE = {"yes", "y", "true", "t", "1", "on", "x"}
_FALSE = {"no", "n", "false", "f", "0", "off", ""}
_COLUMNS = {"email": "email", "opted_in": "opted_in", "opted_out": "opted_out", "name": "name"}


@dataclass(frozen=True, slots=True)
class Recipient:
    address: str
    name: str = ""


def parse_address(value: str, where: str) -> str:
    """A validated bare address from `a@b.org` or `Name <a@b.org>`; UsageError naming `where` otherwise."""
    if "\r" in value or "\n" in value:
        raise UsageError(f"{where}: an address cannot contain line breaks")
    _, address = parseaddr(value.strip())
    if not _ADDRESS.match(address):
        raise UsageError(f"{where}: '{value.strip()}' is not an email address (expected name@example.org)")
    return address


def read_subscribers(path: Path) -> tuple[Recipient, ...]:
    """Subscribers who opted in and have not opted out, once each (CSV `email,opted_in,opted_out[,name]`)."""
    try:
        text = decode_policy_bytes(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such subscribers file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give the subscribers CSV file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"{path}: empty; expected a header line email,opted_in,opted_out[,name]")
    header = [_column(cell) for cell in rows[0]]
    missing = [c for c in ("email", "opted_in", "opted_out") if c not in header]
    if missing:
        raise InputError(
            f"{path}: header lacks {', '.join(missing)}; expected email,opted_in,opted_out[,name]"
        )
    index = {name: header.index(name) for name in _COLUMNS if name in header}
    chosen: dict[str, Recipient] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        where = f"{path} line {line}"
        if not _flag(cells["opted_in"], where, "opted_in") or _flag(cells["opted_out"], where, "opted_out"):
            continue
        address = _csv_address(cells["email"], where)
        chosen.setdefault(address.lower(), Recipient(address, cells.get("name", "")))
    return tuple(chosen.values())


def resolve_recipients(to: Sequence[str], subscribers: str | None, config: Config) -> tuple[Recipient, ...]:
    """`--to` addresses and the subscribers file (each defaulting from the config); duplicates once."""
    addresses = list(to) or list(config.notify.to)
    csv_path = subscribers if subscribers is not None else config.notify.subscribers
    chosen: dict[str, Recipient] = {}
    for value in addresses:
        address = parse_address(value, "--to")
        chosen.setdefault(address.lower(), Recipient(address))
    if csv_path:
        path = Path(csv_path) if subscribers is not None else config.path(csv_path)
        for recipient in read_subscribers(path):
            chosen.setdefault(recipient.address.lower(), recipient)
    if not chosen:
        raise UsageError(
            "no recipients: give --to ADDRESS or --subscribers FILE, or set notify.to / notify.subscribers"
            + (" (the subscribers file has nobody who opted in)" if csv_path else "")
        )
    return tuple(chosen.values())


def resolve_sender(sender: str | None, config: Config) -> str:
    """`--sender`, else `notify.sender` in the config, else git's user.email; validated."""
    value = sender or config.notify.sender
    where = "--sender" if sender else "notify.sender"
    if not value:
        from policyvc.store.identity import git_user_email

        value = git_user_email(config.root) or ""
        where = "git user.email"
    if not value:
        raise UsageError("no sender: give --sender ADDRESS, set notify.sender, or git config user.email")
    parse_address(value, where)
    return " ".join(value.split())


def _column(cell: str) -> str:
    key = re.sub(r"[\s-]+", "_", cell.strip().lower().lstrip("\ufeff"))
    return {"e_mail": "email", "address": "email", "optin": "opted_in", "optout": "opted_out"}.get(key, key)


def _flag(value: str, where: str, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InputError(f"{where}: {column} is '{value}'; use yes/no, true/false or 1/0")


def _csv_address(value: str, where: str) -> str:
    try:
        return parse_address(value, where)
    except UsageError as exc:
        raise InputError(f"{exc.message}; fix or remove the row") from None

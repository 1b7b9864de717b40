"""The send log: one JSON line per message the server accepted, fsync'd, so a rerun never sends twice."""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from policyvc.errors import DeliveryError, InputError

_TORN_ID = re.compile(r'^\{"message_id": "([^"\\]+)"')


@dataclass(frozen=True, slots=True)
class SentRecord:
    message_id: str
    recipient: str
    policy: str
    version: str
    sent_at: str  # ISO 8601, UTC
    server: str = ""


class SendLog:
    """Append-only JSON lines at `path`; a record is written only after the server accepted the message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def sent_ids(self) -> frozenset[str]:
        """Message-IDs already delivered; a torn record (crash mid-write) still counts if its id is whole."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return frozenset()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: send log cannot be read ({exc}); fix or move it") from None
        ids = set()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                ids.add(str(json.loads(line)["message_id"]))
            except (ValueError, KeyError, TypeError):
                if not line.startswith('{"'):
                    raise InputError(
                        f"{self.path} line {number}: not a send-log record; fix or remove it"
                    ) from None
                torn = _TORN_ID.match(line)  # message_id is the first key written (sort_keys)
                if torn:
                    ids.add(torn.group(1))
        return frozenset(ids)

    def record(self, entry: SentRecord) -> None:
        """Append one record and fsync it before the next message goes out."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            if handle.tell() > 0 and not self._ends_with_newline():
                handle.write("\n")  # seal a torn line left by a crash so this record parses
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    @contextmanager
    def locked(self) -> Iterator[SendLog]:
        """Hold an exclusive lock for a whole batch: two concurrent runs cannot both send a message."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with lock_path.open("a") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DeliveryError(
                    f"{self.path}: another policyvc notify is sending right now; wait for it to finish"
                ) from None
            try:
                yield self
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"

"""The send log: durable records, a torn last line tolerated, one batch at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyvc.errors import DeliveryError, InputError
from policyvc.notify.sendlog import SendLog, SentRecord


def _record(n: int) -> SentRecord:
    when = "2026-11-01T09:00:00+00:00"
    return SentRecord(f"<id{n}@example.org>", f"u{n}@example.org", "privacy", "2.0.0", when)


def test_records_are_read_back(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "deep" / "sent.jsonl")
    assert log.sent_ids() == frozenset()
    log.record(_record(1))
    log.record(_record(2))
    assert log.sent_ids() == {"<id1@example.org>", "<id2@example.org>"}


def test_a_torn_record_is_sealed_by_the_next_and_never_blocks_the_log(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    log.record(_record(1))
    with log.path.open("a") as handle:
        handle.write('{"message_id": "<id2@exa')  # a crash in the middle of writing the id
    assert log.sent_ids() == {"<id1@example.org>"}
    log.record(_record(3))
    assert log.sent_ids() == {"<id1@example.org>", "<id3@example.org>"}


def test_a_torn_record_whose_id_is_whole_still_counts_as_sent(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    log.path.write_text('{"message_id": "<id7@example.org>", "policy": "priv')
    assert log.sent_ids() == {"<id7@example.org>"}


def test_a_corrupt_line_in_the_middle_is_an_input_error(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    log.path.write_text('{"message_id": "<a@b>"}\nnot json\n{"message_id": "<c@d>"}\n')
    with pytest.raises(InputError, match="line 2: not a send-log record"):
        log.sent_ids()


def test_a_second_batch_cannot_start_while_one_holds_the_lock(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    second = SendLog(log.path)
    with log.locked(), pytest.raises(DeliveryError, match="another policyvc notify"), second.locked():
        pass
    with log.locked():  # released afterwards
        pass

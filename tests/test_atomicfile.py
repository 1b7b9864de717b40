"""write_bytes_atomically / write_text_atomically: all or nothing, no temporary file left, modes kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from policyvc.atomicfile import (
    NEW_FILE_MODE,
    write_bytes_atomically,
    write_output_file,
    write_text_atomically,
)
from policyvc.errors import ExitCode, UsageError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_text_and_a_readable_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_text_atomically(target, "a\nb\r\nc ✓\n")
    assert target.read_bytes() == "a\nb\r\nc ✓\n".encode()  # newlines exactly as given
    assert _mode(target) == NEW_FILE_MODE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "policy.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_a_failed_rename_leaves_the_target_untouched_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"  # a non-empty folder in the way: the final rename fails for real
    target.mkdir()
    (target / "keep.txt").write_text("kept")
    with pytest.raises(OSError):
        write_text_atomically(target, "<p>new</p>")
    assert target.is_dir() and (target / "keep.txt").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_text_that_cannot_be_encoded_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "notice.md"
    target.write_text("old notice")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "half \udc80 a surrogate")
    assert target.read_text() == "old notice"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.md"]


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_bytes_atomically(tmp_path / "nowhere" / "x.txt", b"x")
    assert list(tmp_path.iterdir()) == []


def test_output_file_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.xml"
    with pytest.raises(UsageError, match="does not exist") as info:
        write_output_file(target, "x")
    assert info.value.exit_code == ExitCode.USAGE
    assert not (tmp_path / "missing").exists()


def test_output_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        write_output_file(tmp_path, "x")


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "notice.md"
    write_output_file(target, "é\n")
    assert target.read_bytes() == "é\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["notice.md"]

"""Replacing a file in one step: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from policyvc.errors import UsageError

NEW_FILE_MODE = 0o644  # mkstemp makes 0o600; a written report, page or policy should read like any file


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The folder must exist. On any failure the temporary file is removed and `path` is left as it was;
    a replaced file keeps its permission bits, a new one gets NEW_FILE_MODE.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8, newlines as given (no platform translation), atomically."""
    write_bytes_atomically(path, text.encode("utf-8"))


def _mode_for(path: Path) -> int:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return NEW_FILE_MODE
    return stat.S_IMODE(mode) if stat.S_ISREG(mode) else NEW_FILE_MODE


def check_output_path(path: Path) -> None:
    """Refuse an output path the user named that cannot be written, before doing any work."""
    if not path.parent.is_dir():
        raise UsageError(f"{path}: cannot write, folder {path.parent} does not exist; create it first")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name")


def write_output_file(path: Path, text: str) -> None:
    """Write a report the user asked for (--output, --junit) atomically; problems are usage errors."""
    check_output_path(path)
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None

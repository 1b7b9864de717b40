"""Reading policy files from disk: one clear error for each way a file can be unusable."""

from __future__ import annotations

import codecs
from pathlib import Path

from policyvc.errors import InputError


def decode_policy_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary data with a clear message."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 mark but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like binary data, not a text policy; export it as Markdown or text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {exc.start}); convert it first, e.g. iconv -f cp1252 -t utf-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_policy_file(path: Path) -> str:
    """The text of a policy file, or an InputError naming the path and what to do."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a policy file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return decode_policy_bytes(data, str(path))

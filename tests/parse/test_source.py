"""read_policy_file / decode_policy_bytes: each unusable file gives one InputError naming the path."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from policyvc.errors import ExitCode, InputError
from policyvc.parse.source import decode_policy_bytes, read_policy_file


def test_reads_utf8_and_normalises_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_bytes("# Terms\r\n\r\nWe don’t sell data.\rEnd\n".encode())
    assert read_policy_file(path) == "# Terms\n\nWe don’t sell data.\nEnd\n"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + b"# Terms\n")
    assert read_policy_file(path) == "# Terms\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "wide.md"
    path.write_bytes(bom + "# Données\r\n\r\nTexte.\r\n".encode(encoding))
    assert read_policy_file(path) == "# Données\n\nTexte.\n"


def test_broken_utf16_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken16.md"
    path.write_bytes(codecs.BOM_UTF16_LE + b"#\x00 \x00\x00\xd8")  # a lone high surrogate
    with pytest.raises(InputError, match="UTF-16") as caught:
        read_policy_file(path)
    assert str(path) in caught.value.message


def test_empty_file_is_a_valid_empty_policy(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert read_policy_file(path) == ""


def _input_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_policy_file(path)
    error = caught.value
    assert error.exit_code == ExitCode.INPUT
    assert str(path) in error.message
    assert "\n" not in error.message, "one line on stderr"
    return error


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _input_error(tmp_path / "absent.md").message


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _input_error(tmp_path).message


def test_binary_data(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in _input_error(path).message


def test_invalid_utf8_names_the_byte_and_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Données\n".encode("cp1252"))
    message = _input_error(path).message
    assert "not valid UTF-8 (byte 6)" in message
    assert "iconv" in message


@pytest.mark.skipif(not hasattr(Path, "chmod"), reason="no chmod")
def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read a file without read permission")
    path = tmp_path / "secret.md"
    path.write_text("x")
    path.chmod(0)
    try:
        assert "cannot be read" in _input_error(path).message
    finally:
        path.chmod(0o644)


def test_decode_uses_the_given_name() -> None:
    with pytest.raises(InputError, match=r"^HEAD:policies/privacy\.md: looks like binary"):
        decode_policy_bytes(b"\x00\x01\x02", "HEAD:policies/privacy.md")

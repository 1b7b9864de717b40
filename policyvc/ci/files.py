"""Writing report files without leaving half a file behind, and appending to CI-provided files."""

from __future__ import annotations

from pathlib import Path

from policyvc.errors import InputError


def append_text(path: Path, text: str) -> None:
    """Append to a file the CI runner created (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT)."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise InputError(f"{path}: cannot append the report ({exc.strerror})") from None

"""Writing a generated site into its folder: atomic, byte-compared, and tidy only within its own manifest.

A file whose bytes are unchanged is not touched (its mtime and inode stay); a changed file is written to a
temp file beside it and moved into place. Pages that disappear are deleted only if the previous run's
manifest lists them, so a site folder never loses a file policyvc did not write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policyvc.atomicfile import write_bytes_atomically
from policyvc.errors import InputError

MANIFEST = ".policyvc-site.json"


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What a publish did (or, with dry_run, would do), as site-relative POSIX paths."""

    out: Path
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    deleted: tuple[str, ...]
    dry_run: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return len(self.written) + len(self.unchanged)


class SiteWriter:
    """Collects a site's files one at a time and brings the folder in line with them."""

    def __init__(self, out: Path, *, dry_run: bool = False) -> None:
        self.out = out
        self.dry_run = dry_run
        self._previous, self.recorded_site_id = _read_manifest(out)
        self._seen: set[str] = set()
        self._written: list[str] = []
        self._unchanged: list[str] = []

    def put(self, relative: str, data: bytes) -> None:
        """Write one file (a site-relative POSIX path) unless it already holds exactly these bytes."""
        _check_relative(relative)
        if relative in self._seen:
            raise InputError(f"{relative}: two pages want the same file; rename one of the policies")
        self._seen.add(relative)
        target = self.out / relative
        if _same_bytes(target, data):
            self._unchanged.append(relative)
            return
        self._written.append(relative)
        if not self.dry_run:
            write_atomic(target, data)

    def finish(self, *, site_id: str | None = None, warnings: tuple[str, ...] = ()) -> PublishResult:
        """Delete the previous run's files that are gone now, record the new manifest, report.

        `site_id` is what the feed ids were derived from; the manifest records it for the next run.
        """
        stale = sorted(self._previous - self._seen)
        if not self.dry_run:
            for relative in stale:
                _remove(self.out, relative)
            record: dict[str, object] = {"generator": "policyvc", "files": sorted(self._seen)}
            if site_id is not None:
                record["site_id"] = site_id
            manifest = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
            if not _same_bytes(self.out / MANIFEST, manifest.encode()):
                write_atomic(self.out / MANIFEST, manifest.encode())
        return PublishResult(
            out=self.out,
            written=tuple(self._written),
            unchanged=tuple(self._unchanged),
            deleted=tuple(stale),
            dry_run=self.dry_run,
            warnings=warnings,
        )


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step: a reader sees the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(target, data)


def _read_manifest(out: Path) -> tuple[set[str], str | None]:
    """The files the previous run wrote, and the site id its feeds were derived from (None if unrecorded)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; give a folder for the site")
    manifest = out / MANIFEST
    if not manifest.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise InputError(
                f"{out}: folder is not empty and holds no policyvc site ({MANIFEST}); "
                "give an empty or new folder"
            )
        return set(), None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"{manifest}: unreadable site manifest; delete the folder, publish again") from None
    if not isinstance(files, list):
        raise InputError(f"{manifest}: 'files' must be a list; delete the site folder and publish again")
    site_id = data.get("site_id")
    recorded = site_id if isinstance(site_id, str) and site_id else None
    return {f for f in files if isinstance(f, str) and _is_inside(f)}, recorded


def _check_relative(relative: str) -> None:
    if not _is_inside(relative) or relative == MANIFEST:
        raise InputError(f"{relative}: not a page path inside the site folder")


def _is_inside(relative: str) -> bool:
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts and "\\" not in relative


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _remove(out: Path, relative: str) -> None:
    target = out / relative
    if target.is_file() or target.is_symlink():
        target.unlink()
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

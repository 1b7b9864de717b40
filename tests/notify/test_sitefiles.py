"""SiteWriter: byte-compared atomic writes, a manifest that bounds deletion, and refusals for unsafe paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyvc.errors import InputError
from policyvc.notify.sitefiles import MANIFEST, SiteWriter, write_atomic


def test_the_manifest_lists_exactly_the_files_written(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path / "site")
    writer.put("index.html", b"<p>hi</p>")
    writer.put("a/b/page.html", b"<p>deep</p>")
    result = writer.finish()
    assert result.written == ("index.html", "a/b/page.html") and result.pages == 2
    manifest = json.loads((tmp_path / "site" / MANIFEST).read_text())
    assert manifest["files"] == ["a/b/page.html", "index.html"]


@pytest.mark.parametrize("path", ["../outside.html", "/etc/passwd", "a/../../x", "a\\b.html", "", MANIFEST])
def test_paths_outside_the_site_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(InputError):
        SiteWriter(tmp_path / "site").put(path, b"x")
    assert not (tmp_path / "outside.html").exists()


def test_the_same_file_twice_is_an_error(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path / "site")
    writer.put("privacy/index.html", b"one")
    with pytest.raises(InputError, match="same file"):
        writer.put("privacy/index.html", b"two")


def test_an_unreadable_manifest_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_text("{not json")
    with pytest.raises(InputError, match="unreadable site manifest"):
        SiteWriter(site)


def test_a_failed_write_leaves_what_was_there_and_no_temp_file(tmp_path: Path) -> None:
    blocked = tmp_path / "page.html"  # a folder in the way: the final rename fails for real
    blocked.mkdir()
    (blocked / "keep.txt").write_text("kept")
    with pytest.raises(OSError):
        write_atomic(blocked, b"<p>new</p>")
    assert (blocked / "keep.txt").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]

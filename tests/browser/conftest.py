"""A real headless chromium (Debian's) and a real HTTP server on loopback, for the site's browser tests."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from policyvc.config import Config, SiteConfig
from policyvc.diff.changeset import diff_documents
from policyvc.model import Assessment, Classification, Version
from policyvc.notify.site import PolicyInput, SiteInput, VersionInput, publish_site
from policyvc.parse.markdown import parse_document

CHROMIUM = os.environ.get("POLICYVC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
REPO = Path(__file__).resolve().parents[2]
HOSTILE = """# Terms of use

<script>alert(1)</script>

Read [our rules](javascript:alert(2)), [this](JaVaScRiPt:alert(3)) and <javascript:alert(4)>.

<img src=x onerror=alert(5)>

Also [encoded](java&#115;cript:alert(6)), <a href="javascript:alert(7)">raw</a>, [a reference][evil].

[evil]: javascript:alert(8)

## Contact

Write to [us](mailto:legal@example.com).
"""


def _version(policy: str, number: str, day: str) -> Version:
    commit = hashlib.sha1(f"{policy}{number}".encode()).hexdigest()
    return Version(policy, f"policies/{policy}.md", number, commit, "b" * 40, f"{day}T12:00:00+00:00", day,
                   Classification.MATERIAL, summary=f"{policy} {number}")  # fmt: skip


def vocalcom_site() -> SiteInput:
    """Two versions of the Vocalcom statement (real diff) and a hostile terms page."""
    old = (REPO / "policies/privacy.md").read_text(encoding="utf-8")
    new = (REPO / "examples/privacy-revised.md").read_text(encoding="utf-8")
    changeset = diff_documents(parse_document(old), parse_document(new))
    material = Assessment(changeset, changeset.changes, Classification.MATERIAL, Classification.MATERIAL.bump)
    return SiteInput((
        PolicyInput("privacy", (VersionInput(_version("privacy", "1.0.0", "2013-05-23"), old),
                                VersionInput(_version("privacy", "2.0.0", "2014-02-01"), new, material))),
        PolicyInput("terms", (VersionInput(_version("terms", "1.0.0", "2020-01-01"), HOSTILE),)),
    ))  # fmt: skip


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The published site, served from a sub-path of a loopback HTTP server (proves links are relative)."""
    root = tmp_path_factory.mktemp("www")
    publish_site(vocalcom_site(), root / "deep" / "path", Config(site=SiteConfig(title="Vocalcom policies")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/deep/path/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless chromium through Playwright; skipped with a reason when absent, unless CI=true."""
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).is_file():
        message = f"chromium not found at {CHROMIUM}; install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()

"""The published site in a real headless chromium: clean loads, links that resolve, a redline worth looking
at, and a hostile policy that stays inert."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=True)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def _watch(page: Any) -> list[str]:
    """Collect console errors, uncaught exceptions, failed requests and dialogs as readable lines."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


def test_every_page_loads_cleanly_and_every_internal_link_resolves(page: Any, site_url: str) -> None:
    problems = _watch(page)
    origin = urlsplit(site_url).netloc
    to_visit, visited, checked = [site_url + "index.html"], set[str](), set[str]()
    while to_visit:
        url = to_visit.pop()
        if url in visited:
            continue
        visited.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        hrefs = page.eval_on_selector_all("a[href], link[href]", "nodes => nodes.map(n => n.href)")
        for href in hrefs:
            target, _fragment = urldefrag(href)
            if urlsplit(target).netloc != origin or not target.startswith(site_url):
                continue  # mailto:, data:, the policy's own external links
            if target.endswith(".html"):
                to_visit.append(target)
            elif target not in checked:
                checked.add(target)
                status = page.request.get(target).status
                assert status == 200, f"{url} links to {target}: HTTP {status}"
    assert problems == []
    expected = ("index.html", "privacy/changes/2.0.0.html", "terms/versions/1.0.0.html")
    assert {site_url + p for p in expected} <= visited
    assert site_url + "site.css" in checked and site_url + "feed.atom" in checked
    assert len(visited) == 9  # every HTML page of the site is reachable from the index


def test_section_anchors_land_on_their_headings(page: Any, site_url: str) -> None:
    page.goto(site_url + "privacy/index.html")
    page.click("nav.toc a[href='#privacy-statement--your-choices']")
    assert page.url.endswith("privacy/index.html#privacy-statement--your-choices")
    assert page.evaluate("document.querySelector(':target').textContent") == "Your choices"
    page.goto(site_url + "privacy/changes/2.0.0.html")
    page.click(".pvc-toc a[href='#privacy-statement--your-choices']")
    assert "Your choices" in page.evaluate("document.querySelector(':target h3').textContent")


def test_redline_page_screenshot_shows_the_styled_changes(page: Any, site_url: str, tmp_path: Path) -> None:
    problems = _watch(page)
    page.goto(site_url + "privacy/changes/2.0.0.html")
    shot = tmp_path / "redline.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1100 and height > 900 and len(data) > 20_000
    styles = page.evaluate(
        """() => {
          const pick = (s) => document.querySelector(s);
          const ins = pick('.pvc-redline ins'), del = pick('.pvc-redline del');
          const moved = pick('.pvc-redline.pvc-moved'), hidden = pick('ins .pvc-visually-hidden');
          return {ins: getComputedStyle(ins).textDecorationLine,
                  del: getComputedStyle(del).textDecorationLine,
                  moved: getComputedStyle(moved).borderTopStyle,
                  hiddenWidth: hidden.getBoundingClientRect().width};
        }"""
    )
    assert styles == {"ins": "underline", "del": "line-through", "moved": "dashed", "hiddenWidth": 1}
    assert problems == []


def test_a_hostile_policy_renders_inert(page: Any, site_url: str) -> None:
    problems = _watch(page)
    page.goto(site_url + "terms/index.html")
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onclick], [onload]').length") == 0
    hrefs = page.eval_on_selector_all("a[href]", "nodes => nodes.map(n => n.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    text = page.inner_text("article")
    assert "<script>alert(1)</script>" in text  # shown to the reader as text
    page.click("text=[our rules]")  # the refused link is plain text: clicking it does nothing
    assert page.url == site_url + "terms/index.html"
    assert page.evaluate("window.__policyvcPwned === undefined")
    assert problems == []


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Any, site_url: str) -> None:
    page.goto(site_url + "privacy/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

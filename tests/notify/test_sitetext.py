"""Policy Markdown as site HTML: section ids on headings, one level down; raw HTML and bad links inert."""

from __future__ import annotations

from bs4 import BeautifulSoup

from policyvc.notify.sitetext import render_policy_html
from policyvc.parse.markdown import parse_document

TEXT = """---
title: Front matter stays out of the page
---

# Privacy

Intro.

## Sharing

We share.

## Sharing

A second section with the same heading.

###### Deep

Six levels down.
"""


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(render_policy_html(text, parse_document(text)), "html.parser")


def test_headings_carry_the_parsed_ids_even_when_headings_repeat() -> None:
    soup = render(TEXT)
    ids = [str(h["id"]) for h in soup.find_all(["h2", "h3", "h4", "h5", "h6"])]
    assert ids == [s.id for s in parse_document(TEXT).sections if s.level > 0]
    assert len(set(ids)) == len(ids) == 4


def test_headings_move_down_one_level_and_stop_at_h6() -> None:
    soup = render(TEXT)
    assert [h.name for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == ["h2", "h3", "h3", "h6"]


def test_front_matter_is_not_shown() -> None:
    assert "Front matter stays out" not in render(TEXT).get_text()


def test_raw_html_is_text_and_unsafe_links_are_not_links() -> None:
    soup = render("# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](vbscript:msgbox) [ok](https://a.example)\n")
    assert soup.find("script") is None and "<script>alert(1)</script>" in soup.get_text()
    assert [a["href"] for a in soup.find_all("a")] == ["https://a.example"]


def test_tables_render_as_tables() -> None:
    soup = render("# T\n\n| Data | Kept for |\n|---|---|\n| logs | 30 days |\n")
    assert [td.get_text() for td in soup.find_all("td")] == ["logs", "30 days"]

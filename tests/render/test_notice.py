"""render_notice: every format, golden files, repository template overrides, and inert policy text."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from policyvc.config import Config
from policyvc.errors import UsageError
from policyvc.model import Assessment, ChangeSet, SectionRef
from policyvc.notify.notice import Notice, build_notice
from policyvc.render.notice import markdown_text, render_email_parts, render_notice, safe_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "notify"))
from notice_samples import notice_config, vocalcom_assessment, vocalcom_version

HOSTILE_TITLE = 'Privacy <script>alert("t")</script> [x](javascript:alert(1))'


def _notice(root: Path, assessment: Assessment | None = None) -> tuple[Notice, Config]:
    config = notice_config(root)
    previous = vocalcom_version("1.0.0", "2013-05-23")
    built = build_notice(assessment or vocalcom_assessment(), vocalcom_version(), config, previous)
    return built, config


FORMAT_GOLDENS = [("markdown", "notice.md"), ("text", "notice.txt"), ("html", "notice.html")]


@pytest.mark.parametrize(("fmt", "name"), FORMAT_GOLDENS)
def test_notice_formats_match_golden_files(
    tmp_path: Path, fmt: str, name: str, golden: Callable[[str, str], None]
) -> None:
    built, config = _notice(tmp_path)
    golden(f"notice/{name}", render_notice(built, fmt, config))


def test_email_parts_match_golden_files(tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    built, config = _notice(tmp_path)
    parts = render_email_parts(
        built, config, recipient="ana.silva@example.com", unsubscribe_url="https://example.org/u?e=ana"
    )
    assert parts.subject == "Vocalcom Group: Important changes to our Privacy Statement (version 2.0.0)"
    golden("notice/body.txt", parts.text)
    golden("notice/body.html", parts.html)


def test_material_statements_come_before_editorial_summary(tmp_path: Path) -> None:
    built, config = _notice(tmp_path)
    text = render_notice(built, "text", config)
    assert text.index("advertising partners") < text.index("3 editorial corrections")
    assert text.count("editorial") == 1  # editorial changes summarised in one line, never listed
    assert "the our web site" not in text


def test_json_format_carries_statements_and_links(tmp_path: Path) -> None:
    built, config = _notice(tmp_path)
    data = json.loads(render_notice(built, "json", config))
    assert data["format"] == "policyvc-notice/1"
    assert data["classification"] == "material"
    assert [item["category"] for item in data["material"]] == ["sharing", "purpose"]
    assert data["redline_url"] == "https://policies.example.org/privacy/changes/2.0.0.html"
    assert data["opt_out"]["id"] == "privacy-statement--your-choices"
    assert data["editorial_count"] == 3


def test_email_format_is_a_multipart_message(tmp_path: Path) -> None:
    import email
    from email.policy import default

    built, config = _notice(tmp_path)
    message = email.message_from_string(render_notice(built, "email", config), policy=default)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]  # type: ignore[attr-defined]
    assert "To" not in message


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    built, config = _notice(tmp_path)
    with pytest.raises(UsageError, match="unknown notice format 'pdf'"):
        render_notice(built, "pdf", config)


def test_repository_template_overrides_the_packaged_one(tmp_path: Path) -> None:
    override = tmp_path / ".policyvc" / "templates" / "notice"
    override.mkdir(parents=True)
    (override / "notice.md.j2").write_text("CUSTOM {{ notice.version }} {{ notice.material | length }}\n")
    built, config = _notice(tmp_path)
    assert render_notice(built, "markdown", config) == "CUSTOM 2.0.0 2\n"
    assert render_notice(built, "text", config).startswith("Important changes")  # others still packaged


def test_overridden_email_subject_template_cannot_add_a_header(tmp_path: Path) -> None:
    override = tmp_path / ".policyvc" / "templates" / "email"
    override.mkdir(parents=True)
    (override / "subject.txt.j2").write_text("Changes\nBcc: victim@example.org\n")
    built, config = _notice(tmp_path)
    assert render_email_parts(built, config).subject == "Changes Bcc: victim@example.org"


def test_broken_override_names_the_template(tmp_path: Path) -> None:
    override = tmp_path / ".policyvc" / "templates" / "notice"
    override.mkdir(parents=True)
    (override / "notice.md.j2").write_text("{{ notice.no_such_field }}")
    built, config = _notice(tmp_path)
    with pytest.raises(UsageError, match=r"notice\.md\.j2"):
        render_notice(built, "markdown", config)


def _hostile_assessment() -> Assessment:
    base = vocalcom_assessment(title_override=HOSTILE_TITLE)
    first = base.changes[0]
    assert first.new_section is not None
    evil = SectionRef(first.new_section.id, ("<img src=x onerror=alert(2)>", "<script>alert(3)</script>"))
    findings = tuple(
        type(f)(f.rule, f.category, f.severity, f.classification, f.reason,
                tuple(type(e)(e.side, "<b onclick=alert(4)>data brokers</b>", 0, 1) for e in f.evidence))
        for f in first.findings
    )  # fmt: skip
    hostile = dataclasses.replace(first, new_section=evil, findings=findings)
    changes = (hostile, *base.changes[1:])
    changeset = ChangeSet(base.changeset.old, base.changeset.new, changes)
    return Assessment(changeset, changes, base.classification, base.bump)


def test_policy_text_cannot_inject_markup_into_html(tmp_path: Path) -> None:
    built, config = _notice(tmp_path, _hostile_assessment())
    for html in (render_notice(built, "html", config), render_email_parts(built, config).html):
        soup = BeautifulSoup(html, "html.parser")
        assert soup.find("script") is None
        assert soup.find("img") is None
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        assert all(not a["href"].lower().startswith("javascript") for a in soup.find_all("a"))
        assert "<script>alert(3)</script>" in soup.get_text()  # shown as text, not run


def test_policy_text_cannot_inject_markup_into_markdown(tmp_path: Path) -> None:
    built, config = _notice(tmp_path, _hostile_assessment())
    html = MarkdownIt("commonmark").render(render_notice(built, "markdown", config))  # raw HTML allowed
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert all(not a["href"].lower().startswith("javascript") for a in soup.find_all("a"))
    assert "<script>alert(3)</script>" in soup.get_text()


def test_safe_url_refuses_script_schemes() -> None:
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url(" JaVa\nScript:alert(1)") == "#"
    assert safe_url("data:text/html,<script>") == "#"
    assert safe_url("https://example.org/a b") == "https://example.org/a%20b"
    assert safe_url('privacy/index.html#x"onmouseover=') == "privacy/index.html#x%22onmouseover="


def test_markdown_text_escapes_link_and_html_syntax() -> None:
    assert markdown_text("[x](javascript:y) <b>") == r"\[x\](javascript:y) \<b\>"
    assert markdown_text("# not a heading") == r"\# not a heading"


@pytest.mark.parametrize("effective", ["2026-12-01", "2026-11-10", "2026-10-30", "2026-09-01", None])
def test_text_html_and_markdown_say_the_same_about_when_and_how_much_notice(
    tmp_path: Path, effective: str | None
) -> None:
    config = notice_config(tmp_path)
    built = build_notice(vocalcom_assessment(), vocalcom_version(effective=effective), config, None)
    parts = render_email_parts(built, config, recipient="ana@example.com")
    html = BeautifulSoup(parts.html, "html.parser")
    span = html.select_one(".notice-effective")
    assert span is not None and span.get("data-timing") == built.timing.value
    said = " ".join(span.get_text().split())
    assert said == built.effective_statement
    assert said in " ".join(parts.text.split())
    markdown = " ".join(render_notice(built, "markdown", config).split()).replace("**", "")
    assert said in markdown
    page = BeautifulSoup(render_notice(built, "html", config), "html.parser").select_one(".notice-effective")
    assert page is not None and " ".join(page.get_text().split()) == said
    if effective is not None:  # machine-readable in HTML, and the effective date stands out
        strong_time = span.select_one("strong > time")
        assert strong_time is not None and strong_time.get("datetime") == effective
    data = json.loads(render_notice(built, "json", config))
    assert (data["timing"], data["effective_statement"]) == (built.timing.value, said)

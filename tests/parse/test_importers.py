"""Import from Markdown, HTML, DOCX and text: structure kept, furniture dropped, mojibake repaired."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from policyvc.errors import InputError
from policyvc.parse.importers import canonical_markdown, import_policy, text_to_markdown

REPO = Path(__file__).resolve().parents[2]


def write_docx(path: Path) -> None:
    """A Word document with a heading, a paragraph with bold, a bulleted list and a table."""
    document = docx.Document()
    document.add_heading("Privacy Policy", level=1)
    document.add_heading("Sharing", level=2)
    paragraph = document.add_paragraph("We ")
    paragraph.add_run("never").bold = True
    paragraph.add_run(" sell your personal information.")
    document.add_paragraph("Service providers", style="List Bullet")
    document.add_paragraph("Auditors", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Data"
    table.cell(0, 1).text = "Kept for"
    table.cell(1, 0).text = "Email address"
    table.cell(1, 1).text = "2 years"
    document.save(str(path))


def test_html_keeps_headings_lists_tables_and_bold_and_drops_furniture(tmp_path: Path) -> None:
    page = tmp_path / "policy.html"
    page.write_text(
        "<html><head><title>T</title><style>p{color:red}</style><script>track()</script></head><body>"
        "<header><nav><a href='/'>Home</a></nav></header>"
        "<h1>Privacy Policy</h1><h2>Sharing</h2><p>We <b>never</b> sell data.</p>"
        "<ul><li>Service providers</li><li>Auditors</li></ul>"
        "<table><tr><th>Data</th><th>Kept for</th></tr><tr><td>Email</td><td>2 years</td></tr></table>"
        "<aside>Related links</aside><footer>© Example</footer></body></html>",
        encoding="utf-8",
    )
    markdown = import_policy(page).markdown
    assert markdown.startswith("# Privacy Policy\n")
    assert "## Sharing" in markdown
    assert "We **never** sell data." in markdown
    assert "* Service providers\n* Auditors" in markdown
    assert "| Email | 2 years |" in markdown
    for furniture in ("Home", "track()", "color:red", "Related links", "© Example"):
        assert furniture not in markdown


def test_the_bundled_vocalcom_page_imports_without_its_navigation() -> None:
    markdown = import_policy(REPO / "examples" / "privacy-revised.html").markdown
    assert markdown.startswith("# Privacy Statement")
    assert "### Your Consent" in markdown
    assert "Solutions" not in markdown and "dataLayer" not in markdown


def test_docx_keeps_headings_bold_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "policy.docx"
    write_docx(path)
    markdown = import_policy(path).markdown
    assert "# Privacy Policy" in markdown
    assert "## Sharing" in markdown
    assert "We **never** sell your personal information." in markdown
    assert "* Service providers" in markdown and "* Auditors" in markdown
    assert "| Data | Kept for |\n| --- | --- |\n| Email address | 2 years |" in markdown


def test_text_becomes_one_paragraph_per_blank_line_block(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("We collect your email\naddress.\r\n\r\n# not a heading\n\n1. not a list\n")
    markdown = import_policy(path).markdown
    assert markdown == "We collect your email address.\n\n\\# not a heading\n\n1\\. not a list\n"


def test_mojibake_is_repaired_and_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text("# Policy\n\nWe don\u00e2\u20ac\u2122t sell data.\n\nCaf\u00c3\u00a9 terms.\n", "utf-8")
    result = import_policy(path)
    assert result.markdown == "# Policy\n\nWe don\u2019t sell data.\n\nCaf\u00e9 terms.\n"
    assert len(result.repairs) == 2
    assert result.repairs[0].startswith("line 3:") and "\u2019" in result.repairs[0]
    assert result.repairs[1].startswith("line 5:")


def test_curly_quotes_and_entities_are_left_as_the_author_wrote_them(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    original = "# Policy\n\n\u201cWe\u201d means Example &amp; Co. \ufb01nal.\n"
    path.write_text(original, encoding="utf-8")
    result = import_policy(path)
    assert result.markdown == original
    assert result.repairs == []


def test_line_endings_and_blank_runs_are_canonical() -> None:
    assert canonical_markdown("\ufeff# A\r\n\r\n\r\n\r\ntext  \r\n\r\n") == "# A\n\ntext  \n"


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.docx"
    path.write_text("I am plain text pretending to be Word", encoding="utf-8")
    with pytest.raises(InputError, match="not a Word document"):
        import_policy(path)


def test_a_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "policy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"word/document\.xml"):
        import_policy(path)


def test_binary_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        import_policy(path)


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes("Caf\u00e9".encode("cp1252"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        import_policy(path)


def test_unknown_extension_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(InputError, match=r"\.docx"):
        import_policy(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_policy(tmp_path / "absent.docx")


def test_text_import_escapes_markdown_markers() -> None:
    assert text_to_markdown("> quoted\n\n- dash\n") == "\\> quoted\n\n\\- dash\n"

"""Import a policy from Markdown, HTML, DOCX or plain text into canonical Markdown, repairing mojibake."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import mammoth
from bs4 import BeautifulSoup, Tag
from markdownify import markdownify

from policyvc.errors import InputError
from policyvc.parse.source import read_policy_file

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = (*MARKDOWN_SUFFIXES, *HTML_SUFFIXES, ".docx", ".txt")

# Page furniture that is never part of the policy.
_DROP_ALWAYS = ("script", "style", "noscript", "template", "nav", "aside", "iframe", "svg", "button", "form")
_DROP_OUTSIDE_CONTENT = ("header", "footer")
# Repair encoding damage only: quotes, ligatures, widths and HTML entities are the author's choice.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    normalization="NFC",
    explain=False,
)
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    markdown: str
    repairs: list[str] = field(default_factory=list)  # one line per repaired line: "line 3: 'Ã©' → 'é'"


def import_policy(path: Path) -> ImportResult:
    """Convert a policy file to canonical Markdown by its extension; InputError when it is not that format."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"{path}: cannot import '{suffix or 'no extension'}'; use {', '.join(SUPPORTED)}")
    if suffix == ".docx":
        markdown = docx_to_markdown(_read_bytes(path), str(path))
    else:
        text = read_policy_file(path)
        if suffix in HTML_SUFFIXES:
            markdown = html_to_markdown(text, str(path))
        elif suffix == ".txt":
            markdown = text_to_markdown(text)
        else:
            markdown = text
    fixed, repairs = repair_mojibake(markdown)
    return ImportResult(canonical_markdown(fixed), repairs)


def canonical_markdown(text: str) -> str:
    """Unix line endings, no BOM, at most one blank line in a row, no trailing blank lines, final newline."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line if line.strip() else "" for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Fix encoding damage (UTF-8 read as cp1252 and the like) line by line, saying what changed where."""
    repairs: list[str] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        fixed = ftfy.fix_text(line, _FTFY)
        if fixed != line:
            repairs.append(f"line {number}: {_difference(line, fixed)}")
            lines[number - 1] = fixed
    return "\n".join(lines), repairs


def html_to_markdown(text: str, name: str = "HTML") -> str:
    """Markdown of an HTML page's content: navigation, scripts, styles and page furniture dropped."""
    if "<" not in text:
        raise InputError(f"{name}: has no HTML markup; import it as .txt or .md instead")
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_DROP_ALWAYS):
        tag.decompose()
    content = soup.find("main") or soup.find("article")
    if not isinstance(content, Tag):
        for tag in soup.find_all(_DROP_OUTSIDE_CONTENT):
            tag.decompose()
        body = soup.find("body")
        content = body if isinstance(body, Tag) else soup
    for title in content.find_all("title"):
        title.decompose()
    markdown = markdownify(
        str(content), heading_style="ATX", bullets="*", strong_em_symbol="*", table_infer_header=True
    )
    return canonical_markdown(str(markdown))


def docx_to_markdown(data: bytes, name: str = "DOCX") -> str:
    """Markdown of a Word document through mammoth (headings, lists, bold, tables) and markdownify."""
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a Word document (a .docx is a zip archive); save it again as .docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise InputError(f"{name}: a zip archive but not a Word document (no word/document.xml)")
    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except Exception as exc:  # mammoth raises many kinds on damaged documents
        raise InputError(f"{name}: unreadable Word document ({type(exc).__name__}); save it again") from None
    return html_to_markdown(f"<body>{result.value}</body>", name)


def text_to_markdown(text: str) -> str:
    """Plain text: one paragraph per blank-line block, its lines joined; Markdown markers escaped."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if b.strip()]
    paragraphs = [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks]
    escaped = (re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([#>*+-])", r"\\\1", p)) for p in paragraphs)
    return "\n\n".join(escaped) + "\n"


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: is not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def _difference(before: str, after: str) -> str:
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    return f"{before[start:end_b][:40]!r} → {after[start:end_a][:40]!r}"


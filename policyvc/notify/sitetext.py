"""A policy's Markdown as safe HTML for the site: raw HTML escaped, unsafe links refused, headings anchored.

Heading ids are the parse step's Section.id values, so a link to `privacy/index.html#sharing` from a notice
or a redline lands on the section the diff and the classifier talk about.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from policyvc.model import Document


def policy_markdown() -> MarkdownIt:
    """CommonMark with tables and strikethrough; `html` off so `<script>` in a policy is shown, not run."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    return md


def render_policy_html(text: str, document: Document, md: MarkdownIt | None = None) -> str:
    """The policy body as an HTML fragment whose headings carry the document's section ids.

    Headings move down one level (h1 → h2) so the page's own title stays the only h1."""
    md = md or policy_markdown()
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    _anchor_headings(tokens, document)
    html: str = md.renderer.render(tokens, md.options, env)
    return html


def _anchor_headings(tokens: list[Token], document: Document) -> None:
    by_line = {s.lines.start: s.id for s in document.sections if s.level > 0}
    in_order = [s.id for s in document.sections if s.level > 0]
    used: set[str] = set()
    position = 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        if token.type != "heading_open":
            continue
        line = token.map[0] + 1 if token.map else -1
        anchor = by_line.get(line)
        if anchor is None and position < len(in_order):
            anchor = in_order[position]
        position += 1
        if anchor and anchor not in used:
            used.add(anchor)
            token.attrSet("id", anchor)

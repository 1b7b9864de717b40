"""Render a Notice through its Jinja2 templates: markdown, html, text, email (a full message) or json.

Templates live in `templates/notice/` and `templates/email/`; a repository overrides any of them by placing a
file of the same name under `config.templates_dir`. HTML is autoescaped and every link goes through `url`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from policyvc.config import Config
from policyvc.errors import UsageError
from policyvc.notify.notice import Notice
from policyvc.render import NOTICE_FORMATS
from policyvc.render.templating import template_env

_TEMPLATES = {
    "markdown": "notice/notice.md.j2",
    "html": "notice/notice.html.j2",
    "text": "notice/notice.txt.j2",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|^[#+-])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_SAFE_SCHEMES = {"", "http", "https", "mailto"}


@dataclass(frozen=True, slots=True)
class EmailParts:
    """The three rendered parts of a notice email."""

    subject: str
    text: str
    html: str


def render_notice(notice: Notice, fmt: str, config: Config | None = None) -> str:
    """The notice in one of NOTICE_FORMATS; `email` is a complete RFC 5322 message without recipients."""
    if fmt == "json":
        return json.dumps(notice_to_json(notice), indent=2, ensure_ascii=False) + "\n"
    if fmt == "email":
        from policyvc.notify.email import compose_message  # email builds on this module

        parts = render_email_parts(notice, config)
        sender = config.notify.sender if config is not None else ""
        return compose_message(notice, parts, sender=sender, recipient=None, config=config).as_string()
    if fmt not in _TEMPLATES:
        raise UsageError(f"unknown notice format '{fmt}'; choose one of {', '.join(NOTICE_FORMATS)}")
    return _render(config, _TEMPLATES[fmt], notice=notice)


def render_email_parts(
    notice: Notice, config: Config | None = None, *, recipient: str = "", unsubscribe_url: str = ""
) -> EmailParts:
    """Subject (one line, no CR/LF), plain-text body and HTML body of the notice email."""
    context: dict[str, Any] = {"notice": notice, "recipient": recipient, "unsubscribe_url": unsubscribe_url}
    subject = " ".join(_render(config, "email/subject.txt.j2", **context).split())
    return EmailParts(
        subject=subject,
        text=_render(config, "email/body.txt.j2", **context),
        html=_render(config, "email/body.html.j2", **context),
    )


def notice_to_json(notice: Notice) -> dict[str, Any]:
    """The notice as JSON-ready data (the `--format json` shape)."""
    data = dataclasses.asdict(notice)
    data["classification"] = notice.classification.value
    for key in ("material", "substantive"):
        for item in data[key]:
            item["classification"] = str(item["classification"])
    return {
        "format": "policyvc-notice/1",
        "headline": notice.headline,
        **data,
        "timing": notice.timing.value,
        "days_of_notice": notice.days_of_notice,
        "effective_statement": notice.effective_statement,
    }


def markdown_text(value: object) -> str:
    """Policy text made inert inside Markdown: no markup, links or HTML can come from it."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def html_dates(value: object, strong: str | None = None) -> Markup:
    """Text made HTML with each YYYY-MM-DD date in a <time> element, and the date `strong` in bold."""

    def tag(match: re.Match[str]) -> str:
        day = match.group(0)
        element = f'<time datetime="{day}">{day}</time>'
        return f"<strong>{element}</strong>" if day == strong else element

    return Markup(_ISO_DATE.sub(tag, str(escape(value))))


def safe_url(value: object) -> str:
    """A link target that cannot run script: http(s), mailto or relative; anything else becomes '#'."""
    # Browsers drop tabs and newlines anywhere in a URL and C0 controls or spaces around it: so do we.
    url = re.sub(r"[\t\n\r]", "", str(value)).strip("".join(map(chr, range(33))))
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme not in _SAFE_SCHEMES:
        return "#"
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def _render(config: Config | None, name: str, **context: Any) -> str:
    root, folder = (str(config.root), config.templates_dir) if config is not None else ("", "")
    env = _environment(root, folder)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        raise UsageError(f"template {where}: {exc}; fix or remove the override") from None


@functools.lru_cache(maxsize=8)
def _environment(root: str, templates_dir: str) -> jinja2.Environment:
    """One environment per repository: compiled templates are reused for every recipient of a batch."""
    env = template_env(Config(root=Path(root), templates_dir=templates_dir) if root else None)
    env.filters["md"] = markdown_text
    env.filters["url"] = safe_url
    env.filters["dates"] = html_dates
    return env

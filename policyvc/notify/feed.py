"""Atom 1.0 feeds (RFC 4287) of policy versions: one entry per version, the change notice as HTML content.

Built with xml.etree so the output is always well-formed and every policy string is escaped. Entry and feed
ids are `urn:uuid:` values derived from the site id (see `feed_site_id` in site.py: configured, recorded by
the last publish, else the title), the policy and the version — never from a URL or a title that may change
(RFC 4287 §4.2.6: an id is permanent). Version numbers are permanent too: each is a tag, never reused.
"""

from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One version of one policy, ready for a feed."""

    policy: str
    version: str
    title: str
    updated: str  # RFC 3339
    link: str  # relative to the site root, e.g. "privacy/changes/2.0.0.html"
    content_html: str  # the notice, as an HTML fragment (escaped into the feed)
    summary: str = ""
    published: str | None = None  # RFC 3339, the effective date when known


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed's identity and entries; `path` is where the feed file sits, relative to the site root."""

    key: str  # what the id is derived from: the policy name, or "*" for the feed of all policies
    title: str
    path: str  # e.g. "privacy/feed.atom" or "feed.atom"
    alternate: str  # the HTML page for this feed, relative to the site root
    author: str
    entries: tuple[FeedEntry, ...]
    subtitle: str = ""


def stable_id(site: str, *parts: str) -> str:
    """A `urn:uuid:` that depends only on the site id and the given parts."""
    name = "\x1f".join(("policyvc", site, *parts))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def rfc3339(value: str | None) -> str:
    """An ISO 8601 date or datetime as an RFC 3339 UTC timestamp; dates are taken at midnight UTC."""
    if not value:
        return EPOCH
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_feed(feed: Feed, *, site: str, base_url: str = "") -> str:
    """The Atom document for `feed`, ids derived from the site id `site`; links are absolute under
    `base_url`, else relative to the feed file."""
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(root, "id", stable_id(site, "feed", feed.key))
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", max((e.updated for e in feed.entries), default=EPOCH))
    _link(root, "self", _href(feed.path, feed.path, base_url), "application/atom+xml")
    _link(root, "alternate", _href(feed.alternate, feed.path, base_url), "text/html")
    author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
    _text(author, "name", feed.author)
    _text(root, "generator", "policyvc")
    for entry in feed_entries_newest_first(feed.entries):
        _entry(root, entry, feed, site=site, base_url=base_url)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _entry(parent: ET.Element, entry: FeedEntry, feed: Feed, *, site: str, base_url: str) -> None:
    node = ET.SubElement(parent, f"{{{ATOM_NS}}}entry")
    _text(node, "id", stable_id(site, "entry", entry.policy, entry.version))
    _text(node, "title", entry.title)
    _text(node, "updated", entry.updated)
    if entry.published:
        _text(node, "published", entry.published)
    _link(node, "alternate", _href(entry.link, feed.path, base_url), "text/html")
    if entry.summary:
        _text(node, "summary", entry.summary)
    content = _text(node, "content", entry.content_html)
    content.set("type", "html")
    depth = feed.path.count("/")
    if depth and not base_url:  # links in the notice are relative to the site root, not to this feed
        content.set(XML_BASE, "../" * depth)


def _href(target: str, feed_path: str, base_url: str) -> str:
    """`target` (site-root relative) as seen from the feed file, or absolute under the base URL."""
    if base_url:
        return base_url.rstrip("/") + "/" + target
    return posixpath.relpath(target, posixpath.dirname(feed_path) or ".")


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    node.text = _xml_safe(value)
    return node


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM_NS}}}link", {"rel": rel, "href": href, "type": media_type})


def _xml_safe(value: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters a policy file might contain)."""
    return "".join(ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 0x20 and not _unsafe(ch)))


def _unsafe(ch: str) -> bool:
    return ch in "\ufffe\uffff" or "\ud800" <= ch <= "\udfff"


def feed_entries_newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """Entries in the order a feed lists them: newest first, ties broken by policy and version."""
    return sorted(entries, key=lambda e: (e.updated, e.policy, e.version), reverse=True)

"""Atom feeds: well-formed, every required element, stable ids, RFC 3339 dates, escaped notice content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from policyvc.config import Config, SiteConfig
from policyvc.model import Assessment, Classification, Version
from policyvc.notify.feed import Feed, FeedEntry, render_feed, rfc3339, stable_id
from policyvc.notify.site import PolicyInput, SiteInput, VersionInput, publish_site

A = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
REPO = Path(__file__).resolve().parents[2]
TERMS = "# Terms\n\nBe kind.\n"
CONFIG = Config(site=SiteConfig(title="Vocalcom policies", organisation="Vocalcom Group"))


def entry(version: str, updated: str, html: str = "<p>changed</p>", policy: str = "privacy") -> FeedEntry:
    return FeedEntry(policy, version, f"Privacy {version}", updated, f"{policy}/changes/{version}.html", html)


def feed_of(*entries: FeedEntry, path: str = "privacy/feed.atom", title: str = "Privacy") -> Feed:
    return Feed("privacy", title, path, "privacy/index.html", "Vocalcom Group", entries)


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{A}feed"
    return root


def check_atom(root: ET.Element) -> None:
    """RFC 4287's must-haves for a feed and each entry (author at feed level covers the entries)."""
    for tag in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{A}{tag}")) == 1, tag
    assert root.find(f"{A}author/{A}name") is not None
    rels = [link.get("rel") for link in root.findall(f"{A}link")]
    assert rels.count("self") == 1 and rels.count("alternate") == 1
    assert RFC3339.match(root.findtext(f"{A}updated", ""))
    ids = []
    for node in root.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            assert len(node.findall(f"{A}{tag}")) == 1, tag
        assert RFC3339.match(node.findtext(f"{A}updated", ""))
        assert [link.get("rel") for link in node.findall(f"{A}link")] == ["alternate"]
        content = node.find(f"{A}content")
        assert content is not None and content.get("type") == "html"
        ids.append(node.findtext(f"{A}id", ""))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    assert all(i.startswith(("urn:uuid:", "tag:")) for i in ids)


def test_a_feed_has_every_required_element_and_lists_newest_first() -> None:
    feed = feed_of(entry("1.0.0", "2013-05-23T00:00:00Z"), entry("2.0.0", "2014-02-01T07:30:00Z"))
    root = parse(render_feed(feed, site="Vocalcom policies"))
    check_atom(root)
    titles = [n.findtext(f"{A}title") for n in root.findall(f"{A}entry")]
    assert titles == ["Privacy 2.0.0", "Privacy 1.0.0"]
    assert root.findtext(f"{A}updated") == "2014-02-01T07:30:00Z"  # the newest entry, not the clock


def test_ids_are_stable_and_independent_of_the_base_url() -> None:
    entries = (entry("1.0.0", "2013-05-23T00:00:00Z"),)
    plain = parse(render_feed(feed_of(*entries), site="Vocalcom policies"))
    hosted = parse(render_feed(feed_of(*entries), site="Vocalcom policies", base_url="https://example.com/legal"))
    assert plain.findtext(f"{A}id") == hosted.findtext(f"{A}id")
    assert plain.findtext(f"{A}entry/{A}id") == hosted.findtext(f"{A}entry/{A}id")
    assert plain.findtext(f"{A}entry/{A}id") == stable_id("Vocalcom policies", "entry", "privacy", "1.0.0")
    other_site = parse(render_feed(feed_of(*entries), site="Another site"))
    assert other_site.findtext(f"{A}entry/{A}id") != plain.findtext(f"{A}entry/{A}id")


def test_links_are_relative_to_the_feed_without_a_base_url_and_absolute_with_one() -> None:
    feed = feed_of(entry("2.0.0", "2014-02-01T07:30:00Z"))
    plain = parse(render_feed(feed, site="s"))
    served_at = "http://host/any/path/privacy/feed.atom"
    hrefs = {link.get("rel"): urljoin(served_at, link.get("href", "")) for link in plain.findall(f"{A}link")}
    assert hrefs == {"self": served_at, "alternate": "http://host/any/path/privacy/index.html"}
    link = plain.find(f"{A}entry/{A}link")
    assert link is not None
    assert urljoin(served_at, link.get("href", "")) == "http://host/any/path/privacy/changes/2.0.0.html"
    content = plain.find(f"{A}entry/{A}content")
    assert content is not None and content.get(XML_BASE) == "../"  # notice links are site-root relative
    hosted = parse(render_feed(feed, site="s", base_url="https://example.com/legal/"))
    self_link = next(n for n in hosted.findall(f"{A}link") if n.get("rel") == "self")
    assert self_link.get("href") == "https://example.com/legal/privacy/feed.atom"
    hosted_content = hosted.find(f"{A}entry/{A}content")
    assert hosted_content is not None and hosted_content.get(XML_BASE) is None


def test_policy_text_and_markup_are_escaped_into_the_feed() -> None:
    html = '<p>Now shared with <b>partners</b> &amp; "brokers"</p><script>alert(1)</script>'
    feed = feed_of(entry("2.0.0", "2014-02-01T07:30:00Z", html), title="Terms & <Conditions>\x07")
    text = render_feed(feed, site="s")
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = parse(text)
    assert root.findtext(f"{A}title") == "Terms & <Conditions>"  # the bell character cannot live in XML
    assert root.findtext(f"{A}entry/{A}content") == html  # a reader gets the HTML back, as data


def test_an_empty_feed_is_still_valid() -> None:
    root = parse(render_feed(feed_of(), site="s"))
    check_atom(root)
    assert root.findall(f"{A}entry") == []


def test_rfc3339_dates() -> None:
    assert rfc3339("2014-02-01T09:30:00+02:00") == "2014-02-01T07:30:00Z"
    assert rfc3339("2014-02-01") == "2014-02-01T00:00:00Z"
    assert rfc3339("2014-02-01T09:30:00") == "2014-02-01T09:30:00Z"
    assert rfc3339("not a date") == "1970-01-01T00:00:00Z"
    assert rfc3339(None) == "1970-01-01T00:00:00Z"


def _version(policy: str, number: str, day: str) -> Version:
    return Version(policy, f"policies/{policy}.md", number, f"{policy}{number}".ljust(40, "0"), "b" * 40,
                   f"{day}T12:00:00+00:00", day, Classification.MATERIAL)  # fmt: skip


def test_site_feeds_have_one_entry_per_version_with_the_notice_as_content(tmp_path: Path) -> None:
    from policyvc.diff.changeset import diff_documents
    from policyvc.parse.markdown import parse_document

    old = (REPO / "policies/privacy.md").read_text(encoding="utf-8")
    new = (REPO / "examples/privacy-revised.md").read_text(encoding="utf-8")
    changeset = diff_documents(parse_document(old), parse_document(new))
    material = Assessment(changeset, changeset.changes, Classification.MATERIAL, Classification.MATERIAL.bump)
    site = SiteInput((
        PolicyInput("privacy", (VersionInput(_version("privacy", "1.0.0", "2013-05-23"), old),
                                VersionInput(_version("privacy", "2.0.0", "2014-02-01"), new, material))),
        PolicyInput("terms", (VersionInput(_version("terms", "1.0.0", "2020-01-01"), TERMS),)),
    ))  # fmt: skip
    out = tmp_path / "site"
    publish_site(site, out, CONFIG)
    everything = parse((out / "feed.atom").read_text(encoding="utf-8"))
    check_atom(everything)
    titles = [n.findtext(f"{A}title") for n in everything.findall(f"{A}entry")]
    assert titles == [
        "Terms 1.0.0: first version",
        "Privacy Statement 2.0.0: material change",
        "Privacy Statement 1.0.0: first version",
    ]
    privacy = parse((out / "privacy/feed.atom").read_text(encoding="utf-8"))
    check_atom(privacy)
    assert len(privacy.findall(f"{A}entry")) == 2
    newest = privacy.findtext(f"{A}entry/{A}content", "")
    assert "Important changes to our Privacy Statement (version 2.0.0)" in newest
    assert 'href="privacy/changes/2.0.0.html"' in newest  # resolved against xml:base="../"
    same_entry_ids = {n.findtext(f"{A}id") for n in privacy.findall(f"{A}entry")}
    assert same_entry_ids <= {n.findtext(f"{A}id") for n in everything.findall(f"{A}entry")}


def test_feed_matches_its_golden_file(golden: Callable[[str, str], None]) -> None:
    """The exact bytes readers get; regenerate on purpose with POLICYVC_UPDATE_GOLDEN=1."""
    notice = "<h1>Important changes</h1>\n<p>We now share <em>contact details</em>.</p>"
    feed = Feed(
        "privacy", "Privacy Statement · Vocalcom policies", "privacy/feed.atom", "privacy/index.html",
        "Vocalcom Group",
        (entry("1.0.0", "2013-05-23T12:00:00Z"), entry("2.0.0", "2027-01-15T09:00:00Z", notice)),
        subtitle="Every version of the Vocalcom privacy statement",
    )  # fmt: skip
    golden("site/privacy.atom", render_feed(feed, site="Vocalcom policies"))

"""The static site: every page present, links that resolve, inert policy markup, nothing rewritten twice."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from policyvc.config import Config, SiteConfig
from policyvc.diff.changeset import diff_documents
from policyvc.errors import InputError, UsageError
from policyvc.model import Assessment, Classification, Version
from policyvc.notify.site import PolicyInput, SiteInput, VersionInput, publish_site, with_base_url
from policyvc.notify.sitefiles import MANIFEST
from policyvc.parse.markdown import parse_document
from policyvc.parse.normalise import normalise_text

REPO = Path(__file__).resolve().parents[2]
OLD = (REPO / "policies/privacy.md").read_text(encoding="utf-8")
NEW = (REPO / "examples/privacy-revised.md").read_text(encoding="utf-8")
HOSTILE = """# Terms <script>alert('title')</script>

<script>alert(1)</script>

Read [our rules](javascript:alert(2)) and [this](JaVaScRiPt:alert(3)) and <javascript:alert(4)>.

<img src=x onerror=alert(5)>

Also [encoded](java&#115;cript:alert(6)), [spaced]( javascript:alert(7) ), [page](data:text/html,<b>x</b>),
<a href="javascript:alert(8)">raw anchor</a> and [a reference][evil].

[evil]: javascript:alert(9)

## Contact & <b>help</b>

Write to [us](mailto:legal@example.com) or see [the FAQ](https://example.com/faq).
"""


def record(policy: str, version: str, day: str, cls: Classification = Classification.SUBSTANTIVE) -> Version:
    commit = hashlib.sha1(f"{policy}{version}".encode()).hexdigest()
    return Version(
        policy=policy, path=f"policies/{policy}.md", version=version, commit=commit, blob="b" * 40,
        commit_date=f"{day}T09:30:00+02:00", effective_date=day, classification=cls,
        summary=f"{policy} {version}",
    )  # fmt: skip


def assessed(old: str, new: str, cls: Classification) -> Assessment:
    """The real diff of two texts; the class is set by hand so these tests need no classifier."""
    changeset = diff_documents(parse_document(old), parse_document(new))
    return Assessment(changeset, changeset.changes, cls, cls.bump)


def vocalcom_site(*, with_terms: bool = True, third: str | None = None) -> SiteInput:
    material = assessed(OLD, NEW, Classification.MATERIAL)
    privacy = [
        VersionInput(record("privacy", "1.0.0", "2013-05-23"), OLD),
        VersionInput(record("privacy", "2.0.0", "2014-02-01"), NEW, material),
    ]
    if third is not None:
        change = assessed(NEW, third, Classification.SUBSTANTIVE)
        privacy.append(VersionInput(record("privacy", "2.1.0", "2015-03-01"), third, change))
    policies = [PolicyInput("privacy", tuple(privacy))]
    if with_terms:
        terms = VersionInput(record("terms", "1.0.0", "2020-01-01"), HOSTILE)
        policies.append(PolicyInput("terms", (terms,)))
    return SiteInput(tuple(policies))


def one_version_site(name: str) -> SiteInput:
    return SiteInput((PolicyInput(name, (VersionInput(record(name, "1.0.0", "2020-01-01"), OLD),)),))


CONFIG = Config(site=SiteConfig(title="Vocalcom policies", organisation="Vocalcom Group"))


def site_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def html_pages(out: Path) -> dict[str, BeautifulSoup]:
    return {p: BeautifulSoup((out / p).read_text(encoding="utf-8"), "html.parser") for p in site_files(out)
            if p.endswith(".html")}  # fmt: skip


def test_every_page_of_the_layout_is_written(tmp_path: Path) -> None:
    result = publish_site(vocalcom_site(), tmp_path / "site", CONFIG)
    assert site_files(tmp_path / "site") == {
        MANIFEST, "index.html", "feed.atom", "site.css",
        "privacy/index.html", "privacy/changelog.html", "privacy/feed.atom",
        "privacy/versions/1.0.0.html", "privacy/versions/2.0.0.html", "privacy/changes/2.0.0.html",
        "terms/index.html", "terms/changelog.html", "terms/feed.atom", "terms/versions/1.0.0.html",
    }  # fmt: skip
    assert sorted(result.written) == sorted(site_files(tmp_path / "site") - {MANIFEST})
    assert result.unchanged == () and result.deleted == ()


def test_every_internal_link_and_anchor_resolves(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    pages = html_pages(out)
    checked = 0
    for page, soup in pages.items():
        for tag in soup.find_all(["a", "link"], href=True):
            href = str(tag["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # external (mailto:, https:, data:)
            assert not href.startswith("/"), f"{page}: absolute path {href} breaks serving from a sub-path"
            target = (out / page).parent / parts.path if parts.path else out / page
            target = target.resolve()
            assert target.is_file(), f"{page}: link {href} points nowhere"
            if parts.fragment:
                linked = pages[target.relative_to(out.resolve()).as_posix()]
                ids = {str(t["id"]) for t in linked.find_all(id=True)}
                assert parts.fragment in ids, f"{page}: anchor #{parts.fragment} missing in {target.name}"
            checked += 1
    assert checked > 50


def test_policy_headings_carry_the_parsed_section_ids(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(with_terms=False), out, CONFIG)
    soup = BeautifulSoup((out / "privacy/index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None
    heading_ids = [str(h["id"]) for h in article.find_all(["h2", "h3", "h4", "h5", "h6"], id=True)]
    expected = [s.id for s in parse_document(NEW).sections if s.level > 0]
    assert heading_ids == expected
    assert "privacy-statement--your-choices" in heading_ids
    assert len(soup.find_all("h1")) == 1  # the policy's own h1 moves down a level


def test_policy_markup_and_javascript_links_are_inert(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    for page, soup in html_pages(out).items():
        assert soup.find("script") is None, page
        assert soup.find("img", onerror=True) is None, page
        for tag in soup.find_all(href=True):
            assert not str(tag["href"]).strip().lower().startswith(("javascript:", "data:text")), page
    terms = (out / "terms/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in terms  # shown as text, not run
    soup = BeautifulSoup(terms, "html.parser")
    assert soup.find("a", href="mailto:legal@example.com") is not None  # safe links still work
    assert soup.find("a", href="https://example.com/faq") is not None
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in index


def test_rebuilding_an_unchanged_site_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    past = 946_684_800_000_000_000  # 2000-01-01 in ns: a rewrite now would show a new mtime
    before: dict[str, tuple[int, int]] = {}
    for path in site_files(out):
        os.utime(out / path, ns=(past, past))
        stat = (out / path).stat()
        before[path] = (stat.st_ino, stat.st_mtime_ns)
    result = publish_site(vocalcom_site(), out, CONFIG)
    assert result.written == () and result.deleted == ()
    assert len(result.unchanged) == len(before) - 1  # every page but the manifest
    after = {path: ((out / path).stat().st_ino, (out / path).stat().st_mtime_ns) for path in site_files(out)}
    assert after == before


def test_a_new_version_rewrites_only_the_pages_it_touches(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    third = NEW.replace("Vocalcom Group collects, and", "Vocalcom Group collects, and explains")
    result = publish_site(vocalcom_site(third=third), out, CONFIG)
    assert set(result.written) == {
        "index.html", "feed.atom", "privacy/index.html", "privacy/changelog.html", "privacy/feed.atom",
        "privacy/versions/2.1.0.html", "privacy/changes/2.1.0.html",
    }  # fmt: skip
    assert "privacy/versions/1.0.0.html" in result.unchanged and "terms/index.html" in result.unchanged


def test_removed_pages_are_deleted_but_files_outside_the_manifest_stay(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    (out / "CNAME").write_text("policies.example.com\n")
    (out / "terms" / "notes.txt").write_text("kept\n")
    result = publish_site(vocalcom_site(with_terms=False), out, CONFIG)
    assert set(result.deleted) == {"terms/index.html", "terms/changelog.html", "terms/feed.atom",
                                   "terms/versions/1.0.0.html"}  # fmt: skip
    assert (out / "CNAME").is_file() and (out / "terms" / "notes.txt").is_file()
    assert not (out / "terms" / "versions").exists()  # emptied folders go too


def test_a_tampered_manifest_cannot_delete_outside_the_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    (out / MANIFEST).write_text('{"files": ["../precious.txt", "/etc/hostname", "index.html"]}\n')
    publish_site(vocalcom_site(), out, CONFIG)
    assert victim.read_text() == "keep me\n"


def test_a_folder_with_other_files_and_no_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "README.md").write_text("not a site\n")
    with pytest.raises(InputError, match="not empty"):
        publish_site(vocalcom_site(), out, CONFIG)
    assert site_files(out) == {"README.md"}
    with pytest.raises(InputError, match="not a folder"):
        publish_site(vocalcom_site(), out / "README.md", CONFIG)


def test_dry_run_plans_every_file_and_writes_none(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = publish_site(vocalcom_site(), out, CONFIG, dry_run=True)
    assert result.dry_run and "privacy/changes/2.0.0.html" in result.written
    assert not out.exists()


def test_redline_page_marks_insertions_deletions_and_moves_in_words_not_only_colour(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(with_terms=False), out, CONFIG)
    soup = BeautifulSoup((out / "privacy/changes/2.0.0.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    assert main is not None
    inserted = main.select(".pvc-redline ins")
    deleted = main.select(".pvc-redline del")
    assert inserted and deleted
    assert all(i.get_text().startswith("[inserted: ") and i.get_text().endswith("]") for i in inserted)
    assert all(d.get_text().startswith("[deleted: ") for d in deleted)
    assert any("Your choices" in i.get_text() for i in inserted)
    moved = main.select(".pvc-redline.pvc-moved")
    assert moved and all(label.get_text().startswith("Moved") for label in main.select(".pvc-moved-label"))
    assert main.select(".badge-material") and "material" in main.select(".badge-material")[0].get_text()
    css = (out / "site.css").read_text(encoding="utf-8")
    assert ".pvc-redline ins" in css and ".skip-link" in css  # one stylesheet styles the page and the redline


def test_version_page_states_the_content_id_of_the_normalised_text(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(with_terms=False), out, CONFIG)
    page = (out / "privacy/versions/1.0.0.html").read_text(encoding="utf-8")
    expected = "sha256:" + hashlib.sha256(normalise_text(OLD).encode("utf-8")).hexdigest()
    assert expected in page
    assert "2013-05-23" in page and "Previous version" not in page
    later = (out / "privacy/versions/2.0.0.html").read_text(encoding="utf-8")
    assert 'href="1.0.0.html"' in later and 'href="../changes/2.0.0.html"' in later


def test_site_chrome_is_accessible(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    for page, soup in html_pages(out).items():
        html = soup.find("html")
        assert html is not None and html.get("lang") == "en", page
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark) is not None, f"{page}: no <{landmark}>"
        skip = soup.find("a", class_="skip-link")
        assert skip is not None and skip["href"] == "#main" and soup.find(id="main") is not None, page
        assert len(soup.find_all("link", rel="stylesheet")) == 1, page


def test_policy_names_that_cannot_be_folders_are_refused(tmp_path: Path) -> None:
    bad = one_version_site("../escape")
    with pytest.raises(InputError, match="cannot be a site folder"):
        publish_site(bad, tmp_path / "site", CONFIG)
    twice = SiteInput((PolicyInput("privacy", ()), PolicyInput("Privacy", ())))
    with pytest.raises(InputError, match="twice"):
        publish_site(twice, tmp_path / "site", CONFIG)
    assert not (tmp_path / "site").exists()


def test_nested_policy_names_get_working_relative_links(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(one_version_site("legal/terms"), out, CONFIG)
    soup = BeautifulSoup((out / "legal/terms/versions/1.0.0.html").read_text(encoding="utf-8"), "html.parser")
    stylesheet = soup.find("link", rel="stylesheet")
    assert stylesheet is not None and stylesheet["href"] == "../../../site.css"


def test_progress_is_reported_once_per_version(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    publish_site(vocalcom_site(), tmp_path / "site", CONFIG, lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    third = NEW + "\n## New section\n\nMore words.\n"
    publish_site(vocalcom_site(third=third), out, CONFIG)
    assert not [p for p in site_files(out) if p.endswith(".tmp")]


def test_base_url_must_be_absolute_http() -> None:
    assert with_base_url(CONFIG, "https://example.com/legal/").site.base_url == "https://example.com/legal"
    assert with_base_url(CONFIG, None) is CONFIG
    with pytest.raises(UsageError, match="--base-url"):
        with_base_url(CONFIG, "javascript:alert(1)")


def test_a_repository_can_override_a_site_template(tmp_path: Path) -> None:
    override = tmp_path / "repo" / ".policyvc" / "templates" / "site"
    override.mkdir(parents=True)
    (override / "site.css").write_text("/* house style */\nbody { font-family: serif; }\n")
    config = Config(root=tmp_path / "repo", site=SiteConfig(title="Vocalcom policies"))
    publish_site(vocalcom_site(with_terms=False), tmp_path / "site", config)
    css = (tmp_path / "site" / "site.css").read_text(encoding="utf-8")
    assert css.startswith("/* house style */") and ".skip-link" not in css


def test_no_page_repeats_an_id(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    for page, soup in html_pages(out).items():
        ids = [str(tag["id"]) for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{page}: repeated ids"


def test_a_policy_without_versions_still_gets_its_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(SiteInput((PolicyInput("cookies", ()),)), out, CONFIG)
    assert "no version recorded yet" in (out / "index.html").read_text(encoding="utf-8")
    assert "No version of this policy" in (out / "cookies/index.html").read_text(encoding="utf-8")
    assert "<entry>" not in (out / "cookies/feed.atom").read_text(encoding="utf-8")


def test_an_assessment_given_as_a_callable_is_computed_once_when_needed(tmp_path: Path) -> None:
    calls: list[str] = []

    def later() -> Assessment:
        calls.append("assessed")
        return assessed(OLD, NEW, Classification.MATERIAL)

    site = SiteInput((PolicyInput("privacy", (
        VersionInput(record("privacy", "1.0.0", "2013-05-23"), OLD),
        VersionInput(record("privacy", "2.0.0", "2014-02-01"), NEW, later),
    )),))  # fmt: skip
    publish_site(site, tmp_path / "site", CONFIG)
    assert calls == ["assessed"]
    assert "2.0.0: material change" in (tmp_path / "site" / "privacy/feed.atom").read_text(encoding="utf-8")


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_ids(out: Path) -> dict[str, list[str]]:
    """Every <id> of every feed in the site (the feed's own first), by feed file."""
    import xml.etree.ElementTree as ET

    ids: dict[str, list[str]] = {}
    for path in sorted(p for p in site_files(out) if p.endswith(".atom")):
        root = ET.fromstring((out / path).read_bytes())
        entries = [e.findtext(f"{ATOM}id", "") for e in root.iter(f"{ATOM}entry")]
        ids[path] = [root.findtext(f"{ATOM}id", ""), *entries]
    return ids


def titled(title: str, site_id: str = "") -> Config:
    return Config(site=SiteConfig(title=title, organisation="Vocalcom Group", id=site_id))


def test_renaming_the_site_keeps_every_feed_id(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish_site(vocalcom_site(), out, titled("Vocalcom policies")).warnings == ()
    before = feed_ids(out)
    renamed = publish_site(vocalcom_site(), out, titled("Vocalcom legal notices"))
    assert "feed.atom" in renamed.written  # the feeds were rebuilt: their titles changed …
    assert "Vocalcom legal notices" in (out / "feed.atom").read_text(encoding="utf-8")
    assert feed_ids(out) == before  # … and not one id did
    assert [len(ids) for ids in before.values()] == [4, 3, 2]  # each feed and its entries: none missing
    (warning,) = renamed.warnings
    assert "set [site] id = 'Vocalcom policies'" in warning


def test_without_a_site_id_the_ids_are_those_published_before_site_ids_existed(tmp_path: Path) -> None:
    from policyvc.notify.feed import stable_id

    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, CONFIG)
    ids = feed_ids(out)["privacy/feed.atom"]
    title = CONFIG.site.title
    assert ids == [
        stable_id(title, "feed", "privacy"),
        stable_id(title, "entry", "privacy", "2.0.0"),
        stable_id(title, "entry", "privacy", "1.0.0"),
    ]


def test_a_configured_site_id_gives_the_same_ids_under_any_title_in_any_folder(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    publish_site(vocalcom_site(), first, titled("Vocalcom policies", site_id="vocalcom-policies"))
    publish_site(vocalcom_site(), second, titled("Vocalcom legal notices", site_id="vocalcom-policies"))
    assert feed_ids(first) == feed_ids(second)
    publish_site(vocalcom_site(), tmp_path / "three", titled("Vocalcom policies"))
    assert feed_ids(tmp_path / "three") != feed_ids(first)  # the id, not the title, decides


def test_a_site_id_that_would_change_published_ids_is_warned_about(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(vocalcom_site(), out, titled("Vocalcom policies"))
    before = feed_ids(out)
    result = publish_site(vocalcom_site(), out, titled("Vocalcom policies", site_id="vocalcom"))
    (warning,) = result.warnings
    assert "readers will show every entry again" in warning and "'Vocalcom policies'" in warning
    assert feed_ids(out) != before
    again = publish_site(vocalcom_site(), out, titled("Vocalcom policies", site_id="vocalcom"))
    assert again.warnings == () and again.written == ()  # recorded now: said once, then quiet

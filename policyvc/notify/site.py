"""The static site: an index of policies, each policy's current text, a permanent page per version, a redline
per change, a changelog, and Atom feeds. Plain inputs in (no git), a folder of relative-linked files out.

Layout (every link relative, so the folder can be served from any path):
    index.html  feed.atom  site.css
    POLICY/index.html  POLICY/changelog.html  POLICY/feed.atom
    POLICY/versions/X.Y.Z.html  POLICY/changes/X.Y.Z.html
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from policyvc.classify.rules import RulePack, load_rule_pack
from policyvc.compare import compare_texts
from policyvc.config import Config
from policyvc.errors import InputError, UsageError
from policyvc.model import Assessment, Document, Version
from policyvc.notify import feed as atom
from policyvc.notify.sitefiles import MANIFEST, PublishResult, SiteWriter
from policyvc.notify.sitetext import policy_markdown, render_policy_html
from policyvc.parse.markdown import parse_document
from policyvc.render import RenderOptions, view
from policyvc.render.html import diff_stylesheet, render_diff_fragment
from policyvc.render.templating import template_env
from policyvc.store.repo import PolicyRepo, content_id  # the id `policyvc id` prints

ProgressCallback = Callable[[int, int], None]  # (versions done, versions in all)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class VersionInput:
    """One version of a policy: its record, its text, and its assessment against the version before."""

    version: Version
    text: str
    # None: computed from the previous text (none for the first); a callable is called once, when needed
    assessment: Assessment | Callable[[], Assessment] | None = None


@dataclass(frozen=True, slots=True)
class PolicyInput:
    name: str  # the policy's name, also its folder in the site
    versions: tuple[VersionInput, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class SiteInput:
    policies: tuple[PolicyInput, ...]


@dataclass(frozen=True, slots=True)
class VersionView:
    """What a page says about one version; paths are relative to the site root."""

    policy: str
    version: str
    effective_date: str
    recorded: str
    classification: str
    summary: str
    content_id: str
    commit: str
    page: str
    changes_page: str | None
    previous: str | None
    change_summary: str


@dataclass(frozen=True, slots=True)
class PolicyView:
    name: str
    title: str
    versions: tuple[VersionView, ...]  # oldest first

    @property
    def current(self) -> VersionView | None:
        return self.versions[-1] if self.versions else None

    @property
    def newest_first(self) -> tuple[VersionView, ...]:
        return tuple(reversed(self.versions))


@dataclass(frozen=True, slots=True)
class SiteView:
    title: str
    organisation: str
    base_url: str


def publish_site(
    inputs: SiteInput,
    out: Path,
    config: Config,
    progress: ProgressCallback | None = None,
    *,
    dry_run: bool = False,
) -> PublishResult:
    """Write (or with dry_run, plan) the site under `out`; files whose bytes are unchanged stay untouched."""
    _check_names(inputs)
    writer = SiteWriter(out, dry_run=dry_run)
    site_id, warnings = feed_site_id(config, writer.recorded_site_id, out)
    builder = _SiteBuilder(config, writer, progress, inputs, site_id)
    builder.build(inputs)
    return builder.writer.finish(site_id=site_id, warnings=warnings)


def feed_site_id(config: Config, recorded: str | None, out: Path) -> tuple[str, tuple[str, ...]]:
    """What the feed ids derive from, and warnings: `[site] id`, else the id recorded by the last publish
    into `out`, else the title (as before site ids existed, so ids published then stay what they were)."""
    configured = config.site.id.strip()
    manifest = out / MANIFEST
    if configured:
        if recorded is not None and recorded != configured:
            return configured, (
                f"[site] id {configured!r} differs from {recorded!r}, which the feeds in {out} were built "
                f"from ({manifest}): every feed and entry id changes and readers will show every entry "
                f"again; to keep them, set [site] id = {recorded!r}",
            )
        return configured, ()
    if recorded is not None:
        if recorded != config.site.title:
            return recorded, (
                f"feed ids still derive from {recorded!r}, recorded in {manifest}, not from the new title "
                f"{config.site.title!r}; set [site] id = {recorded!r} so that a build into a new folder "
                "keeps them too",
            )
        return recorded, ()
    return config.site.title, ()


class _SiteBuilder:
    """Renders pages one version at a time and hands each file to the writer."""

    def __init__(
        self,
        config: Config,
        writer: SiteWriter,
        progress: ProgressCallback | None,
        inputs: SiteInput,
        site_id: str,
    ) -> None:
        self.config = config
        self.site_id = site_id
        self.writer = writer
        self.progress = progress
        self.total = sum(len(p.versions) for p in inputs.policies)
        self.done = 0
        self.site = SiteView(
            title=config.site.title, organisation=config.site.organisation, base_url=config.site.base_url
        )
        self.env = template_env(config)
        self.md: MarkdownIt = policy_markdown()
        self.render_options = RenderOptions(config=config)
        self.rules: RulePack | None = None

    def build(self, inputs: SiteInput) -> None:
        policies: list[PolicyView] = []
        entries: list[atom.FeedEntry] = []
        for policy in inputs.policies:
            built, policy_entries = self._policy(policy)
            policies.append(built)
            entries.extend(policy_entries)
        self._page("index.html", "site/index.html.j2", "", policies=policies)
        self._feed(atom.Feed("*", self.site.title, "feed.atom", "index.html", self._author(), tuple(entries)))
        redline_css = diff_stylesheet(self.config)
        css = _packaged_css(self.env) + "\n/* The redline (policyvc.render.html) */\n" + redline_css
        self.writer.put("site.css", css.encode("utf-8"))

    def _policy(self, policy: PolicyInput) -> tuple[PolicyView, list[atom.FeedEntry]]:
        name = policy.name
        up = "../" * (name.count("/") + 1)  # from POLICY/ to the site root
        views: list[VersionView] = []
        entries: list[atom.FeedEntry] = []
        title = name
        previous: VersionInput | None = None
        document: Document | None = None
        body = ""
        for item in policy.versions:
            assessment = self._assessment(previous, item)
            # the assessment already holds this text parsed: parsing is a third of the work on big sites
            document = assessment.changeset.new if assessment is not None else parse_document(item.text)
            title = document.title.strip() or name
            version_view = _version_view(item, previous, assessment)
            views.append(version_view)
            body = render_policy_html(item.text, document, self.md)
            self._page(
                version_view.page, "site/version.html.j2", up + "../",
                title=title, v=version_view, body=body, lang=_lang(document),
            )
            if assessment is not None and previous is not None and version_view.changes_page:
                self._page(
                    version_view.changes_page, "site/changes.html.j2", up + "../",
                    title=title, v=version_view,
                    redline=render_diff_fragment(assessment, self.render_options, heading_level=2),
                )
            entries.append(self._entry(item, previous, assessment, version_view, title))
            previous = item
            self._advance()
        built = PolicyView(name, title, tuple(views))
        self._page(  # the current text: the last version's document and body
            f"{name}/index.html", "site/policy.html.j2", up,
            policy=built, body=body, lang=_lang(document), sections=_toc(document),
        )
        self._page(f"{name}/changelog.html", "site/changelog.html.j2", up, policy=built)
        self._feed(atom.Feed(name, f"{title} · {self.site.title}", f"{name}/feed.atom",
                             f"{name}/index.html", self._author(), tuple(entries)))
        return built, entries

    def _entry(
        self,
        item: VersionInput,
        previous: VersionInput | None,
        assessment: Assessment | None,
        version_view: VersionView,
        title: str,
    ) -> atom.FeedEntry:
        what = f"{version_view.classification} change" if previous is not None else "first version"
        if assessment is not None:
            content = _notice_fragment(assessment, item, previous, self.config)
        else:
            template = self.env.get_template("site/entry.html.j2")
            content = template.render(site=self.site, v=version_view, title=title)
        return atom.FeedEntry(
            policy=item.version.policy or version_view.policy,
            version=version_view.version,
            title=f"{title} {version_view.version}: {what}",
            updated=atom.rfc3339(item.version.commit_date or item.version.effective_date),
            link=version_view.changes_page or version_view.page,
            content_html=content,
            summary=version_view.summary,
            published=atom.rfc3339(item.version.effective_date) if item.version.effective_date else None,
        )

    def _assessment(self, previous: VersionInput | None, item: VersionInput) -> Assessment | None:
        """The version against the one before: given, computed by the given callable, or classified here."""
        if previous is None:
            return None
        if isinstance(item.assessment, Assessment):
            return item.assessment
        if item.assessment is not None:
            return item.assessment()
        if self.rules is None:  # loaded once, and only when some assessment is missing
            self.rules = load_rule_pack(self.config)
        return compare_texts(
            previous.text,
            item.text,
            rules=self.rules,
            old_label=f"{previous.version.policy}@{previous.version.version}",
            new_label=f"{item.version.policy}@{item.version.version}",
        )

    def _page(self, path: str, template: str, root: str, **context: Any) -> None:
        page = self.env.get_template(template).render(site=self.site, root=root, **context)
        self.writer.put(path, page.encode("utf-8"))

    def _feed(self, feed: atom.Feed) -> None:
        text = atom.render_feed(feed, site=self.site_id, base_url=self.site.base_url)
        self.writer.put(feed.path, text.encode("utf-8"))

    def _author(self) -> str:
        return self.site.organisation or self.site.title

    def _advance(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _version_view(
    item: VersionInput, previous: VersionInput | None, assessment: Assessment | None
) -> VersionView:
    record = item.version
    policy = record.policy
    has_changes = previous is not None and assessment is not None
    return VersionView(
        policy=policy,
        version=record.version,
        effective_date=record.effective_date or "",
        recorded=record.commit_date[:10],
        classification=str(assessment.classification if assessment else record.classification),
        summary=record.summary,
        content_id=content_id(item.text),
        commit=record.commit,
        page=f"{policy}/versions/{record.version}.html",
        changes_page=f"{policy}/changes/{record.version}.html" if has_changes else None,
        previous=previous.version.version if previous is not None else None,
        change_summary=view.summary_line(assessment) if assessment is not None else "first published version",
    )


def _notice_fragment(
    assessment: Assessment, item: VersionInput, previous: VersionInput | None, config: Config
) -> str:
    """The change notice's HTML body (the notice helper's template), for a feed entry."""
    from policyvc.notify.notice import build_notice
    from policyvc.render.notice import render_notice

    previous_version = previous.version if previous else None
    notice = build_notice(assessment, item.version, config, previous_version, text=item.text)
    page = BeautifulSoup(render_notice(notice, "html", config), "html.parser")
    main = page.find("main") or page.find("body")
    parts = main.children if isinstance(main, Tag) else page.children
    return "".join(str(child) for child in parts).strip()


def _check_names(inputs: SiteInput) -> None:
    seen: set[str] = set()
    for policy in inputs.policies:
        parts = policy.name.split("/")
        if not all(_SAFE_NAME.match(p) for p in parts) or parts[0] in ("index.html", "feed.atom", "site.css"):
            raise InputError(f"policy name '{policy.name}' cannot be a site folder; use letters, digits, ._-")
        if policy.name.lower() in seen:
            raise InputError(f"policy '{policy.name}' appears twice (names are compared ignoring case)")
        seen.add(policy.name.lower())
        versions: set[str] = set()
        for item in policy.versions:
            number = item.version.version
            if not _SAFE_NAME.match(number) or number in versions:
                raise InputError(f"{policy.name}: version '{number}' is repeated or not a usable page name")
            if item.version.policy and item.version.policy != policy.name:
                raise InputError(f"{policy.name}: version {number} belongs to policy '{item.version.policy}'")
            versions.add(number)


def _toc(document: Document | None) -> list[tuple[str, str, int]]:
    if document is None:
        return []
    return [(s.id, s.heading, s.level) for s in document.sections if s.level > 0 and s.heading.strip()]


def _lang(document: Document | None) -> str:
    value = (document.meta("lang") or document.meta("language") or "") if document is not None else ""
    return value if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value) else ""


def _packaged_css(env: jinja2.Environment) -> str:
    loader = env.loader
    assert loader is not None
    source, _, _ = loader.get_source(env, "site/site.css")
    return source


def site_input_from_repo(repo: PolicyRepo, names: Sequence[str] = ()) -> SiteInput:
    """Every version of the named policies (default: all) with texts; assessments are computed on demand."""
    chosen = [repo.policy_name(n) for n in names] if names else repo.policies()
    policies: list[PolicyInput] = []
    for name in dict.fromkeys(chosen):
        history = repo.history(name)
        versions = tuple(
            VersionInput(
                version=record,
                text=repo.text(record),
                assessment=functools.partial(repo.assessment, name, record.version) if index else None,
            )
            for index, record in enumerate(history)
        )
        policies.append(PolicyInput(name, versions))
    return SiteInput(tuple(policies))


def publish_repository(
    start: Path,
    out: Path,
    *,
    base_url: str | None = None,
    policies: Sequence[str] = (),
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> PublishResult:
    """`policyvc publish`: the site for the repository around `start`, written to `out`."""
    repo = PolicyRepo.open(start)
    config = with_base_url(repo.config, base_url)
    return publish_site(site_input_from_repo(repo, policies), out, config, progress, dry_run=dry_run)


def with_base_url(config: Config, base_url: str | None) -> Config:
    """The config with the site's base URL replaced (the `--base-url` option), checked to be http(s)."""
    if base_url is None:
        return config
    if base_url and not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", base_url):
        raise UsageError(f"--base-url {base_url!r}: give an absolute http(s) URL such as https://example.com/policies")
    return dataclasses.replace(config, site=dataclasses.replace(config.site, base_url=base_url.rstrip("/")))

"""What the generator writes: the same files the plugin adds to an MkDocs build.

Goal pages go to `<docs>/<goals folder name>/…` and the dashboards, `goals.json` and the
stylesheet to `<docs>/<dashboards_dir>/`, so a page has the same URL under every engine.
Privacy holds by construction: only what the publish decision lets through is written,
and the goals folder itself must not lie inside the docs folder (an engine would
publish every file there as it is, private ones too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.document.checklist import Scope
from ..core.document.vocabulary import Visibility
from ..core.document.model import Options
from ..core.document.publish import Audience
from ..core.findings import Finding
from ..core.handbook.categories import categories_from_config
from ..core.handbook.model import Handbook
from ..core.handbook.collect import (
    Collected,
    HistoryCache,
    KnownDocuments,
    LocationError,
    Message,
    Settings,
    Source,
    attach_history,
    build_handbook,
    collect,
    locate,
)
from ..core.discovery import walk
from ..render import dashboards
from ..render.links import page_url
from ..render.site import Output, site_outputs, stylesheet_link, stylesheet_uri
from ..render.templates import Renderer
from .config import SiteConfig


class GenerateError(ValueError):
    """The handbook cannot be generated into this site (a message for the user)."""


@dataclass
class Generation:
    outputs: list[Output]
    folders: list[str]  # the docs folder's sub-folders the generator owns
    messages: list[Message] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    collected: Collected | None = None


def settings_of(
    site: SiteConfig, today: date | None = None, audience: Audience | None = None,
    documents: KnownDocuments | None = None,
) -> Settings:
    """The core's settings from the site's goals options (the plugin's, exactly)."""
    options = site.goals
    try:
        goals_root, project = locate(site.root, options.goals_dir, allow_outside_project=options.allow_outside_project)
    except LocationError as error:
        raise GenerateError(str(error)) from None
    if goals_root.is_relative_to(site.docs_dir):
        raise GenerateError(
            f"goals_dir {options.goals_dir!r} is inside the docs folder {site.docs_dir}: an engine without the goals "
            "plugin publishes every file there as it is, private goals too. Move it beside the config "
            "(e.g. goals/ next to mkdocs.yml); the generator writes the published pages into the docs folder"
        )
    if not goals_root.is_dir():
        raise GenerateError(f"goals_dir {options.goals_dir!r}: no such folder ({goals_root})")
    return Settings(
        goals_root=goals_root,
        project=project,
        options=Options(scope=Scope(options.scope), bare_checkboxes=options.bare_checkboxes),
        audience=audience or Audience(options.publish_private, Visibility(options.default_visibility)),
        owner_from_folder=options.owner_from_folder,
        categories=categories_from_config(options.categories),
        people=(site.root / options.people).resolve() if options.people else None,
        stale_after_days=options.stale_after_days,
        history=options.history,
        documents=documents,
        **({"today": today} if today else {}),
    )


@dataclass
class SiteHandbook:
    """A site's handbook, ready to draw: what `generate` writes and the extension embeds."""

    site: SiteConfig
    settings: Settings
    found: Collected
    handbook: Handbook
    layout: dashboards.Plan
    renderer: Renderer
    url_of: Callable[[str], str]


def build(
    site: SiteConfig, *, cache: HistoryCache | None = None, today: date | None = None, audience: Audience | None = None,
    documents: KnownDocuments | None = None,
) -> SiteHandbook:
    """Read the goals folder as the plugin does: decide, read, lint, history, handbook
    (for the site's readers, or for `audience`: a local user's `--include-private`;
    `documents`: what a watching process read before, so only changed files are parsed)."""
    settings = settings_of(site, today, audience, documents)
    prefix = Path(settings.goals_root).name
    url_of = lambda uri: page_url(uri, directory_urls=site.use_directory_urls)  # noqa: E731
    found_files = walk(settings.goals_root, settings.project)
    sources = []
    for path in found_files.files:
        uri = f"{prefix}/{path.relative_to(settings.goals_root).as_posix()}"
        sources.append(Source(uri, path, url_of(uri)))
    found = collect(sources, settings)
    for path, reason in found_files.refused:
        found.warn(f"{prefix}/{path.relative_to(settings.goals_root).as_posix()}: not published: {reason}")
    attach_history(found, settings, cache=cache)
    handbook = build_handbook(found, settings)
    layout = dashboards.plan(handbook, site.goals.dashboards_dir)
    renderer = Renderer(
        str(site.custom_dir) if site.custom_dir else None,
        dashboards.context(handbook, layout, url_of, due_soon_days=site.goals.due_soon_days,
                           commit_url=dashboards.commit_links(site.repo_url)),
    )
    return SiteHandbook(site, settings, found, handbook, layout, renderer, url_of)


def generate(
    site: SiteConfig, *, cache: HistoryCache | None = None, today: date | None = None,
    documents: KnownDocuments | None = None,
) -> Generation:
    """Every file of the handbook for this site, and what the build log should say."""
    built = build(site, cache=cache, today=today, documents=documents)
    linked = stylesheet_uri(built.layout) in site.extra_css
    outputs = site_outputs(
        built.found, built.handbook, built.layout, built.renderer, built.url_of, options=built.settings.options,
        gfm_boxes_rendered="pymdownx.tasklist" in site.markdown_extensions,
        head=(lambda url: "") if linked else stylesheet_link(built.layout, built.url_of),
    )
    folders = sorted({built.settings.goals_root.name, site.goals.dashboards_dir.strip("/")})
    return Generation(outputs, folders, built.found.messages, built.found.findings, built.found)

"""The handbook as files a Markdown site publishes: what the generator writes and the
MkDocs plugin adds to its build, the same bytes for both.

- every published goal and inventory page: its page keys as front matter, then its
  decorated Markdown (`pages.goal_page`);
- the dashboards: a title, then their HTML as one raw block (`<div class="goals-dashboard">`);
- `goals.json` and the stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.document.vocabulary import PAGE_KEYS
from ..core.document.model import Document, Options, load_document
from ..core.handbook.collect import Collected
from ..core.handbook.model import Entry, Handbook
from . import dashboards
from .json_text import KeptJson
from .kept_blocks import KeptBlocks
from .pages import PreparedLayouts, goal_page, page_body
from .templates import Renderer, packaged_stylesheet

STYLESHEET = "goals.css"  # inside the dashboards folder


@dataclass(frozen=True)
class Output:
    """A file of the site: where it goes (`uri`, relative to the docs folder), what it holds."""

    uri: str
    content: str
    kind: str  # "goal" | "dashboard" | "data" | "style"


def stylesheet_uri(layout: dashboards.Plan) -> str:
    return f"{layout.data.rpartition('/')[0]}/{STYLESHEET}"


def front_matter(title: str, meta: dict | None = None) -> str:
    """A page's front matter: its title and the page keys engines read (`tags`, `hide`, …);
    never goal keys (`status` would become Material's page status)."""
    keys = {k: v for k, v in (meta or {}).items() if k in PAGE_KEYS and k != "kind"}
    text = yaml.safe_dump({"title": title, **keys}, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{text}---\n"


def body_of(document: Document) -> str:
    """A file's Markdown after its front matter, as engines hand it to Markdown."""
    return page_body(document).decode("utf-8")


def goal_file(
    entry: Entry, handbook: Handbook, renderer: Renderer, url: str, *, options: Options, gfm_boxes_rendered: bool,
    head: str = "",
) -> str:
    """The generated page of a goal or an inventory."""
    prepared = PreparedLayouts()
    prepared.add(entry.document, options)  # the body is the one it predicts: parsed once, not again
    body = goal_page(body_of(entry.document), entry, handbook, renderer, url, options=options,
                     gfm_boxes_rendered=gfm_boxes_rendered, layouts=prepared)
    return front_matter(entry.document.title, entry.document.front_matter.data) + head + body


def plain_file(path: Path, title: str) -> str:
    """A published page of the goals folder with nothing to count: its page keys and body."""
    document = load_document(path)
    return front_matter(title, document.front_matter.data) + body_of(document)


def dashboard_file(page: dashboards.Dashboard, renderer: Renderer, url: str, head: str = "") -> str:
    """A dashboard page: its HTML as one raw block, which every Markdown engine passes through."""
    html = renderer.block(page.template, url, title=page.title, **page.context)
    return f"{front_matter(page.title)}{head}<div class=\"goals-dashboard\">\n{html}\n</div>\n"


def site_outputs(
    found: Collected,
    handbook: Handbook,
    layout: dashboards.Plan,
    renderer: Renderer,
    url_of: Callable[[str], str],
    *,
    options: Options,
    gfm_boxes_rendered: bool,
    head: Callable[[str], str] = lambda url: "",
    goal_pages: bool = True,
    kept_json: KeptJson | None = None,
    kept: KeptBlocks | None = None,
) -> list[Output]:
    """Every file the handbook adds to a site. `head(url)` is put at the top of each page
    (the generator links its stylesheet there when the site's config does not); the
    MkDocs plugin leaves out the goal pages (`goal_pages=False`): it decorates the files
    MkDocs already has, with the same `goal_page`. `kept_json` keeps `goals.json`'s
    pieces for the next build of the same process (`dashboards.data`), `kept` its
    dashboard pages (`KeptBlocks.dashboard`)."""
    outputs = [
        Output(uri, goal_file(entry, handbook, renderer, url_of(uri), options=options,
                              gfm_boxes_rendered=gfm_boxes_rendered, head=head(url_of(uri))), "goal")
        for uri, entry in found.entries.items()
    ] if goal_pages else []
    if goal_pages:  # the goals folder's other published pages (an index, notes), as written
        outputs += [Output(uri, plain_file(path, found.titles[uri]), "page")
                    for uri, path in found.published.items() if uri not in found.entries]
    for page in layout.pages:
        url, top = url_of(page.uri), head(url_of(page.uri))
        draw = lambda page=page, url=url, top=top: dashboard_file(page, renderer, url, top)  # noqa: E731
        outputs.append(Output(page.uri, kept.dashboard(page, handbook, (url, top), draw) if kept else draw(), "dashboard"))
    outputs.append(Output(layout.data, dashboards.data(handbook, kept_json, kept.key_of if kept else None), "data"))
    outputs.append(Output(stylesheet_uri(layout), packaged_stylesheet(), "style"))
    return outputs


def stylesheet_link(layout: dashboards.Plan, url_of: Callable[[str], str]) -> Callable[[str], str]:
    """A `head` that links the stylesheet from a page's body (valid HTML, any engine)."""
    from .links import relative_url

    target = url_of(stylesheet_uri(layout))
    return lambda url: f'<link rel="stylesheet" href="{relative_url(target, url)}">\n\n'

"""What `mkdocs serve` keeps between rebuilds (page layouts, the Jinja environment,
`goals.json`'s pieces) never shows anything stale: after every change, a rebuild by the
same plugin instance writes the same site, byte for byte, as a fresh `mkdocs build`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from gitrepo import GoalRepo
from sites import build, write_tree

MKDOCS_YML = """\
site_name: Serve rebuilds
theme: {name: mkdocs, custom_dir: overrides}
plugins:
  - goals:
      people: people.yml
      history: false
"""

LATENCY = """
    ---
    title: Cut latency to 200 ms
    owner: ben
    team: platform
    status: on-track
    due: 2099-06-30
    ---
    # Cut latency to 200 ms

    - [ ] 200 ms p95 for a month
    """

MIGRATION = """
    ---
    title: Move 3 services
    owner: ana
    status: on-track
    due: 2099-06-30
    aligns_to: ben/latency.md
    ---
    # Move 3 services

    ## Success criteria [1/3]
    - [x] billing moved
    - [ ] search moved
      - [ ] index copied
    [ ] a bare box

    ## Action steps
    1) [ ] plan the last one by 2099-01-15
    """

HANDBOOK = {
    "docs/index.md": "# Home\n",
    "overrides/.keep": "",
    "people.yml": "ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Okafor, team: platform}\n",
    "goals/ana/migration.md": MIGRATION,
    "goals/ben/latency.md": LATENCY,
}


@pytest.fixture
def fresh_plugins(monkeypatch):
    """In-process builds share plugin instances through MkDocs' cache: give this test its
    own; and one build date for every build (the theme prints it)."""
    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, but the gzipped sitemap (its header holds a time)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"}


class Serve:
    """Builds as `mkdocs serve` does: the config loaded again every time, one plugin instance."""

    def __init__(self, root: Path) -> None:
        self.root, self.started = root, False

    def build(self) -> dict[str, bytes]:
        here = os.getcwd()
        os.chdir(self.root)
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.root / "served"))
            if not self.started:
                config.plugins.on_startup(command="serve", dirty=False)
                self.started = True
            mkdocs_build(config)
        finally:
            os.chdir(here)
        return site_files(self.root / "served")


def fresh(root: Path) -> dict[str, bytes]:
    """A plain `mkdocs build` of the same site (its history cache a folder of its own)."""
    config = (root / "mkdocs.yml").read_text()
    if "history_cache_dir: .cache/goals" in config:
        own_cache = config.replace("history_cache_dir: .cache/goals", "history_cache_dir: .cache/fresh")
        (root / "fresh.yml").write_text(own_cache)
        result = build(root, "-f", "fresh.yml", "--site-dir", "fresh")
        assert result.returncode == 0, result.stderr
        return site_files(root / "fresh")
    result = build(root, "--site-dir", "fresh")
    assert result.returncode == 0, result.stderr
    return site_files(root / "fresh")


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1))


def test_every_rebuild_matches_a_fresh_build(tmp_path, fresh_plugins):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(tmp_path, HANDBOOK)
    serve = Serve(tmp_path)
    before = serve.build()
    assert before == fresh(tmp_path)
    page, other = "goals/ana/migration/index.html", "goals/ben/latency/index.html"
    assert b"1 goal serves this one" in before[other]

    # the body of a goal: its page (a kept layout) and the goal it serves
    edit(tmp_path, "goals/ana/migration.md", "- [ ] search moved", "- [x] search moved")
    edit(tmp_path, "goals/ana/migration.md", "  - [ ] index copied", "    - [x] index copied\n- [ ] one more")
    ticked = serve.build()
    assert ticked == fresh(tmp_path)
    assert ticked[page] != before[page] and ticked[other] != before[other]
    assert ticked["dashboards/goals.json"] != before["dashboards/goals.json"]
    assert json.loads(ticked["dashboards/goals.json"])["goals"][0]["checked"] == 3

    # the same body, other front matter: the page's header and the other goal's list change
    edit(tmp_path, "goals/ana/migration.md", "title: Move 3 services", "title: Move three services")
    renamed = serve.build()
    assert renamed == fresh(tmp_path) and b"Move three services" in renamed[other]

    # the people file
    edit(tmp_path, "people.yml", "Ana Ruiz", "Ana Renamed")
    people = serve.build()
    assert people == fresh(tmp_path) and b"Ana Renamed" in people[other]

    # an override added, then edited, then removed
    write_tree(tmp_path, {"overrides/goals/checkbox.html": '<input type="checkbox" class="mine-1" disabled>'})
    added = serve.build()
    assert added == fresh(tmp_path) and b"mine-1" in added[page]
    (tmp_path / "overrides/goals/checkbox.html").write_text('<input type="checkbox" class="mine-2" disabled>')
    later = os.stat(tmp_path / "overrides/goals/checkbox.html").st_mtime_ns + 10**9
    os.utime(tmp_path / "overrides/goals/checkbox.html", ns=(later, later))  # a save at a later time
    changed = serve.build()
    assert changed == fresh(tmp_path) and b"mine-2" in changed[page] and b"mine-1" not in changed[page]
    (tmp_path / "overrides/goals/checkbox.html").unlink()
    removed = serve.build()
    assert removed == fresh(tmp_path) and b"mine-2" not in removed[page]


def test_a_goal_made_private_leaves_the_served_site(tmp_path, fresh_plugins):
    """Its page, its layout and its part of goals.json were kept: none of them is shown."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(tmp_path, HANDBOOK)
    serve = Serve(tmp_path)
    before = serve.build()
    assert "goals/ana/migration/index.html" in before
    edit(tmp_path, "goals/ana/migration.md", "status: on-track\n", "status: on-track\nvisibility: private\n")
    private = serve.build()
    assert private == fresh(tmp_path)
    assert "goals/ana/migration/index.html" not in private
    assert not [name for name, data in private.items() if b"Move 3 services" in data or b"billing moved" in data]
    edit(tmp_path, "goals/ana/migration.md", "visibility: private\n", "")
    public = serve.build()
    assert public == fresh(tmp_path) == before


HISTORY_YML = """\
site_name: Serve rebuilds with history
repo_url: https://git.example.com/team/handbook
theme: {name: mkdocs}
plugins:
  - goals:
      people: people.yml
      history_cache_dir: .cache/goals
"""


def goal_with(boxes: str, *, title: str = "Cut latency", aligns: str = "") -> str:
    items = "\n".join(f"- [{box}] step {n}" for n, box in enumerate(boxes))
    return (f"---\ntitle: {title}\nowner: ben\nstatus: on-track\nstart: 2026-01-01\ndue: 2099-06-30\n{aligns}---\n"
            f"# {title}\n\n{items}\n")


def calls_to(monkeypatch, module, name: str, label) -> list[str]:
    """`label(first argument)` of every call of `module.name`, which still does its work."""
    calls: list[str] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda first, *rest: calls.append(label(first)) or real(first, *rest))
    return calls


@pytest.fixture
def drawn(monkeypatch):
    """The pages whose header and History were drawn in each build (not kept)."""
    from mkdocs_goals.render import pages

    return calls_to(monkeypatch, pages, "page_blocks", lambda entry: entry.id)


def test_kept_headers_and_histories_match_a_fresh_build(tmp_path, fresh_plugins, drawn):
    """With history on, a rebuild draws again only the pages whose header or History
    changed (a commit, a saved file, the goal it serves), and shows what a fresh build does."""
    repo = GoalRepo(tmp_path)
    repo.commit("site", "2026-01-02T09:00:00+01:00", files={
        "mkdocs.yml": HISTORY_YML, "docs/index.md": "# Home\n", ".gitignore": ".cache/\nfresh/\nserved/\n",
        "people.yml": "ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Okafor, team: platform}\n",
        "goals/ben/latency.md": goal_with("  "), "goals/ben/errors.md": goal_with(" ", title="Fewer errors"),
        "goals/ana/migration.md": goal_with("x ", title="Move services", aligns="aligns_to: ben/latency.md\n"),
    })
    repo.commit("tick", "2026-02-02T09:00:00+01:00", author="Ben Okafor",
                files={"goals/ben/latency.md": goal_with("x ")})
    serve = Serve(tmp_path)
    latency, errors = "goals/ben/latency/index.html", "goals/ben/errors/index.html"
    before = serve.build()
    assert before == fresh(tmp_path) and b"Ben Okafor" in before[latency]
    assert sorted(drawn) == ["goals/ana/migration.md", "goals/ben/errors.md", "goals/ben/latency.md"]

    drawn.clear()
    assert serve.build() == before and drawn == []  # nothing changed: everything kept

    # an uncommitted tick of the goal that serves latency: its page and latency's are drawn again
    repo.write("goals/ana/migration.md", goal_with("xx", title="Move services", aligns="aligns_to: ben/latency.md\n"))
    drawn.clear()
    saved = serve.build()
    assert saved == fresh(tmp_path) and sorted(drawn) == ["goals/ana/migration.md", "goals/ben/latency.md"]

    # committing that save, the files on disk unchanged: its History names the commit now
    sha = repo.commit("tick step 1", "2026-03-02T09:00:00+01:00", author="Ana Ruiz")
    drawn.clear()
    committed = serve.build()
    migration = "goals/ana/migration/index.html"
    assert committed == fresh(tmp_path) and committed[errors] == saved[errors]
    assert sha[:7].encode() in committed[migration] and sha[:7].encode() not in saved[migration]
    assert "goals/ana/migration.md" in drawn and "goals/ben/errors.md" not in drawn

    # the people registry: every page
    (tmp_path / "people.yml").write_text("ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Renamed, team: web}\n")
    drawn.clear()
    renamed = serve.build()
    assert renamed == fresh(tmp_path) and b"Ben Renamed" in renamed[errors] and len(drawn) == 3


def test_the_packaged_templates_read_only_what_the_kept_blocks_key_covers():
    """A goal page's blocks are kept by a key that covers what header.html and
    history.html read; a template that starts reading another handbook-wide name (a view,
    a handbook attribute, a link helper) fails this until that name is weighed there."""
    from jinja2 import Environment, nodes

    from mkdocs_goals.core.handbook.model import Handbook
    from mkdocs_goals.core.scaffold import templates_dir
    from mkdocs_goals.render import dashboards
    from mkdocs_goals.render.kept_blocks import TEMPLATE_READS

    handbook = Handbook([])
    context = set(dashboards.context(handbook, dashboards.plan(handbook), lambda uri: uri))
    read: set[str] = set()
    for name in ("header.html", "history.html", "macros.html", "process.html"):
        tree = Environment().parse((Path(templates_dir()) / "goals" / name).read_text(encoding="utf-8"))
        read |= {f"{n.node.name}.{n.attr}" for n in tree.find_all(nodes.Getattr)
                 if isinstance(n.node, nodes.Name) and n.node.name in ("handbook", "views")}
        read |= {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} & context
    assert read == TEMPLATE_READS


@pytest.mark.parametrize(("setting", "shown"), [
    ("dashboards_dir: boards", b"../boards/people/ben"),
    ("categories: [{id: craft, label: Craft work}]", b"Craft work"),
])
def test_a_changed_setting_draws_the_pages_again(tmp_path, fresh_plugins, setting, shown):
    """The site's and the plugin's settings are in the kept blocks' scope."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(tmp_path, HANDBOOK)
    (tmp_path / "goals/ben/latency.md").write_text(
        (tmp_path / "goals/ben/latency.md").read_text().replace("team: platform", "team: platform\ncategory: craft"))
    serve = Serve(tmp_path)
    before = serve.build()
    assert before == fresh(tmp_path)
    config = MKDOCS_YML.replace("      history: false\n", f"      history: false\n      {setting}\n")
    (tmp_path / "mkdocs.yml").write_text(config)
    changed = serve.build()
    page = "goals/ben/latency/index.html"
    assert shown in changed[page] and shown not in before[page]
    assert changed == fresh(tmp_path)


def test_a_changed_site_setting_draws_the_pages_again(tmp_path, fresh_plugins):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(tmp_path, HANDBOOK)
    serve = Serve(tmp_path)
    before = serve.build()
    (tmp_path / "mkdocs.yml").write_text("use_directory_urls: false\n" + MKDOCS_YML)
    changed = serve.build()
    assert changed == fresh(tmp_path) and changed != before


@pytest.fixture
def boards_drawn(monkeypatch):
    """The dashboard pages drawn in each build (not kept)."""
    from mkdocs_goals.render import site

    return calls_to(monkeypatch, site, "dashboard_file", lambda page: page.uri)


def test_kept_dashboards_match_a_fresh_build(tmp_path, fresh_plugins, boards_drawn):
    """A rebuild draws again the overview and the pages that show a changed goal (its
    owner's, their manager's, their team's, their review), and keeps the others."""
    repo = GoalRepo(tmp_path)
    people = ("ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Okafor, team: platform, manager: ana}\n"
              "cy: {name: Cy Park, team: web}\n")
    cycle = "cycle: 2026-Q1\n"
    repo.commit("site", "2026-01-02T09:00:00+01:00", files={
        "mkdocs.yml": HISTORY_YML, "docs/index.md": "# Home\n", ".gitignore": ".cache/\nfresh/\nserved/\n",
        "people.yml": people,
        "goals/ben/latency.md": goal_with("  ", aligns=cycle),
        "goals/ana/migration.md": goal_with("x ", title="Move services", aligns=cycle).replace("owner: ben", "owner: ana"),
        "goals/cy/pages.md": goal_with(" ", title="Faster pages", aligns=cycle).replace("owner: ben", "owner: cy"),
    })
    serve = Serve(tmp_path)
    before = serve.build()
    assert before == fresh(tmp_path)
    boards = sorted(boards_drawn)
    assert "dashboards/people/ben.md" in boards and "dashboards/teams/web.md" in boards
    assert len([b for b in boards if "/reviews/" in b]) == 3

    boards_drawn.clear()
    assert serve.build() == before and boards_drawn == []  # nothing changed: every dashboard kept

    # Ben ticks a box: the overview, his page, his manager's, his team's and his review
    repo.write("goals/ben/latency.md", goal_with("x ", aligns=cycle))
    boards_drawn.clear()
    ticked = serve.build()
    assert ticked == fresh(tmp_path)
    assert sorted(boards_drawn) == ["dashboards/index.md", "dashboards/people/ana.md", "dashboards/people/ben.md",
                                    "dashboards/reviews/ben-2026-q1.md", "dashboards/teams/platform.md"]
    assert ticked["dashboards/people/ben/index.html"] != before["dashboards/people/ben/index.html"]
    assert ticked["dashboards/people/cy/index.html"] == before["dashboards/people/cy/index.html"]

    # a commit (the files unchanged): Ben's history has one more snapshot
    repo.commit("tick", "2026-02-02T09:00:00+01:00", author="Ben Okafor")
    boards_drawn.clear()
    committed = serve.build()
    assert committed == fresh(tmp_path) and "dashboards/people/ben.md" in boards_drawn
    assert "dashboards/people/cy.md" not in boards_drawn

    # Cy moves to Ben's team (the registry): every page is drawn again
    (tmp_path / "people.yml").write_text(people.replace("team: web", "team: platform"))
    boards_drawn.clear()
    moved = serve.build()
    assert moved == fresh(tmp_path) and "dashboards/teams/web/index.html" not in moved
    assert len(boards_drawn) == 8 == len([name for name in moved if name.endswith(".html") and "dashboards/" in name])


def test_the_packaged_dashboards_read_only_what_their_kept_key_covers():
    """A dashboard is kept by the entries it shows and the build's scope; a dashboard
    template that starts reading another handbook-wide name fails this until it is weighed."""
    from jinja2 import Environment, nodes

    from mkdocs_goals.core.handbook.model import Handbook
    from mkdocs_goals.core.scaffold import templates_dir
    from mkdocs_goals.render import dashboards
    from mkdocs_goals.render.kept_blocks import DASHBOARD_READS

    handbook = Handbook([])
    context = set(dashboards.context(handbook, dashboards.plan(handbook), lambda uri: uri))
    read: set[str] = set()
    for name in ("overview.html", "person.html", "team.html", "review.html", "macros.html", "process.html"):
        tree = Environment().parse((Path(templates_dir()) / "goals" / name).read_text(encoding="utf-8"))
        read |= {f"{n.node.name}.{n.attr}" for n in tree.find_all(nodes.Getattr)
                 if isinstance(n.node, nodes.Name) and n.node.name in ("handbook", "views")}
        read |= {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} & context
        if name in ("person.html", "team.html", "review.html"):  # other owners' goals are not in their keys
            called = {n.node.attr if isinstance(n.node, nodes.Getattr) else getattr(n.node, "name", "")
                      for n in tree.find_all(nodes.Call)}
            assert not called & {"aligned_list", "aligned_to", "aligned_from", "alignment_tree"}, name
    assert read == DASHBOARD_READS

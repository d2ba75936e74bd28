"""Hostile handbooks: try to make a private goal reach `site/` or a CLI output.

Every case is a small real site (Material, search, `pymdownx.snippets` from the project
root with `check_paths`, the `goals` plugin with a people registry) in a real git
repository, built with `mkdocs build` and `mkdocs build --strict`, and read with the
real `goals` command. A canary string sits in every private or withheld file (title,
heading, body, items; author names of private-era commits where history matters).

The promise under test: a canary appears in no byte of `site/` (every file, search
index, sitemap and `goals.json` included) and in no line the CLI prints without
`--include-private`; a file withheld for a doubtful reason fails `--strict`, a plainly
private one is quiet; nothing prints a traceback.

A case that finds a hole is marked `xfail(strict=True, reason="hole: ...")`: the suite
stays green, the hole stays visible, and the mark must go when the hole is fixed.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from unittest import mock
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from gitrepo import GoalRepo
from hostile import (
    PUBLIC_GOAL,
    PUBLIC_MARKER,
    Built,
    CliRuns,
    Handbook,
    body,
    build_many,
    canary,
    cli_commands,
    config,
    event_handlers,
    goal_front,
    hostile_scripts,
    run_cli,
    secret_goal,
    secret_inventory,
    strict_json,
)

LAYOUTS = ("outside", "inside")  # goals_dir beside docs_dir (like this project), or inside it
BASE_DATE, HEAD_DATE = "2026-01-02T09:00:00+01:00", "2026-02-02T09:00:00+01:00"


def hole(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"hole: {reason}")


def no_traceback(built: Built) -> None:
    assert "Traceback" not in built.outputs(), built.outputs()[-3000:]


# =====================================================================================
# 1-4, 11, 12: front matter, visibility values, file names, metrics
# =====================================================================================


@dataclass(frozen=True)
class Case:
    """One hostile file. `where` is a goals-folder path, or `docs:<path>` for a page
    outside the goals folder. `expect`: `loud` (withheld, fails --strict), `quiet`
    (plainly private: withheld, no warning), `loud-inside` (loud when MkDocs sees the
    file, i.e. goals_dir inside docs_dir; never read at all otherwise)."""

    id: str
    where: str
    content: Callable[[str], str | bytes]  # made from the canary
    expect: str = "loud"

    @property
    def mark(self) -> str:
        return canary(self.id)

    def path(self, handbook: Handbook) -> str:
        return self.where[5:] if self.where.startswith("docs:") else handbook.goal(self.where)

    def uri(self) -> str:
        """How MkDocs and the plugin name the file in the build log."""
        return self.where[10:] if self.where.startswith("docs:docs/") else f"goals/{self.where}"

    def data(self) -> bytes:
        made = self.content(self.mark)
        return made if isinstance(made, bytes) else made.encode("utf-8")

    def loud_in(self, layout: str) -> bool:
        return self.expect == "loud" or (self.expect == "loud-inside" and layout == "inside")


def _goal(vis: str):
    return lambda m: secret_goal(m, vis, team=f'"{m}-team"')


def _inventory(vis: str):
    return lambda m: secret_inventory(m, vis)


def _docs_page(front: str):
    return lambda m: f"{front}# {m} page heading\n\n{m} page text.\n\n- [x] {m} page item\n"


CASES = [
    # 1. a misspelled key: the file meant to be private
    Case("key-visiblity", "alice/key-visiblity.md", _goal("visiblity: private\n")),
    Case("key-Visibility", "alice/key-Visibility.md", _goal("Visibility: private\n")),
    Case("key-visibilty", "alice/key-visibilty.md", _goal("visibilty: private\n")),
    Case("key-VISIBILITY", "alice/key-VISIBILITY.md", _goal("VISIBILITY: private\n")),
    Case("key-private-true", "alice/key-private-true.md", _goal("private: true\n")),
    Case("key-hidden-true", "alice/key-hidden-true.md", _goal("hidden: true\n")),
    Case("key-inventory-visiblity", "alice/key-inventory-visiblity.md", _inventory("visiblity: private\n")),
    # 2. a value we do not know
    Case("value-list", "alice/value-list.md", _goal("visibility: [private]\n")),
    Case("value-privat", "alice/value-privat.md", _goal("visibility: privat\n")),
    Case("value-secret", "alice/value-secret.md", _goal("visibility: secret\n")),
    Case("value-false", "alice/value-false.md", _goal("visibility: false\n")),
    Case("value-zero-width", "alice/value-zero-width.md", _goal('visibility: "private\\u200b"\n')),
    Case("value-null", "alice/value-null.md", _goal("visibility: ~\n")),
    Case("value-empty", "alice/value-empty.md", _goal('visibility: ""\n')),
    Case("value-inventory-privat", "alice/value-inventory-privat.md", _inventory("visibility: privat\n")),
    Case("value-PRIVATE", "alice/value-PRIVATE.md", _goal("visibility: PRIVATE\n"), "quiet"),
    Case("value-inventory-PRIVATE", "alice/value-inventory-PRIVATE.md", _inventory("visibility: PRIVATE\n"), "quiet"),
    # 3. front matter that cannot be read as such
    Case("fm-unclosed", "alice/fm-unclosed.md", lambda m: f"---\n{goal_front(m)}visibility: private\n{body(m)}"),
    Case("fm-closed-with-two-dashes", "alice/fm-closed-with-two-dashes.md",
         lambda m: f"---\n{goal_front(m)}visibility: private\n--\n{body(m)}"),
    Case("fm-closed-by-a-later-rule", "alice/fm-closed-by-a-later-rule.md",
         lambda m: f"---\n{goal_front(m)}visibility: private\n--\n{body(m)}\n---\n\n{m} after a rule.\n"),
    Case("fm-blank-line-first", "alice/fm-blank-line-first.md", lambda m: "\n" + secret_goal(m)),
    Case("fm-space-first", "alice/fm-space-first.md", lambda m: " " + secret_goal(m)),
    Case("fm-double-bom", "alice/fm-double-bom.md", lambda m: ("\ufeff\ufeff" + secret_goal(m)).encode("utf-8")),
    Case("fm-cr-only", "alice/fm-cr-only.md", lambda m: secret_goal(m).replace("\n", "\r").encode("utf-8")),
    Case("fm-tab-indent", "alice/fm-tab-indent.md", lambda m: f"---\n{goal_front(m)}\tvisibility: private\n---\n{body(m)}"),
    Case("fm-duplicate-visibility", "alice/fm-duplicate-visibility.md",
         _goal("visibility: public\nvisibility: private\n")),
    Case("fm-not-a-mapping", "alice/fm-not-a-mapping.md", lambda m: f"---\n- visibility: private\n---\n{body(m)}"),
    Case("fm-utf16", "alice/fm-utf16.md", lambda m: secret_goal(m).encode("utf-16")),
    Case("fm-zero-width-space-first", "alice/fm-zero-width-space-first.md", lambda m: "\u200b" + secret_goal(m)),
    Case("fm-no-break-space-first", "alice/fm-no-break-space-first.md", lambda m: "\u00a0" + secret_goal(m)),
    Case("fm-comment-after-dashes", "alice/fm-comment-after-dashes.md",
         lambda m: secret_goal(m).replace("---\n", "--- # goal\n", 1)),
    Case("fm-bom-and-crlf", "alice/fm-bom-and-crlf.md",
         lambda m: ("\ufeff" + secret_goal(m)).replace("\n", "\r\n").encode("utf-8"), "quiet"),
    # 4. names MkDocs would copy as they are, or editors leave behind
    Case("name-upper-MD", "alice/private-health.MD", _goal("visibility: private\n")),
    Case("name-tilde-backup", "alice/private-health.md~", _goal("visibility: private\n"), "loud-inside"),
    Case("name-bak-backup", "alice/private.md.bak", _goal("visibility: private\n"), "loud-inside"),
    Case("name-hidden-file", "alice/.private-draft.md", _goal("visibility: private\n"), "quiet"),
    # 11. numbers that are not numbers
    Case("metric-nan", "alice/metric-nan.md", lambda m: secret_goal(m, "", metric="{baseline: 0, target: 10, current: .nan}")),
    Case("metric-inf", "alice/metric-inf.md", lambda m: secret_goal(m, "", metric="{baseline: 0, target: .inf, current: 1}")),
    Case("metric-huge-int", "alice/metric-huge-int.md",
         lambda m: secret_goal(m, "", metric="{baseline: 0, target: 1" + "0" * 400 + ", current: 1}")),
    # 12. more
    Case("deep-kind-goal-privat", "alice/2026/q1/deepfolder-q9x/deep.md",
         lambda m: secret_goal(m, "visibility: privat\n", kind="goal", status=None, due=None)),
    Case("plain-private-goal", "alice/plain-private.md", _goal("visibility: private\n"), "quiet"),
    Case("inventory-only-visibility", "alice/inventory-only-visibility.md",
         lambda m: f"---\nvisibility: private\n---\n- [x] {m} item done\n- [ ] {m} item open\n", "quiet"),
    Case("private-with-schema-error", "alice/private-with-schema-error.md",
         lambda m: secret_goal(m, status="finishd")),
    Case("category-item", "alice/category-item.md",
         lambda m: secret_goal(m) + f"\n## Category\n\n- [x] {m} category choice\n- [ ] Leadership\n", "quiet"),
    Case("category-front-matter", "alice/category-front-matter.md",
         lambda m: secret_goal(m, category=f'"{m} category"'), "quiet"),
    Case("docs-page-private", "docs:docs/private-page.md", _docs_page("---\nvisibility: private\n---\n"), "quiet"),
    Case("docs-page-misspelled", "docs:docs/misspelled-page.md", _docs_page("---\nvisiblity: private\n---\n")),
    Case("docs-page-duplicate-visibility", "docs:docs/duplicate-page.md",
         _docs_page("---\nvisibility: public\nvisibility: private\n---\n")),
    Case("docs-page-space-first", "docs:docs/space-page.md", _docs_page(" ---\nvisibility: private\n---\n")),
    Case("docs-page-unclosed", "docs:docs/unclosed-page.md", _docs_page("---\nvisibility: private\n")),
]


# (case id, aspect) -> why it fails today; aspect: site | strict | cli
HOLES: dict[tuple[str, str], str] = {}  # (case id, aspect) -> why it fails today; none are left


def case_params(aspect: str, *, cases=CASES, layouts=LAYOUTS) -> list:
    return [
        pytest.param(layout, case, id=f"{layout}-{case.id}",
                     marks=[hole(HOLES[(case.id, aspect)])] if (case.id, aspect) in HOLES else [])
        for layout in layouts for case in cases
    ]


def _front_matter_handbook(root: Path, layout: str, cases: list[Case]) -> tuple[Handbook, str, str]:
    handbook = Handbook(root, layout=layout)
    handbook.configure()
    handbook.write(handbook.goal("alice/public.md"), PUBLIC_GOAL)
    base = handbook.commit("a public goal", BASE_DATE)
    for case in cases:
        handbook.write(case.path(handbook), case.data())
    head = handbook.commit("hostile files", HEAD_DATE)
    return handbook, base, head


@dataclass
class Site:
    handbook: Handbook
    built: Built
    cli: CliRuns | None = None


@pytest.fixture(scope="module")
def front_matter_sites(tmp_path_factory) -> dict[tuple[str, str], Site]:
    """Per layout: one site with every case (read by the CLI too), and one with only the
    quiet cases, which proves that plainly private goals pass --strict."""
    groups = {}
    for layout in LAYOUTS:
        for kind, cases in (("all", CASES), ("quiet", [c for c in CASES if c.expect == "quiet"])):
            root = tmp_path_factory.mktemp(f"fm-{layout}-{kind}")
            groups[(layout, kind)] = _front_matter_handbook(root, layout, cases)
    built = build_many([h.root for h, _, _ in groups.values()])
    sites = {}
    for (key, (handbook, base, head)), result in zip(groups.items(), built):
        cli = run_cli(handbook.root, cli_commands(base, head)) if key[1] == "all" else None
        sites[key] = Site(handbook, result, cli)
    return sites


def site_of(sites, layout: str, case: Case) -> Site:
    return sites[(layout, "all")]


@pytest.mark.parametrize(("layout", "case"), case_params("site"))
def test_withheld_file_reaches_no_file_of_the_site(front_matter_sites, layout, case):
    site = site_of(front_matter_sites, layout, case)
    assert case.mark.encode() in (site.handbook.root / case.path(site.handbook)).read_bytes() or case.id == "fm-utf16"
    assert site.built.leaks(case.mark) == []
    assert site.built.leaks("deepfolder-q9x") == []  # not even a nav section for its folder


@pytest.mark.parametrize(("layout", "case"), case_params("strict"))
def test_doubt_fails_strict_and_plain_private_is_quiet(front_matter_sites, layout, case):
    site = site_of(front_matter_sites, layout, case)
    naming = site.built.warnings_naming(f" {case.uri()}:")
    if case.loud_in(layout):
        assert naming, f"no warning names {case.uri()}: --strict would pass"
    else:
        assert naming == []


@pytest.mark.parametrize(("layout", "case"), case_params("cli"))
def test_withheld_file_in_no_line_of_any_cli_output(front_matter_sites, layout, case):
    site = site_of(front_matter_sites, layout, case)
    assert site.cli.leaks(case.mark) == []
    assert site.built.log_leaks(case.mark) == []  # the build log of a CI job is an output too


@pytest.mark.parametrize("layout", LAYOUTS)
def test_private_content_shows_with_include_private(front_matter_sites, layout):
    """Proof that the canaries were there: a local user who asks sees the private goals."""
    site = front_matter_sites[(layout, "all")]
    for case in CASES:
        if case.expect == "quiet":
            assert {"history-private", "diff-private"} <= set(site.cli.shows(case.mark)), case.id


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", ["all", "quiet"])
def test_front_matter_sites_build_without_traceback_and_publish_the_public_goal(front_matter_sites, layout, kind):
    site = front_matter_sites[(layout, kind)]
    built = site.built
    no_traceback(built)
    assert built.normal.returncode == 0, built.normal.stderr[-2000:]
    assert built.strict.returncode == (1 if kind == "all" else 0), built.strict.stderr[-2000:]
    assert built.leaks(PUBLIC_MARKER), "the control goal is missing: the site shows nothing at all"
    if site.cli is None:
        return
    assert site.cli.crashes() == []
    for name in ("stats", "stats-json"):
        assert site.cli.leaks("Public goal 3 things", {name: site.cli.runs[name]}), name
    for name in ("history-json", "history-warm"):  # the control goal is there, cold and warm
        assert site.cli.leaks(PUBLIC_MARKER, {name: site.cli.runs[name]}), name
    assert json.loads(site.cli.runs["history-warm"].stdout) == json.loads(site.cli.runs["history-json"].stdout)
    for name in ("search/search_index.json", "sitemap.xml", "dashboards/goals.json"):
        assert name in built.site, name


@pytest.mark.parametrize("layout", LAYOUTS)
def test_goals_json_is_strict_json_with_nan_and_inf_in_front_matter(front_matter_sites, layout):
    built = front_matter_sites[(layout, "all")].built
    data = strict_json(built.site["dashboards/goals.json"])
    assert [g["title"] for g in data["goals"]] == ["Public goal 3 things"]
    strict_json(built.site["search/search_index.json"])
    site = front_matter_sites[(layout, "all")]
    for name in ("stats-json", "history-json", "history-warm", "diff-json", "check-json"):
        strict_json(site.cli.runs[name].stdout.encode())
    for case in ("metric-nan", "metric-inf", "metric-huge-int"):
        assert built.warnings_naming(f" goals/alice/{case}.md:"), case


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sitemap_is_well_formed_and_lists_no_withheld_page(front_matter_sites, layout):
    for kind in ("all", "quiet"):
        sitemap = ElementTree.fromstring(front_matter_sites[(layout, kind)].built.site["sitemap.xml"])
        urls = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert "https://handbook.example.com/goals/alice/public/" in urls
        for case in CASES:
            if (case.id, "site") not in HOLES:
                stem = Path(case.where).name.split(".")[0] or Path(case.where).name
                assert not [url for url in urls if stem in url], case.id


# =====================================================================================
# 5. snippets: a public page includes a private goal
# =====================================================================================

SECTION_MARKERS = "\n<!-- --8<-- [start:plan] -->\n{m} in a named section.\n<!-- --8<-- [end:plan] -->\n"


@dataclass(frozen=True)
class Include:
    """A public page that tries to include the private goal `target` (a goals-folder path)."""

    id: str
    line: str  # the include as written; {p} is the private file's path from the project root

    @property
    def mark(self) -> str:
        return canary(f"include-{self.id}")

    def target(self, handbook: Handbook) -> str:
        return handbook.goal(f"alice/private-health-{self.id}.md")

    def write(self, handbook: Handbook, page: str) -> str:
        """Write the private goal and the page that includes it; returns the refused path."""
        path = self.target(handbook)
        handbook.write(path, secret_goal(self.mark) + SECTION_MARKERS.format(m=self.mark))
        text = self.line.format(p=path, wrapper=f"snippets/wrapper-{self.id}.md")
        if self.id == "nested":
            handbook.write(f"snippets/wrapper-{self.id}.md", f"A public snippet.\n\n--8<-- \"{path}\"\n")
        if self.id == "from-goal-page":
            handbook.write(handbook.goal(f"alice/including-goal-{self.id}.md"),
                           PUBLIC_GOAL.replace("Public goal 3", "Including goal 3") + f"\n{text}\n")
        else:
            handbook.write(page, f"# Public page {self.id}\n\nBefore.\n\n{text}\n\nAfter.\n")
        return path


INCLUDES = [
    Include("direct", '--8<-- "{p}"'),
    Include("nested", '--8<-- "{wrapper}"'),
    Include("line-range", '--8<-- "{p}:2:5"'),
    Include("section", '--8<-- "{p}:plan"'),
    Include("block", "--8<--\n{p}\n--8<--"),
    Include("dot-dot", '--8<-- "docs/../{p}"'),
    Include("from-goal-page", '--8<-- "{p}"'),
]


@pytest.fixture(scope="module")
def include_sites(tmp_path_factory) -> dict[tuple, tuple[Handbook, Built]]:
    """check_paths: true, one include per site (the first refusal aborts the build);
    check_paths: false, all includes in one site."""
    handbooks = {}
    for layout, include in [("outside", i) for i in INCLUDES] + [("inside", INCLUDES[0])]:
        handbook = Handbook(tmp_path_factory.mktemp(f"include-{layout}-{include.id}"), layout=layout)
        handbook.configure(check_paths=True)
        handbook.write(handbook.goal("alice/public.md"), PUBLIC_GOAL)
        include.write(handbook, "docs/public.md")
        handbook.commit("include a private goal", BASE_DATE)
        handbooks[(layout, True, include.id)] = handbook
    for layout in LAYOUTS:
        handbook = Handbook(tmp_path_factory.mktemp(f"include-{layout}-all"), layout=layout)
        handbook.configure(check_paths=False)
        handbook.write(handbook.goal("alice/public.md"), PUBLIC_GOAL)
        for include in INCLUDES:
            include.write(handbook, f"docs/public-{include.id}.md")
        handbook.commit("include private goals", BASE_DATE)
        handbooks[(layout, False)] = handbook
    built = build_many([h.root for h in handbooks.values()])
    return {key: (handbook, result) for (key, handbook), result in zip(handbooks.items(), built)}


def include_params() -> list:
    params = []
    for layout, include in [("outside", i) for i in INCLUDES] + [("inside", INCLUDES[0])]:
        marks: list = []
        params.append(pytest.param(layout, include, id=f"{layout}-check_paths-{include.id}", marks=marks))
    return params


@pytest.mark.parametrize(("layout", "include"), include_params())
def test_refused_include_with_check_paths_leaks_nothing_and_fails_both_builds(include_sites, layout, include):
    handbook, built = include_sites[(layout, True, include.id)]
    assert built.leaks(include.mark) == []
    assert built.normal.returncode == 1 and built.strict.returncode == 1  # check_paths: a missing snippet
    # check_paths: the refusal stops the build with one error line (a BuildError), no traceback
    errors = [line for line in built.normal.stderr.splitlines() if line.startswith("ERROR")]
    refusals = [w for w in errors if "include of '" in w and f"private-health-{include.id}.md" in w]
    assert refusals and "is not published (private or withheld), so no page may include it" in refusals[0]


@pytest.mark.parametrize(("layout", "include"), include_params())
def test_refused_include_with_check_paths_prints_no_traceback(include_sites, layout, include):
    _, built = include_sites[(layout, True, include.id)]
    no_traceback(built)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("include", INCLUDES, ids=[i.id for i in INCLUDES])
def test_refused_include_without_check_paths_leaks_nothing_and_fails_strict(include_sites, layout, include):
    handbook, built = include_sites[(layout, False)]
    assert built.leaks(include.mark) == []
    assert [w for w in built.warnings() if "include of '" in w and f"private-health-{include.id}.md" in w]
    assert built.normal.returncode == 0 and built.strict.returncode == 1
    no_traceback(built)
    if include.id != "from-goal-page":
        page = built.site[f"public-{include.id}/index.html"]
        assert b"Before." in page and b"After." in page  # the page itself is still published


# The include guard refuses what `on_files` withheld (a deny-list of real paths), and
# non-Markdown files of the goals folder. What `on_files` never saw is not on that list.


@dataclass(frozen=True)
class Sneak:
    """A private file the include guard may not know about, and how a page includes it."""

    id: str
    layouts: tuple[str, ...] = LAYOUTS

    @property
    def mark(self) -> str:
        return canary(f"sneak-{self.id}")

    def write(self, handbook: Handbook, outside: Path) -> str:
        """Write the private file; returns the include path."""
        m, goal = self.mark, handbook.goal
        if self.id == "hidden-folder":
            path = goal("alice/.drafts/private.md")
        elif self.id == "site-subfolder":
            path = goal("alice/site/private.md")
        elif self.id == "node-modules-subfolder":
            path = goal("alice/node_modules/private.md")
        elif self.id == "docs-private-page":
            path = f"docs/private-{self.id}.md"
        elif self.id == "readme-beside-index":
            handbook.write(goal("alice/index.md"), "# Alice\n\n- [ ] a public thing\n")
            path = goal("alice/README.md")
        elif self.id == "link-to-file-outside":
            (outside / "hosts").write_text(f"127.0.0.1 localhost {m}\n\n- [x] {m} outside item\n")
            handbook.link(goal("alice/hosts.md"), outside / "hosts")
            return goal("alice/hosts.md")
        elif self.id == "link-to-folder-outside":
            (outside / "folder").mkdir()
            (outside / "folder" / "notes.md").write_text(f"# {m}\n\n- [x] {m} outside item\n")
            handbook.link(goal("alice/linked"), outside / "folder")
            return goal("alice/linked/notes.md")
        else:
            raise AssertionError(self.id)
        handbook.write(path, secret_goal(m))
        return path


SNEAKS = [
    Sneak("hidden-folder"),
    Sneak("site-subfolder"),
    Sneak("node-modules-subfolder"),
    Sneak("docs-private-page"),
    Sneak("readme-beside-index"),
    Sneak("link-to-file-outside"),
    Sneak("link-to-folder-outside"),
]
SNEAK_HOLES: dict[tuple[str, str], str] = {}  # (layout, sneak) -> why it fails today; none are left


@pytest.fixture(scope="module")
def sneak_sites(tmp_path_factory) -> dict[str, tuple[Handbook, Built, dict[str, str]]]:
    sites = {}
    for layout in LAYOUTS:
        handbook = Handbook(tmp_path_factory.mktemp(f"sneak-{layout}"), layout=layout)
        outside = tmp_path_factory.mktemp(f"sneak-{layout}-outside-the-project")
        handbook.configure(check_paths=False)
        handbook.write(handbook.goal("alice/public.md"), PUBLIC_GOAL)
        paths = {}
        for sneak in SNEAKS:
            paths[sneak.id] = sneak.write(handbook, outside)
            handbook.write(f"docs/public-{sneak.id}.md", f"# Public {sneak.id}\n\n--8<-- \"{paths[sneak.id]}\"\n")
        handbook.commit("private files in odd places", BASE_DATE)
        sites[layout] = (handbook, paths)
    built = build_many([h.root for h, _ in sites.values()])
    return {layout: (h, b, paths) for (layout, (h, paths)), b in zip(sites.items(), built)}


def sneak_params() -> list:
    return [
        pytest.param(layout, sneak, id=f"{layout}-{sneak.id}",
                     marks=[hole(SNEAK_HOLES[(layout, sneak.id)])] if (layout, sneak.id) in SNEAK_HOLES else [])
        for layout in LAYOUTS for sneak in SNEAKS
    ]


@pytest.mark.parametrize(("layout", "sneak"), sneak_params())
def test_include_of_a_private_file_the_plugin_may_not_have_seen_is_refused(sneak_sites, layout, sneak):
    handbook, built, paths = sneak_sites[layout]
    no_traceback(built)
    assert built.leaks(sneak.mark) == []
    assert [w for w in built.warnings() if f"include of '{paths[sneak.id]}' refused" in w]


# =====================================================================================
# 6, 7. history: a goal public now but private before, and private now but public before
# =====================================================================================

ERA_AUTHOR = canary("era-author")  # the author of the private-era commits
ERA_TITLE = canary("era-title")  # the title the goal had while private
ERA_REMOVED = canary("era-removed")  # an item checked while private, removed before going public
ERA_DATE = "2025-11-17"  # the day of the first private-era commit
NOW_PRIVATE = canary("now-private")  # a goal public before, private now
ERA_PATH = canary("era-path")  # the file name a goal had while private (renamed when made public)
ERA_MARKS = (ERA_AUTHOR, ERA_TITLE, ERA_REMOVED, ERA_DATE, NOW_PRIVATE, ERA_PATH)


def _era_goal(title: str, visibility: str, boxes: str, status: str = "on-track", extra: str = "") -> str:
    items = "".join(f"- [{'x' if box == 'x' else ' '}] step {i}\n" for i, box in enumerate(boxes))
    return (
        f'---\ntitle: "{title}"\nowner: alice\nstatus: {status}\nstart: 2025-10-01\ndue: 2099-06-30\n{visibility}---\n'
        f"# {title}\n\n## Action steps\n\n{items}{extra}"
    )


def _history_handbook(root: Path, plugin: dict | None = None) -> tuple[Handbook, dict[str, str]]:
    handbook = Handbook(root)
    handbook.configure(plugin=plugin)
    goal = handbook.goal
    shas = {"base": handbook.commit("a public goal", "2025-10-02T09:00:00+01:00", files={goal("alice/public.md"): PUBLIC_GOAL})}
    private = "visibility: private\n"
    handbook.commit("private era begins", f"{ERA_DATE}T09:00:00+01:00", author=f"{ERA_AUTHOR} Person", files={
        goal("alice/flip.md"): _era_goal(ERA_TITLE, private, "   ", "blocked", f"- [ ] {ERA_REMOVED} item\n"),
        goal("alice/now-private.md"): _era_goal("Was public 3 things", "", "   "),
        goal(f"alice/{ERA_PATH}.md"): _era_goal("Renamed 3 things", private, "   "),
    })
    shas["mid"] = handbook.commit("ticked while private", "2025-11-18T09:00:00+01:00", author=f"{ERA_AUTHOR} Person", files={
        goal("alice/flip.md"): _era_goal(ERA_TITLE, private, "x  ", "blocked", f"- [x] {ERA_REMOVED} item\n"),
        goal("alice/now-private.md"): _era_goal("Was public 3 things", "", "x  "),
        goal(f"alice/{ERA_PATH}.md"): _era_goal("Renamed 3 things", private, "x  "),
    })
    handbook.repo.move(goal(f"alice/{ERA_PATH}.md"), goal("alice/renamed.md"))
    shas["head"] = handbook.commit("made public, made private", "2026-01-10T09:00:00+01:00", author="Bob Brown", files={
        goal("alice/flip.md"): _era_goal("Flipped 3 things", "visibility: public\n", "xx "),
        goal("alice/now-private.md"): _era_goal(NOW_PRIVATE, private, "xx ", extra=f"- [x] {NOW_PRIVATE} item\n"),
        goal("alice/renamed.md"): _era_goal("Renamed 3 things", "visibility: public\n", "xx "),
    })
    return handbook, shas


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Site:
    handbook, shas = _history_handbook(tmp_path_factory.mktemp("history"))
    (built,) = build_many([handbook.root])
    commands = cli_commands(shas["base"], shas["head"], worktree=True)
    commands["diff-era-markdown"] = ["diff", shas["base"], shas["mid"]]
    commands["diff-era-json"] = ["diff", shas["base"], shas["mid"], "--format", "json"]
    commands["diff-era-private"] = ["diff", shas["base"], shas["mid"], "--format", "json", "--include-private"]
    return Site(handbook, built, run_cli(handbook.root, commands))




@pytest.mark.parametrize("mark", ERA_MARKS)
def test_private_era_reaches_no_file_of_the_site(history_site, mark):
    assert history_site.built.leaks(mark) == []


@pytest.mark.parametrize("mark", [pytest.param(m) for m in ERA_MARKS])
def test_private_era_in_no_line_of_any_cli_output(history_site, mark):
    assert history_site.cli.leaks(mark) == []
    assert history_site.built.log_leaks(mark) == []


def test_include_private_shows_the_private_era(history_site):
    shows = history_site.cli.shows
    assert "history-private" in shows(ERA_AUTHOR) and "history-private" in shows(ERA_DATE)
    assert {"stats-private", "history-private", "diff-private"} <= set(shows(NOW_PRIVATE))
    assert "diff-era-private" in shows(ERA_TITLE) and "diff-era-private" in shows(ERA_REMOVED)
    assert "history-private" in shows(ERA_PATH)


def test_public_era_of_a_goal_is_shown_from_the_commit_that_made_it_public(history_site):
    built = history_site.built
    no_traceback(built)
    assert built.normal.returncode == 0 and built.strict.returncode == 0, built.strict.stderr[-2000:]
    page = built.site["goals/alice/flip/index.html"].decode()
    history = page.split('id="goals-history"')[1]
    assert "Bob Brown" in history and "2026-01-10" in history
    completed = history.split('id="goals-completed"')[1]
    assert "step 1" in completed
    assert "step 0" not in completed  # checked while private: its date and author are the private era's
    assert "goals-status--blocked" not in history  # the private era's status
    for name in ("goals/alice/flip/index.html", "goals/alice/renamed/index.html", "dashboards/index.html",
                 "dashboards/people/alice/index.html", "dashboards/teams/platform/index.html"):
        assert b"2025-11-1" not in built.site[name], name  # no burn-up point, status or completion of that era
    assert history_site.cli.crashes() == []


def test_goal_private_now_shows_nothing_at_all(history_site):
    built, cli = history_site.built, history_site.cli
    assert not [name for name in built.site if "now-private" in name]
    data = strict_json(built.site["dashboards/goals.json"])
    assert "Was public 3 things" not in json.dumps(data)
    assert not [path for path in json.loads(cli.runs["history-json"].stdout) if "now-private" in path]
    assert "now-private" not in cli.runs["diff-json"].stdout
    assert "Was public 3 things" not in cli.runs["diff-markdown"].stdout + cli.runs["history"].stdout


@pytest.fixture(scope="module")
def cache_in_docs_site(tmp_path_factory) -> Built:
    """The history cache (every version of every goal file) configured inside docs_dir."""
    handbook, _ = _history_handbook(tmp_path_factory.mktemp("cache-in-docs"), {"history_cache_dir": "docs/goals-cache"})
    (first,) = build_many([handbook.root])  # refused: nothing is read, nothing written
    (second,) = build_many([handbook.root])  # and again: no cache was left for MkDocs to copy
    return second


@pytest.mark.parametrize("mark", [ERA_AUTHOR, NOW_PRIVATE])
def test_history_cache_inside_docs_reaches_no_file_of_the_site(cache_in_docs_site, mark):
    assert cache_in_docs_site.leaks(mark) == []
    assert cache_in_docs_site.normal.returncode == 1
    assert "history_cache_dir 'docs/goals-cache' is inside docs_dir" in cache_in_docs_site.normal.stderr
    no_traceback(cache_in_docs_site)


# =====================================================================================
# 8. symbolic links in the goals folder
# =====================================================================================

LINK_FILE = canary("link-to-file-outside")  # stands for /etc/hosts
LINK_FOLDER = canary("link-to-folder-outside")
LINK_UNTRACKED = canary("link-untracked")  # a link not committed yet: `goals diff BASE` reads the work tree
LINK_FROM_DOCS = canary("link-from-docs")  # docs/leak.md -> a private goal
INSIDE_TARGET = "INSIDE-TARGET-MARK-41f0"  # a public inventory reached through a link inside the project


@pytest.fixture(scope="module")
def link_sites(tmp_path_factory) -> dict[tuple[str, bool], Site]:
    handbooks = {}
    for layout in LAYOUTS:
        for history in (False, True):
            handbook = Handbook(tmp_path_factory.mktemp(f"links-{layout}-{history}"), layout=layout)
            outside = tmp_path_factory.mktemp(f"links-{layout}-{history}-outside-the-project")
            (outside / "hosts").write_text(f"127.0.0.1 localhost\n\n- [x] {LINK_FILE} outside item\n")
            (outside / "hosts2").write_text(f"127.0.0.1 localhost\n\n- [x] {LINK_UNTRACKED} outside item\n")
            (outside / "folder").mkdir()
            (outside / "folder" / "notes.md").write_text(f"# {LINK_FOLDER}\n\n- [x] {LINK_FOLDER} item\n")
            handbook.configure(plugin={"history": history})
            goal = handbook.goal
            handbook.write(goal("alice/public.md"), PUBLIC_GOAL)
            handbook.write(goal("alice/private.md"), secret_goal(LINK_FROM_DOCS))
            handbook.write("notes/inside.md", f"# Inside target\n\n- [x] {INSIDE_TARGET} item\n- [ ] two\n")
            handbook.link(goal("alice/hosts.md"), outside / "hosts")
            handbook.link(goal("alice/outdir"), outside / "folder")
            handbook.link(goal("alice/loop"), ".")
            handbook.link(goal("bob/self"), "../bob")
            handbook.link(goal("alice/inside.md"), os.path.relpath(handbook.root / "notes/inside.md", handbook.root / goal("alice")))
            handbook.link("docs/leak.md", os.path.relpath(handbook.root / goal("alice/private.md"), handbook.root / "docs"))
            base = handbook.commit("links", BASE_DATE)
            handbook.link(goal("alice/untracked.md"), outside / "hosts2")
            handbooks[(layout, history)] = (handbook, base)
    built = build_many([h.root for h, _ in handbooks.values()])
    sites = {}
    for (key, (handbook, base)), result in zip(handbooks.items(), built):
        cli = run_cli(handbook.root, cli_commands(base, base, worktree=True)) if key[1] else None
        sites[key] = Site(handbook, result, cli)
    return sites


LINK_PARAMS = [pytest.param(layout, history, id=f"{layout}-history-{history}") for layout in LAYOUTS for history in (False, True)]


@pytest.mark.parametrize(("layout", "history"), LINK_PARAMS)
def test_links_out_of_the_project_reach_no_file_of_the_site(link_sites, layout, history):
    built = link_sites[(layout, history)].built
    no_traceback(built)
    assert built.normal.returncode == 0, built.normal.stderr[-2000:]
    for mark in (LINK_FILE, LINK_FOLDER, LINK_UNTRACKED, LINK_FROM_DOCS):
        assert built.leaks(mark) == [], mark


@pytest.mark.parametrize(("layout", "history"), LINK_PARAMS)
def test_links_out_of_the_project_fail_strict(link_sites, layout, history):
    built = link_sites[(layout, history)].built
    assert built.strict.returncode == 1
    for name in ("goals/alice/hosts.md", "goals/alice/outdir", "goals/alice/untracked.md"):
        assert [w for w in built.warnings() if f" {name}" in w and "symlink" in w], name


@pytest.mark.parametrize(("layout", "history"), LINK_PARAMS)
def test_link_inside_the_project_is_read_as_the_file_it_points_to(link_sites, layout, history):
    built = link_sites[(layout, history)].built
    assert INSIDE_TARGET.encode() in built.site["goals/alice/inside/index.html"]
    data = strict_json(built.site["dashboards/goals.json"])
    assert "goals/alice/inside.md" in [e["path"] for e in data["inventories"]]  # once: see the loop test




@pytest.mark.parametrize(("layout", "history"), [
    pytest.param(*p.values, id=p.id) for p in LINK_PARAMS
])
def test_link_loop_publishes_each_goal_once(link_sites, layout, history):
    built = link_sites[(layout, history)].built
    data = strict_json(built.site["dashboards/goals.json"])
    assert [g["title"] for g in data["goals"]] == ["Public goal 3 things"]
    assert not [name for name in built.site if "/loop/" in name or "/self/" in name]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("mark", [
    LINK_FILE, LINK_FOLDER, LINK_FROM_DOCS, LINK_UNTRACKED,
])
def test_links_out_of_the_project_in_no_line_of_any_cli_output(link_sites, layout, mark):
    site = link_sites[(layout, True)]
    assert site.cli.crashes() == []
    assert site.cli.leaks(mark) == []
    assert site.cli.leaks(INSIDE_TARGET, {"history-json": site.cli.runs["history-json"]})


# =====================================================================================
# 9. markup in names: folders, files, titles, owners, teams, people, git authors
# =====================================================================================

IMG = "<img src=x onerror=alert(1)>"
QUOTE = '"><script>alert(2)</script>'
XSS_PEOPLE = f"""\
alice: {{name: Alice Adams, team: platform}}
'{QUOTE}owner': {{name: '{QUOTE}name', team: '{QUOTE}team', level: '{QUOTE}level', manager: alice}}
'{IMG}': {{name: '{IMG}', team: '{IMG}'}}
"""
ITEM_IMG = "<img src=x onerror=alert(9)>"  # an item text: the goal's own page renders its Markdown as written
XSS_GOAL = f"""\
---
title: '{QUOTE} title'
owner: '{QUOTE}owner'
team: '{QUOTE}team2'
status: on-track
start: 2026-01-01
due: 2099-01-01
category: '{QUOTE}category'
---
# A safe heading

## Action steps

- [x] first step by 2099-01-01
- [ ] second step by 2099-02-01
"""
ITEMS_GOAL = f"""\
---
title: Items 2 things
owner: alice
status: on-track
start: 2026-01-01
due: 2099-01-01
---
# Items 2 things

## Action steps

- [ ] {ITEM_IMG} next by 2099-01-15
- [ ] {ITEM_IMG} later by 2099-03-15
"""


@pytest.fixture(scope="module")
def markup_sites(tmp_path_factory) -> dict[str, Site]:
    """`entries`: goals and inventories (and people) with markup in every name;
    `other`: Markdown pages with nothing to count, named with markup, in the goals folder."""
    entries = Handbook(tmp_path_factory.mktemp("markup-entries"))
    entries.configure()
    entries.write("people.yml", XSS_PEOPLE)
    entries.write(entries.goal("alice/public.md"), PUBLIC_GOAL)
    entries.write(entries.goal(f"{IMG}/{IMG}.md"), "Some text.\n\n- [x] one\n- [ ] two\n")  # no title, no H1
    entries.write(entries.goal("q/goal.md"), XSS_GOAL)
    entries.write(entries.goal("q/items.md"), ITEMS_GOAL)
    base = entries.commit("markup everywhere", BASE_DATE, author=f"{QUOTE} Eve")
    head = entries.commit("tick", HEAD_DATE, author=f"{IMG} Mal",
                          files={entries.goal("q/items.md"): ITEMS_GOAL.replace("- [ ]", "- [x]", 1)})
    other = Handbook(tmp_path_factory.mktemp("markup-other"))
    other.configure()
    other.write(other.goal("alice/public.md"), PUBLIC_GOAL)
    other.write(other.goal(f"{IMG}/notes-{IMG}.md"), "Just notes, nothing to count.\n")
    other.write(other.goal(f"plain/{IMG}.md"), "Nothing to count here either.\n")
    other.commit("notes", BASE_DATE)
    built = build_many([entries.root, other.root])
    return {"entries": Site(entries, built[0], run_cli(entries.root, cli_commands(base, head))),
            "other": Site(other, built[1])}


def _html_without_the_items_page(site: Site) -> dict[str, bytes]:
    return {n: d for n, d in site.built.site.items() if n.endswith(".html") and n != "goals/q/items/index.html"}


def test_markup_in_names_builds_strict_without_traceback(markup_sites):
    built = markup_sites["entries"].built
    no_traceback(built)
    assert built.normal.returncode == 0 and built.strict.returncode == 0, built.strict.stderr[-2000:]
    assert markup_sites["entries"].cli.crashes() == []


def test_markup_in_names_is_inert_in_every_html_page(markup_sites):
    site = markup_sites["entries"]
    pages = _html_without_the_items_page(site)
    assert len(pages) > 8
    assert event_handlers(pages) == []
    assert hostile_scripts(pages) == []
    assert [n for n, d in pages.items() if b"<img src=x" in d or b'"><script>' in d] == []
    inventory = site.built.site[f"goals/{IMG}/{IMG}/index.html"]
    assert b"&lt;img src=x onerror=alert(1)&gt;" in inventory  # its title, shown as text


def test_item_text_with_markup_is_inert_on_dashboards(markup_sites):
    site = markup_sites["entries"].built.site
    dashboards = {n: d for n, d in site.items() if n.startswith("dashboards/") and n.endswith(".html")}
    assert ITEM_IMG.encode() not in b"".join(dashboards.values())
    assert b"&lt;img src=x onerror=alert(9)&gt;" in site["dashboards/index.html"]  # recently completed
    assert event_handlers(dashboards) == []


def test_markup_in_names_is_inert_in_the_search_index_and_titles(markup_sites):
    site = markup_sites["entries"].built.site
    index = strict_json(site["search/search_index.json"])
    assert [(d["location"], d["title"]) for d in index["docs"] if "<img" in d["title"] or "<script" in d["title"]] == []
    for name, data in _html_without_the_items_page(markup_sites["entries"]).items():
        titles = re.findall(rb"<title>(.*?)</title>", data, re.S)
        assert titles and not [t for t in titles if b"<" in t], name
    ElementTree.fromstring(site["sitemap.xml"])
    data = strict_json(site["dashboards/goals.json"])
    assert f"{QUOTE} title" in [g["title"] for g in data["goals"]]  # data stays data in JSON


def test_markup_in_ids_becomes_safe_slugs_and_stays_in_site(markup_sites):
    site, root = markup_sites["entries"].built.site, markup_sites["entries"].handbook.root
    people = sorted({n.split("/")[2] for n in site if n.startswith("dashboards/people/")})
    teams = sorted({n.split("/")[2] for n in site if n.startswith("dashboards/teams/")})
    assert all(all(c.isalnum() or c == "-" for c in slug) for slug in people + teams), people + teams
    for path in (root / "site").rglob("*"):
        assert path.resolve().is_relative_to((root / "site").resolve())


def test_markup_in_names_of_pages_with_nothing_to_count_is_inert(markup_sites):
    site = markup_sites["other"]
    no_traceback(site.built)
    pages = {n: d for n, d in site.built.site.items() if n.endswith(".html")}
    assert event_handlers(pages) == []
    index = strict_json(site.built.site["search/search_index.json"])
    assert [d["title"] for d in index["docs"] if "<img" in d["title"]] == []


def test_terminal_escapes_in_goal_text_and_authors_are_not_printed(tmp_path):
    repo = GoalRepo(tmp_path)
    esc = "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ \x1b[2K\x1b[1A"
    text = (f"---\ntitle: Escapes 2 things\nowner: alice\nstatus: on-track\ndue: 2099-01-01\n---\n"
            f"# Title {esc}\n\n## Action steps {esc}\n\n- [ ] step {esc} one\n- [x] step two\n")
    base = repo.commit("one", BASE_DATE, author="Eve \x1b[31mRed", files={"goals/alice/escapes.md": text})
    repo.commit("two", HEAD_DATE, author="Eve \x1b[31mRed", files={"goals/alice/escapes.md": text.replace("- [ ]", "- [x]")})
    runs = run_cli(tmp_path, {
        "stats": ["stats", "goals"], "history": ["history", "goals"], "check": ["check", "goals"],
        "diff-text": ["diff", base, "HEAD", "--format", "text"],
    })
    assert runs.crashes() == []
    assert {name: "\x1b" in run.stdout for name, run in runs.runs.items()} == dict.fromkeys(runs.runs, False)


# =====================================================================================
# 10. goals_dir pointing out of the project
# =====================================================================================

REFUSED_GOALS_DIRS = {
    "root": ("/", {}),
    "root-even-when-allowed": ("/", {"allow_outside_project": True}),
    "two-up": ("../..", {}),
    "sibling-not-allowed": ("../sibling", {}),
    "link-to-root": ("goals", {}),  # goals -> /
    "link-two-up": ("goals", {}),  # goals -> ../..
}


@pytest.fixture(scope="module")
def goals_dir_sites(tmp_path_factory) -> dict[str, tuple[Handbook, Built]]:
    parent = tmp_path_factory.mktemp("goals-dir")
    sibling = GoalRepo(parent / "sibling")  # a handbook checked out beside the site: its own repository
    sibling.commit("goals", BASE_DATE, files={"alice/sibling.md": PUBLIC_GOAL.replace("Public goal 3", "Sibling goal 3")})
    handbooks = {}
    for name, (goals_dir, plugin) in {**REFUSED_GOALS_DIRS, "sibling-allowed": ("../sibling", {"allow_outside_project": True})}.items():
        handbook = Handbook(parent / name)
        handbook.write("mkdocs.yml", config(goals_dir=goals_dir, plugin=plugin))
        if name == "link-to-root":
            handbook.link("goals", "/")
        elif name == "link-two-up":
            handbook.link("goals", "../..")
        handbook.commit("site", BASE_DATE)
        handbooks[name] = handbook
    built = build_many([h.root for h in handbooks.values()])
    return {name: (handbook, result) for (name, handbook), result in zip(handbooks.items(), built)}


@pytest.mark.parametrize("name", list(REFUSED_GOALS_DIRS))
def test_goals_dir_out_of_the_project_is_a_clear_error_and_scans_nothing(goals_dir_sites, name):
    _, built = goals_dir_sites[name]
    no_traceback(built)
    assert built.normal.returncode == 1 and built.strict.returncode == 1
    errors = [line for line in built.normal.stderr.splitlines() if line.startswith("ERROR")]
    assert errors and "outside the project" in errors[0] and "goals_dir" in errors[0], built.normal.stderr[-1500:]
    assert "not published" not in built.outputs() and "history:" not in built.outputs()  # nothing was read
    assert built.site == {} and built.strict_site == {}


def test_goals_dir_in_a_sibling_folder_works_when_allowed(goals_dir_sites):
    _, built = goals_dir_sites["sibling-allowed"]
    no_traceback(built)
    assert built.normal.returncode == 0 and built.strict.returncode == 0, built.strict.stderr[-1500:]
    assert b"Sibling goal 3 things" in built.site["sibling/alice/sibling/index.html"]
    assert b'id="goals-history"' in built.site["sibling/alice/sibling/index.html"]  # read from its own repository


def planned_destinations(root: Path) -> tuple[Path, list[tuple[str, Path]]]:
    """Where a build would write each file, from the real config and the plugin's
    `on_config` and `on_files`, without writing anything (a wrong answer could be `/`)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    here = os.getcwd()
    os.chdir(root)
    try:
        cfg = load_config(str(root / "mkdocs.yml"))
        cfg = cfg.plugins.on_config(cfg)
        with mock.patch.dict(os.environ, {"GOALS_LAYOUT_WORKERS": "0"}):  # no page is drawn: nothing to lay out
            files = cfg.plugins.on_files(get_files(cfg), config=cfg)
        return Path(cfg.site_dir).resolve(), [(f.src_uri, Path(f.abs_dest_path).resolve()) for f in files]
    finally:
        os.chdir(here)


@pytest.mark.parametrize("goals_dir", [".", "", "docs/..", "goals/.."])
def test_goals_dir_naming_the_project_itself_writes_nothing_outside_the_site(tmp_path, goals_dir):
    """Refused before anything is read: a goals folder that holds the site itself."""
    from mkdocs.exceptions import PluginError

    handbook = Handbook(tmp_path)
    handbook.write("mkdocs.yml", config(goals_dir=goals_dir, plugin={"history": False}))
    handbook.write("goals/alice/public.md", PUBLIC_GOAL)
    handbook.commit("site", BASE_DATE)
    with pytest.raises(PluginError, match="which holds the site itself"):
        planned_destinations(tmp_path)
    (built,) = build_many([tmp_path])
    assert built.normal.returncode == 1 and "which holds the site itself" in built.normal.stderr
    no_traceback(built)


# =====================================================================================
# 12. more: opt-in publishing, a repository inside the goals folder
# =====================================================================================

UNDECLARED = canary("undeclared-under-default-private")


@pytest.fixture(scope="module")
def opt_in_site(tmp_path_factory) -> Site:
    """`default_visibility: private`: only goals that say `visibility: public` are published."""
    handbook = Handbook(tmp_path_factory.mktemp("opt-in"))
    handbook.configure(plugin={"default_visibility": "private", "publish_private": False})
    goal = handbook.goal
    handbook.write(goal("alice/public.md"), PUBLIC_GOAL.replace("team: platform\n", "team: platform\nvisibility: public\n"))
    handbook.write(goal("alice/undeclared.md"), f"---\n{goal_front(UNDECLARED)}---\n{body(UNDECLARED)}")
    handbook.write(goal("alice/inventory.md"), f"# {UNDECLARED} inventory\n\n- [x] {UNDECLARED} inventory item\n")
    base = handbook.commit("opt-in handbook", BASE_DATE)
    head = handbook.commit("progress", HEAD_DATE, files={
        goal("alice/undeclared.md"): f"---\n{goal_front(UNDECLARED)}---\n{body(UNDECLARED)}- [x] {UNDECLARED} more\n"})
    (built,) = build_many([handbook.root])
    return Site(handbook, built, run_cli(handbook.root, cli_commands(base, head)))


def test_default_private_withholds_what_declares_nothing_quietly(opt_in_site):
    built = opt_in_site.built
    no_traceback(built)
    assert built.normal.returncode == 0 and built.strict.returncode == 0, built.strict.stderr[-1500:]
    assert built.leaks(UNDECLARED) == []
    assert built.leaks(PUBLIC_MARKER)


def test_default_private_holds_for_every_cli_output(opt_in_site):
    assert opt_in_site.cli.crashes() == []
    assert opt_in_site.cli.leaks(UNDECLARED) == []


@pytest.fixture(scope="module")
def nested_repository_site(tmp_path_factory) -> Site:
    """A git repository inside the goals folder (a submodule, a vendored handbook)."""
    handbook = Handbook(tmp_path_factory.mktemp("nested-repository"))
    handbook.configure()
    handbook.write(handbook.goal("zed/public.md"), PUBLIC_GOAL)
    handbook.commit("outer", BASE_DATE)
    inner = GoalRepo(handbook.root / handbook.goal("aaa"))  # listed first: history_for opens *its* repository
    inner.commit("inner", BASE_DATE, files={"inner.md": PUBLIC_GOAL.replace("Public goal 3", "Inner goal 3")})
    (built,) = build_many([handbook.root])
    return Site(handbook, built, run_cli(handbook.root, {"history": ["history", "goals"],
                                                        "history-json": ["history", "--format", "json", "goals"]}))




def test_repository_inside_the_goals_folder_builds_without_traceback(nested_repository_site):
    built = nested_repository_site.built
    no_traceback(built)
    assert built.normal.returncode == 0


def test_repository_inside_the_goals_folder_has_history_without_internal_error(nested_repository_site):
    assert nested_repository_site.cli.crashes() == []

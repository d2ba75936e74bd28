"""What a site build reads again and keeps (issue 10): under `mkdocs serve` a rebuild parses
only the goal files that changed; a single build lets the goals' text go; titles cost the
theme's nav nothing."""

from __future__ import annotations

from pathlib import Path

from gitrepo import GoalRepo
from mkdocs_goals.core.document import markdown, model
from mkdocs_goals.core.handbook import collect as collecting
from mkdocs_goals.core.handbook.collect import KnownDocuments, Settings, Source, collect

GOAL = "---\ntitle: Ship {n}\nowner: ana\nstatus: on-track\ndue: 2026-06-30\n---\n# Ship\n\n- [{box}] a\n- [ ] b\n"


def sources(root: Path) -> list[Source]:
    return [Source(f"goals/{p.name}", p, f"goals/{p.stem}/") for p in sorted(root.glob("*.md"))]


def test_unchanged_files_are_not_parsed_again_and_changed_ones_are(tmp_path, monkeypatch):
    root = tmp_path / "goals"
    root.mkdir()
    for n in range(3):
        (root / f"g{n}.md").write_text(GOAL.format(n=n, box=" "))
    settings = Settings(goals_root=root, project=tmp_path, history=False, documents=KnownDocuments())
    first = collect(sources(root), settings)
    parsed = []
    parse = model.parse_document
    monkeypatch.setattr(collecting, "parse_document", lambda raw, *a, **k: parsed.append(raw) or parse(raw, *a, **k))
    (root / "g1.md").write_text(GOAL.format(n=1, box="x"))
    second = collect(sources(root), settings)
    assert len(parsed) == 1 and b"[x] a" in parsed[0]
    assert second.entries["goals/g0.md"].document is first.entries["goals/g0.md"].document
    assert second.entries["goals/g1.md"].document.progress.checked == 1
    assert [f.rule for f in second.findings] == [f.rule for f in first.findings]


def test_a_deleted_file_is_forgotten(tmp_path):
    root = tmp_path / "goals"
    root.mkdir()
    for n in range(2):
        (root / f"g{n}.md").write_text(GOAL.format(n=n, box=" "))
    known = KnownDocuments()
    settings = Settings(goals_root=root, project=tmp_path, history=False, documents=known)
    collect(sources(root), settings)
    (root / "g1.md").unlink()
    found = collect(sources(root), settings)
    assert list(found.entries) == ["goals/g0.md"] and len(known.known) == 1


def test_laying_out_a_page_leaves_no_outline_behind():
    """A page's body is laid out once per build (and its layout kept by `Layouts` under
    serve): remembering its outline in the process-wide cache held 36 MB of a large build."""
    from mkdocs_goals.render.pages import page_layout

    before = model.scan_cached.cache_info().currsize
    layout = page_layout("# Ship\n\n- [x] a\n  - [ ] nested b\n", "goals/g.md", model.Options())
    assert layout is not None and [checked for _, checked, _ in layout.boxes] == [True, False]
    assert model.scan_cached.cache_info().currsize == before


RICH_GOAL = (
    "\ufeff---\ntitle: Q2\nowner: ana\nstatus: on-track\nstart: 2026-04-01\ndue: 2026-06-30\n---\n# Q2\n\n"
    "## Goal 1: Docs\n\n### Success criteria\n\n- [x] written\n- [ ] reviewed\n\n"
    "### Milestones\n\n- [x] Month 1: outline\n- [ ] Month 2: draft\n\n"
    "## Goal 2: Tests\n\n- [x] unit\n- [ ] browser\n\n"
    "## Category\n\n- [x] Delivery\n- [ ] Growth\n"
)


def derived(document: model.Document) -> tuple:
    return (document.title, document.kind, document.checked, document.total, document.progress, document.work,
            document.parts, document.subgoals, document.category, document.assessment, document.checklist)


def test_releasing_a_documents_text_keeps_everything_read_from_it():
    """A single site build lets a published document's bytes and outline go once the
    dashboards are made (issue 10: they were half of what the build held): what the pages
    still read from it must not change, and the released text must not pass for text."""
    document = model.parse_document(RICH_GOAL.encode(), "goals/ana/q2.md")
    assert document.kind is model.Kind.GOAL and len(document.subgoals) == 2 and document.parts.milestones
    fresh = model.parse_document(RICH_GOAL.encode(), "goals/ana/q2.md")  # nothing derived yet
    fresh.release_text()
    assert derived(fresh) == derived(document)
    assert fresh.outline is None and fresh.raw == b"" and fresh.text_released and not document.text_released
    assert fresh.decoded is not None and fresh.decoded.has_bom and fresh.decoded.body == b""
    assert fresh.file_offset(10) == document.file_offset(10) == 13


def test_a_single_build_releases_goal_texts_and_serve_keeps_them(tmp_path, monkeypatch):
    """`mkdocs build` has no second build to reuse documents for; `mkdocs serve` parses
    only changed files on a rebuild, so it must keep them whole."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # one build date for both builds
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "goals/ana").mkdir(parents=True)
    notes = "".join(f"\n## Notes {n}\n\n" + "Words of a long section. " * 60 + "\n" for n in range(4))
    (tmp_path / "goals/ana/q2.md").write_text(RICH_GOAL + notes)  # long enough to be read in sections
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - goals:\n      goals_dir: goals\n      history: false\n")
    released, remembered = {}, {}
    for command in ("build", "serve"):
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / command))
        config.plugins.on_startup(command=command, dirty=False)
        markdown.forget_sections()  # as a fresh process has it
        mkdocs_build(config)
        plugin = config.plugins["goals"]
        released[command] = [entry.document.text_released for entry in plugin.entries.values()]
        remembered[command] = markdown.sections_remembered()  # a rebuild parses a saved file's new sections only
        assert (tmp_path / command / "goals/ana/q2/index.html").read_text().count("Goal 2: Tests") >= 1
    assert released == {"build": [True], "serve": [False]}
    assert remembered["build"] == 0 and remembered["serve"] > 0
    page = "goals/ana/q2/index.html"
    assert (tmp_path / "build" / page).read_bytes() == (tmp_path / "serve" / page).read_bytes()


def test_a_watching_generator_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    """`goals generate --watch` generates again and again: it keeps its documents as
    `mkdocs serve` does, and what it writes is what a fresh generation writes."""
    from mkdocs_goals.generator.build import generate
    from mkdocs_goals.generator.config import load_site_config

    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - goals:\n      history: false\n")
    (tmp_path / "docs").mkdir()
    root = tmp_path / "goals"
    root.mkdir()
    for n in range(3):
        (root / f"g{n}.md").write_text(GOAL.format(n=n, box=" "))
    site = load_site_config(tmp_path / "mkdocs.yml")
    known = KnownDocuments()
    generate(site, documents=known)
    parsed = []
    parse = model.parse_document
    monkeypatch.setattr(collecting, "parse_document", lambda raw, *a, **k: parsed.append(raw) or parse(raw, *a, **k))
    (root / "g2.md").write_text(GOAL.format(n=2, box="x"))
    again = generate(site, documents=known)
    assert len(parsed) == 1 and b"[x] a" in parsed[0]
    fresh = generate(site)
    assert [(o.uri, o.content) for o in again.outputs] == [(o.uri, o.content) for o in fresh.outputs]
    assert any("1/2" in o.content for o in again.outputs if o.uri.endswith("g2.md"))


def test_titles_are_set_without_filling_meta_unless_html_would_change_them(tmp_path, monkeypatch):
    """Material's nav looks up four keys of every item's non-empty `meta` on every page
    (a tenth of a 700-page build): a plain title goes on the page, `meta` stays as the
    file left it. A title with markup stays escaped in `meta`, where Material prints it
    as it is (`page.title` goes through `striptags`, which unescapes)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "goals/kep").mkdir(parents=True)
    (tmp_path / "goals/kep/plain.md").write_text("# KEP-1: Plain title\n\n- [x] a\n- [ ] b\n")
    (tmp_path / "goals/kep/markup.md").write_text("---\ntitle: 'KEP-2 </title><script>x()</script> & co'\n---\n- [ ] a\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material}\nplugins:\n  - goals:\n      goals_dir: goals\n      history: false\n")
    metas = {}
    render = Page.render
    monkeypatch.setattr(Page, "render", lambda page, *a, **k: metas.__setitem__(page.file.src_uri, dict(page.meta))
                        or render(page, *a, **k))
    mkdocs_build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert metas["goals/kep/plain.md"] == {}
    assert str(metas["goals/kep/markup.md"]["title"]) == "KEP-2 &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; co"
    plain = (tmp_path / "site/goals/kep/plain/index.html").read_text()
    assert "<title>KEP-1: Plain title - T</title>" in plain and plain.count("KEP-2 &lt;/title&gt;") >= 1  # its nav
    markup = (tmp_path / "site/goals/kep/markup/index.html").read_text()
    assert "<title>KEP-2 &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; co - T</title>" in markup
    assert "<script>x()" not in markup and "<script>x()" not in plain


def test_a_goal_history_ends_in_the_version_its_page_counts(tmp_path):
    """A save between collecting and history (`mkdocs serve` rebuilding while someone
    types) must not give the page one count and its History another: history takes the
    collected bytes, it does not read the file again."""
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g0.md": GOAL.format(n=0, box=" ")})
    path = repo.write("goals/g0.md", GOAL.format(n=0, box="x"))
    settings = Settings(goals_root=tmp_path / "goals", project=tmp_path, history=True)
    found = collect(sources(tmp_path / "goals"), settings)
    path.write_text(GOAL.format(n=0, box=" "))  # unticked again, after the page was counted
    collecting.attach_history(found, settings)
    entry = found.entries["goals/g0.md"]
    assert entry.document.progress.checked == 1
    assert [c.text for c in entry.history.completed] == ["a"]


def test_a_rebuild_hashes_only_the_goal_files_that_changed(tmp_path, monkeypatch):
    """Under `mkdocs serve` each kept document keeps the version history takes it as:
    the second collection hashes the one saved file, and its history ends in that save."""
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-01-05T09:00:00+00:00",
                files={f"goals/g{n}.md": GOAL.format(n=n, box=" ") for n in range(3)})
    settings = Settings(goals_root=tmp_path / "goals", project=tmp_path, history=True, documents=KnownDocuments())
    hashed = []

    class Counted(collecting.AsRead):
        @classmethod
        def of(cls, raw):
            hashed.append(raw)
            return super().of(raw)

    monkeypatch.setattr(collecting, "AsRead", Counted)
    collecting.attach_history(collect(sources(tmp_path / "goals"), settings), settings)
    assert len(hashed) == 3
    repo.write("goals/g1.md", GOAL.format(n=1, box="x"))
    found = collect(sources(tmp_path / "goals"), settings)
    collecting.attach_history(found, settings)
    assert len(hashed) == 4 and b"[x] a" in hashed[-1]
    assert [c.text for c in found.entries["goals/g1.md"].history.completed] == ["a"]
    assert [c.text for c in found.entries["goals/g0.md"].history.completed] == []

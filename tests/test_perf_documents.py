"""Under `mkdocs serve`, a rebuild parses only the goal files that changed (issue 10)."""

from __future__ import annotations

from pathlib import Path

from mkdocs_goals.core.document import model
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

"""A goal page laid out from its file's own parse (`PreparedLayouts`, so a site build
parses each goal file once) is decorated exactly as one laid out from the body MkDocs
hands over; a body that is not the one predicted is parsed as before. Nesting edits
worked out by another process (`NestingPool`) are the ones worked out here, and a
process that dies leaves the pages laid out here."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from mkdocs_goals.core.document.model import Options, parse_document
from mkdocs_goals.core.processes import fork_context
from mkdocs_goals.render import nesting_pool
from mkdocs_goals.render.nesting_pool import NestingPool, workers_wanted
from mkdocs_goals.render.pages import PreparedLayouts, decorate_markdown, page_layout
from mkdocs_goals.render.templates import Renderer
from sites import build

ROOT = Path(__file__).parent.parent

FRONT = "---\ntitle: Ship it\nowner: ana\nstatus: on-track\n---\n"
CASES = {
    "plain": FRONT + "# Ship it\n\n## Criteria [1/3]\n- [x] one\n- [ ] two\n  - [ ] nested [0/1]\n    - [ ] deep\n",
    "no title": FRONT + "Some text\n- [ ] a list right after a paragraph\n- [x] b\n",
    "leading blank lines": FRONT + "\n\n\n# Ship it\n\n1) [ ] paren marker\n2) [x] second\n",
    "quotes and code": FRONT + "# T\n\n> - [ ] quoted\n>   - [x] nested quoted\n\n```\n- [ ] not a task\n```\n"
                       "- [ ] after code\n\t- [ ] tab nested\n",
    "bare boxes": FRONT + "# T\n\n[ ] bare one\n[x] bare two\ntext\n[ ] after a paragraph line\n",
    "item counters": FRONT + "# T\n\n- [ ] Migrate [1/2]\n  - [x] a\n  - [ ] b\n- Percent [50%]\n  - [x] c\n  - [ ] d\n",
    "no front matter": "# Ship it [0/1]\n\n- [ ] one\n",
    "a second front matter": FRONT + "---\nnot: front matter\n---\n# T\n\n- [ ] one\n",
    "crlf": (FRONT + "# Ship it\n\n## Criteria [1/2]\n- [x] one\n- [ ] two\n  - [ ] nested\n").replace("\n", "\r\n"),
    "bom": "\ufeff" + FRONT + "# Ship it\n\n- [ ] one\n  - [x] two\n",
    "multimarkdown meta": "Title: Meta\nOwner: ana\n\n# Ship it\n\n- [ ] one\n",
    "spaces before the title": FRONT + "   \n# Ship it\n\n- [ ] one\n",
    "u+feff after the front matter": FRONT + "\ufeff# T\n\n- [ ] one\n  - [x] two\n",
    "html block": FRONT + "# T\n\n<div>\n- [ ] in html\n</div>\n\n- [ ] out\n    - [ ] four spaces\n",
}


def files() -> list[tuple[str, bytes]]:
    found = [(f"case/{name}.md", text.encode("utf-8")) for name, text in CASES.items()]
    for folder in (ROOT / "tests/fixtures/seeds", ROOT / "goals"):
        found += [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*.md"))]
    return found


def as_mkdocs_reads(raw: bytes) -> str:
    """The page's Markdown as MkDocs hands it to plugins: read as text, meta taken off."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # open() in text mode
    return get_data(text)[0]


@pytest.mark.parametrize("options", [Options(), Options(bare_checkboxes=False)], ids=["bare", "no-bare"])
def test_prepared_layouts_decorate_pages_as_a_parse_of_the_page_does(options):
    renderer = Renderer(None, {})
    parsed_again: list[str] = []
    prepared = PreparedLayouts(lambda markdown, path, opts: parsed_again.append(path) or page_layout(markdown, path, opts))
    cases = files()
    for path, raw in cases:
        prepared.add(parse_document(raw, path, options, cache=False), options)
    for path, raw in cases:
        markdown = as_mkdocs_reads(raw)
        expected, got = page_layout(markdown, path, options), prepared.layout(markdown, path, options)
        assert (got is None) == (expected is None), path
        if expected is not None:
            decorated = decorate_markdown(markdown, expected, renderer, "/", header="<p>HEADER</p>", footer="<p>F</p>")
            assert decorate_markdown(markdown, got, renderer, "/", header="<p>HEADER</p>", footer="<p>F</p>") == decorated, path
        if path == "case/u+feff after the front matter.md":  # its line and box stay whole
            assert "\n\ufeff# T\n" in decorated and "[ ] one" not in decorated, decorated  # text, as Markdown reads it
    # parsed again: only the pages whose Markdown is not the predicted body
    assert sorted(parsed_again) == ["case/a second front matter.md", "case/crlf.md", "case/multimarkdown meta.md"]
    assert len(cases) > 30
    assert hash(got) == hash(expected)  # a layout is hashable, packed edits and all


def test_a_page_another_plugin_changed_is_parsed_again():
    options, path = Options(), "goals/g.md"
    raw = (FRONT + "# Ship it\n\n- [ ] one\n- [x] two\n").encode()
    parsed_again: list[str] = []
    prepared = PreparedLayouts(lambda markdown, p, opts: parsed_again.append(p) or page_layout(markdown, p, opts))
    prepared.add(parse_document(raw, path, options, cache=False), options)
    changed = as_mkdocs_reads(raw).replace("- [ ] one", "- [ ] one, and more words from a plugin")
    layout = prepared.layout(changed, path, options)
    assert parsed_again == [path] and layout == page_layout(changed, path, options)
    assert prepared.layout(as_mkdocs_reads(raw), path, Options(bare_checkboxes=False)) is not None
    assert parsed_again == [path, path]  # other options: parsed with those


@pytest.fixture
def pool(monkeypatch):
    monkeypatch.setenv("GOALS_LAYOUT_WORKERS", "1")
    if fork_context() is None:  # as in a build: a threaded process is not forked
        pytest.skip(f"other threads run in this test process ({threading.enumerate()}): no process is forked from it")
    started = NestingPool.start(nesting_pool.POOL_FROM)
    assert started is not None
    yield started
    started.close()


def test_nesting_edits_from_another_process_are_the_ones_made_here(pool):
    options, renderer = Options(), Renderer(None, {})
    parsed_again: list[str] = []
    prepared = PreparedLayouts(lambda markdown, path, opts: parsed_again.append(path) or page_layout(markdown, path, opts),
                               nesting=pool)
    cases = files()
    for path, raw in cases:
        prepared.add(parse_document(raw, path, options, cache=False), options)
    laid_out = nested = 0
    for path, raw in cases:
        markdown = as_mkdocs_reads(raw)
        expected, got = page_layout(markdown, path, options), prepared.layout(markdown, path, options)
        assert (got is None) == (expected is None), path
        if expected is None:
            continue
        def in_page(layout):
            return [(start - layout.offset, end - layout.offset, text) for start, end, text in layout.indentation]

        assert in_page(got) == in_page(expected), path  # every nesting edit, where the page has it
        assert decorate_markdown(markdown, got, renderer, "/", header="<p>H</p>") == \
            decorate_markdown(markdown, expected, renderer, "/", header="<p>H</p>"), path
        laid_out += 1
        nested += bool(len(expected.indentation))
    assert sorted(parsed_again) == ["case/a second front matter.md", "case/crlf.md", "case/multimarkdown meta.md"]
    assert nested > 5 and prepared.nested_elsewhere == laid_out - len(parsed_again)


def test_a_site_nested_by_another_process_is_the_site_nested_here(tmp_path, monkeypatch):
    """A real `mkdocs build` with the other process and one without write the same bytes."""
    shutil.copytree(ROOT / "goals", tmp_path / "goals")
    shutil.copytree(ROOT / "tests/fixtures/seeds", tmp_path / "goals/seeds")
    for copy in range(5):  # enough pages for the process to be started (`POOL_FROM`)
        (tmp_path / f"goals/cases{copy}").mkdir()
        for name, text in CASES.items():
            (tmp_path / f"goals/cases{copy}/{name}.md").write_bytes(text.encode())
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Nesting\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - goals: {history: false}\n"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # the sitemap's dates: the same in both builds
    logs = {}
    for workers in ("1", "0"):
        monkeypatch.setenv("GOALS_LAYOUT_WORKERS", workers)
        result = build(tmp_path, "-v", "-d", f"site-{workers}")
        assert result.returncode == 0, result.stderr
        logs[workers] = result.stderr
    found = re.search(r"the nested lists of (\d+) goal pages laid out by another process", logs["1"])
    assert found and int(found.group(1)) >= 50, logs["1"][-2000:]  # all but the pages parsed again
    assert "laid out by another process" not in logs["0"]
    written = {workers: {p.relative_to(tmp_path / f"site-{workers}"): p.read_bytes()
                         for p in (tmp_path / f"site-{workers}").rglob("*") if p.is_file()} for workers in ("1", "0")}
    assert written["1"].keys() == written["0"].keys() and len(written["1"]) > 40
    assert [path for path, data in written["1"].items() if data != written["0"][path]] == []


def _die(sources: list[bytes]) -> list:
    os._exit(3)  # as a process killed for its memory would


@pytest.mark.parametrize("pages", [1, 3 * nesting_pool.CHUNK + 5], ids=["one chunk", "chunks sent while adding"])
def test_pages_are_laid_out_here_when_the_other_process_dies(pool, monkeypatch, pages):
    """Whether it dies before the first chunk comes back or while later ones are sent,
    every page is laid out here, and nothing raises."""
    monkeypatch.setattr(nesting_pool, "_edits_of", _die)
    options = Options()
    parsed_again: list[str] = []
    prepared = PreparedLayouts(lambda markdown, path, opts: parsed_again.append(path) or page_layout(markdown, path, opts),
                               nesting=pool)
    raw = CASES["plain"].encode()
    paths = [f"goals/g{n}.md" for n in range(pages)]
    for n, path in enumerate(paths):
        prepared.add(parse_document(raw, path, options, cache=False), options)
        if n == nesting_pool.CHUNK:  # the first chunk's process is dead by now
            pool.futures[paths[0]][0].exception()
    prepared.added_all()
    markdown, renderer = as_mkdocs_reads(raw), Renderer(None, {})
    expected = decorate_markdown(markdown, page_layout(markdown, "goals/g.md", options), renderer, "/", header="<p>H</p>")
    for path in paths:
        layout = prepared.layout(markdown, path, options)
        assert decorate_markdown(markdown, layout, renderer, "/", header="<p>H</p>") == expected, path
    # the texts sent before it died are parsed again; once it is known dead, pages are laid out whole at once
    assert parsed_again == paths[: len(parsed_again)] and len(parsed_again) >= min(pages, nesting_pool.CHUNK)
    assert prepared.nested_elsewhere == 0
    prepared.close()


def test_a_page_asked_for_after_the_process_stopped_is_laid_out_here(pool):
    options = Options()
    prepared = PreparedLayouts(nesting=pool)
    raw = CASES["plain"].encode()
    prepared.add(parse_document(raw, "goals/g.md", options, cache=False), options)
    prepared.close()
    markdown = as_mkdocs_reads(raw)
    layout = prepared.layout(markdown, "goals/g.md", options)
    assert layout == page_layout(markdown, "goals/g.md", options) and len(layout.indentation) > 0


@pytest.mark.parametrize(("value", "wanted"), [("0", 0), ("1", 1), ("3", 3), ("many", 0), ("-2", 0)])
def test_layout_workers_are_what_the_environment_says(monkeypatch, value, wanted):
    monkeypatch.setenv("GOALS_LAYOUT_WORKERS", value)
    assert workers_wanted() == wanted


def test_no_process_is_started_when_none_is_wanted_or_it_would_not_pay(monkeypatch):
    monkeypatch.setenv("GOALS_LAYOUT_WORKERS", "0")
    assert NestingPool.start(10_000) is None
    monkeypatch.setenv("GOALS_LAYOUT_WORKERS", "1")
    assert NestingPool.start(nesting_pool.POOL_FROM - 1) is None  # a small handbook: a fork costs more

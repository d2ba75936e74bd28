"""A goal page laid out from its file's own parse (`PreparedLayouts`, so a site build
parses each goal file once) is decorated exactly as one laid out from the body MkDocs
hands over; a body that is not the one predicted is parsed as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from mkdocs_goals.core.document.model import Options, parse_document
from mkdocs_goals.render.pages import PreparedLayouts, decorate_markdown, page_layout
from mkdocs_goals.render.templates import Renderer

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

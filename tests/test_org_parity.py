"""Org mode parity: empty cookies, counters on list items, the `org` scope, checked
against the example in Org's manual ("Checkboxes"), on real files, the CLI and a real build."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import parse, reindent, run_goals
from gitrepo import GoalRepo
from mkdocs_goals.core.document.checklist import Scope
from sites import build, main_content, page, stats

# The manual's example, in Markdown: Org writes the parent's box `[-]` (some children
# done); Markdown has no such box, so it is written open.
ORG_MANUAL = """\
# TODO Organize party [/]

- [ ] call people [/]
  - [ ] Peter
  - [x] Sarah
  - [ ] Sam
- [x] order food
- [ ] think about what music to play
- [x] talk to the neighbors
"""


def counters(text: str, scope: Scope) -> dict[str, str]:
    checklist = parse(text, scope=scope).checklist
    assert checklist is not None
    return {holder.title: holder.expected_counter for holder in checklist.counters}


def test_the_org_scope_gives_the_numbers_of_orgs_manual():
    assert counters(ORG_MANUAL, Scope.ORG) == {"TODO Organize party": "[2/4]", "call people": "[1/3]"}


@pytest.mark.parametrize("scope", [Scope.SUBTREE, Scope.SECTION])
def test_other_scopes_count_every_box_below(scope):
    assert counters(ORG_MANUAL, scope) == {"TODO Organize party": "[3/7]", "call people": "[1/3]"}


def test_org_item_counters_count_direct_children_and_subtree_counts_all():
    text = "- Launch [/]\n  - [x] a\n  - [ ] b\n    - [x] deep\n    - [x] deeper\n"
    assert counters(text, Scope.ORG) == {"Launch": "[1/2]"}
    assert counters(text, Scope.SUBTREE) == {"Launch": "[3/4]"}


def test_an_org_heading_counts_no_box_nested_in_an_item_without_one():
    text = "## Phases [/]\n\n- Phase 1\n  - [x] a\n  - [ ] b\n- [x] sign-off\n\n### Later [/]\n- [ ] c\n"
    assert counters(text, Scope.ORG) == {"Phases": "[1/1]", "Later": "[0/1]"}
    assert counters(text, Scope.SECTION)["Phases"] == "[2/3]"
    assert counters(text, Scope.SUBTREE)["Phases"] == "[2/4]"


def test_empty_and_half_written_cookies_are_counters():
    result = counters("# A [/]\n## B [%]\n- [x] a\n- [ ] b\n## C [3/]\n- [x] c\n", Scope.SUBTREE)
    assert result == {"A": "[2/3]", "B": "[50%]", "C": "[1/1]"}


def test_a_cookie_in_inline_code_or_a_link_on_an_item_is_no_counter():
    assert counters("- `[/]` literal\n  - [x] a\n- see [1/2](x)\n  - [x] b\n", Scope.SUBTREE) == {}


def test_check_reports_and_fix_fills_empty_and_item_counters(write):
    path = write("plan.md", "# Plan [/]\n\n- [ ] Migrate [%]\n  - [x] linux\n  - [ ] mac\n- [x] Announce [/]\n")
    check = run_goals("check", str(path))
    assert check.returncode == 1
    assert f"{path}:1" in check.stdout and "counter [/] should be [2/4]" in check.stdout
    assert f"{path}:3" in check.stdout and "counter [%] should be [50%]" in check.stdout
    assert f"{path}:6" in check.stdout and "counter [/] should be [0/0]" in check.stdout
    fix = run_goals("fix", str(path))
    assert fix.returncode == 1, fix.stderr
    assert path.read_text() == "# Plan [2/4]\n\n- [ ] Migrate [50%]\n  - [x] linux\n  - [ ] mac\n- [x] Announce [0/0]\n"
    assert run_goals("check", str(path)).returncode == 0


def test_fix_under_the_org_scope_keeps_crlf(write):
    path = write("party.md", ORG_MANUAL.replace("\n", "\r\n").encode())
    assert run_goals("fix", "--scope", "org", str(path)).returncode == 1
    assert path.read_bytes() == ORG_MANUAL.replace("# TODO Organize party [/]", "# TODO Organize party [2/4]").replace(
        "call people [/]", "call people [1/3]").replace("\n", "\r\n").encode()


def test_stats_json_and_text_show_item_counters(write):
    path = write("plan.md", "# Plan\n\n- [ ] Migrate [/]\n  - [x] linux\n  - [ ] mac\n")
    data = json.loads(run_goals("stats", "--format", "json", str(path)).stdout)[0]
    assert data["item_counters"] == [{
        "title": "Migrate", "line": 3,
        "counter": {"text": "[/]", "line": 3, "stale": True, "expected": "[1/2]", "checked": 1, "total": 2},
    }]
    text = run_goals("stats", str(path)).stdout
    assert re.search(r"Migrate \(line 3\)\s+1/2\s+50%\s+\[/\] → \[1/2\]", text), text


class _Depths(HTMLParser):
    """For each text, how many `li` elements hold it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.depths = 0, {}

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "li"

    def handle_endtag(self, tag):
        self.depth -= tag == "li"

    def handle_data(self, data):
        if data.strip():
            self.depths.setdefault(data.strip(), self.depth)


NESTED = """\
---
owner: ana
---
# Release checklist

- [ ] Packaging [/]
  - [x] wheel
  - [ ] sdist
    - [x] licence file

  Notes on packaging.

1. Docs
   - [x] changelog
- Ops
\t- [ ] rollback plan
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = GoalRepo(tmp_path_factory.mktemp("org"))
    repo.commit("site", "2026-09-01T09:00:00+02:00", files={
        "mkdocs.yml": "site_name: Org\ntheme: {name: material, font: false}\n"
                      "markdown_extensions: [pymdownx.tasklist, pymdownx.superfences]\nplugins: [search, goals]\n",
        "docs/index.md": "# Home\n",
        "goals/ana/release.md": NESTED,
        "goals/ana/party.md": ORG_MANUAL,
        "goals/ana/setup.md": "# Set-up\n\n- [ ] Configure the plugin\n\n  ```yaml\n  plugins:\n    - goals\n  ```\n"
                              "  - [x] Install it\n",
        "goals/ana/deep.md": "# Deep\n\n" + "".join("  " * depth + "- [ ] x\n" for depth in range(300)),
    })
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    assert "goals/ana/release.md:6: error: counter [/] should be [2/3]" in result.stderr  # asked for, and said
    return repo.root


def article(site: Path, url: str) -> str:
    return main_content(page(site, url))


def test_nested_tasks_indented_by_two_spaces_render_nested(site):
    parser = _Depths()
    parser.feed(article(site, "goals/ana/release"))
    depths = parser.depths
    assert depths["wheel"] == depths["sdist"] == 2 and depths["licence file"] == 3
    assert depths["Notes on packaging."] == 1  # the parent's own paragraph stays in the parent
    assert depths["changelog"] == 2 and depths["rollback plan"] == 2  # under an ordered item; after a tab


def test_every_counted_box_is_drawn_nested_and_item_counters_show_the_computed_value(site):
    html = article(site, "goals/ana/release")
    assert html.count('class="goals-checkbox"') == 6
    assert re.search(r'<span class="goals-counter goals-counter--stale" title="the file says \[/\]; run goals fix">2&#47;3</span>', html), html
    party = article(site, "goals/ana/party")
    assert "3&#47;7" in party and "1&#47;3" in party  # the default scope: every box below


def test_code_in_a_list_item_keeps_its_indentation_and_deep_lists_build(site):
    html = article(site, "goals/ana/setup")
    code = re.search(r"<code>(.*?)</code>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", code).strip() == "plugins:\n  - goals", code
    parser = _Depths()
    parser.feed(html)
    assert parser.depths["Install it"] == 2
    assert article(site, "goals/ana/deep").count('class="goals-checkbox"') == 300  # drawn (flat), not a crash


def test_the_org_scope_in_the_plugin(tmp_path):
    repo = GoalRepo(tmp_path)
    repo.commit("site", "2026-09-01T09:00:00+02:00", files={
        "mkdocs.yml": "site_name: Org\ntheme: {name: material, font: false}\nplugins: [search, {goals: {scope: org}}]\n",
        "docs/index.md": "# Home\n",
        "goals/ana/party.md": ORG_MANUAL,
    })
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    party = article(repo.root, "goals/ana/party")
    assert "2&#47;4" in party and "1&#47;3" in party


def test_lists_already_written_for_python_markdown_draw_as_before():
    import markdown

    four = "- [ ] a\n    - [x] b\n        - [ ] c\n\n    more of a\n\n1. one\n    - [x] two\n"
    assert markdown.markdown(reindent(four.encode()).decode()) == markdown.markdown(four)


def test_nested_lists_in_block_quotes_and_paren_lists_are_drawn_nested():
    import markdown

    quoted = reindent(b"> - [ ] a\n>   - [x] b\n>\n>   more of a\n")
    assert quoted == b"> - [ ] a\n>     - [x] b\n>\n>     more of a\n"
    html = markdown.markdown(quoted.decode())
    assert re.search(r"<blockquote>\s*<ul>\s*<li>\s*<p>\[ \] a</p>\s*<ul>\s*<li>\[x\] b</li>", html), html
    assert reindent(b"1) [ ] a\n2) [x] b\n   1) [ ] c\n") == b"1. [ ] a\n2. [x] b\n    1. [ ] c\n"


def test_code_in_an_item_keeps_its_own_indentation():
    code = b"- a\n  - [x] b\n\n        indented code of b\n"
    assert reindent(code) == b"- a\n    - [x] b\n\n            indented code of b\n"  # still code, one level deeper
    fence = b"- [ ] Configure\n\n  ```yaml\n  plugins:\n    - goals\n  ```\n"
    assert reindent(fence) == b"- [ ] Configure\n\n    ```yaml\n    plugins:\n      - goals\n    ```\n"


def test_a_line_of_the_parent_after_its_child_starts_a_block_of_its_own():
    assert reindent(b"- [ ] a\n  - [x] b\n  ---\n") == b"- [ ] a\n    - [x] b\n\n    ---\n"  # no setext heading


def test_lists_nested_deeper_than_python_markdown_reads_are_left_as_written():
    from mkdocs_goals.render.nesting import MAX_DEPTH

    deep = "".join("  " * depth + "- [ ] x\n" for depth in range(MAX_DEPTH + 2)).encode()
    assert reindent(deep) == deep


def test_the_cli_counts_as_the_site_does_unless_told_otherwise(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nplugins:\n  - goals: {goals_dir: goals, scope: org, bare_checkboxes: false, history: false}\n")
    (tmp_path / "goals").mkdir()
    (tmp_path / "goals/party.md").write_text(ORG_MANUAL + "\n[x] a bare line\n")
    check = run_goals("check", "goals", cwd=tmp_path)
    assert "counter [/] should be [2/4] (scope: org" in check.stdout, check.stdout  # the bare line: not a task here
    assert "should be [3/7] (scope: subtree" in run_goals("check", "--scope", "subtree", "goals", cwd=tmp_path).stdout
    assert run_goals("fix", "goals", cwd=tmp_path).returncode == 1
    assert "# TODO Organize party [2/4]" in (tmp_path / "goals/party.md").read_text()


def test_a_heading_inside_an_item_keeps_its_counter_and_fix_works(write):
    path = write("inv.md", "# Inv\n\n- ## Work [1/5]\n  - [x] a\n  - [ ] b\n- [ ] c\n\n- Setext [%]\n  ---\n  - [x] d\n")
    check = run_goals("check", str(path))
    assert check.stdout.count("counter [1/5] should be [1/3]") == 1 and check.stdout.count("counter [%]") == 1, check.stdout
    assert run_goals("fix", str(path)).returncode == 1
    assert run_goals("check", str(path)).returncode == 0


def test_cookies_in_links_and_tables_are_text():
    text = ("## Link [docs [1/5]](http://x)\n- [x] a\n## Pct [see [%]](http://x) ![pic [1/2]](p.png)\n- [x] b\n"
            "- [ ] [link item [1/9]](http://x)\n  - [x] c\n- | head [1/9] |\n  |---|\n  | x |\n  - [x] d\n")
    assert counters(text, Scope.SUBTREE) == {}


def test_item_counters_add_up_every_level_once():
    text = "".join(f"{'  ' * depth}- [x] level {depth} [/]\n" for depth in range(30))
    checklist = parse(text).checklist
    assert [holder.expected_counter for holder in checklist.counters] == [f"[{n}/{n}]" for n in range(29, -1, -1)]
    assert [holder.expected_counter for holder in parse(text, scope=Scope.ORG).checklist.counters] == ["[1/1]"] * 29 + ["[0/0]"]


def test_an_items_counter_is_not_part_of_its_text_in_history_and_diff(tmp_path):
    repo = GoalRepo(tmp_path)
    goal = "---\ntitle: T\nowner: ana\n---\n# T\n\n- [{0}] Migrate [{1}/2]\n  - [{2}] a\n  - [{3}] b\n"
    repo.commit("plan", "2026-01-01T10:00:00+00:00", files={"goals/t.md": goal.format(" ", 0, " ", " ")})
    repo.commit("one", "2026-01-02T10:00:00+00:00", files={"goals/t.md": goal.format("x", 1, "x", " ")})
    repo.commit("two", "2026-01-03T10:00:00+00:00", files={"goals/t.md": goal.format("x", 2, "x", "x")})
    history = json.loads(run_goals("history", "--format", "json", "--no-cache", "goals", cwd=repo.root).stdout)
    completed = {c["text"]: c["date"][:10] for c in history["goals/t.md"]["completed"]}
    assert completed == {"Migrate": "2026-01-02", "a": "2026-01-02", "b": "2026-01-03"}
    diff = json.loads(run_goals("diff", "HEAD~2", "HEAD~1", "--format", "json", cwd=repo.root).stdout)
    assert diff["documents"][0]["checked_items"] == ["Migrate", "a"]


def test_an_item_counter_is_one_figure_on_the_page_in_stats_and_in_check(site):
    data = stats(site, "goals/ana/release.md")["goals/ana/release.md"]
    (item,) = data["item_counters"]
    expected = item["counter"]["expected"]
    assert (item["counter"]["checked"], item["counter"]["total"]) == (2, 3)
    assert f">{expected.strip('[]').replace('/', '&#47;')}</span>" in article(site, "goals/ana/release")
    check = run_goals("check", "goals/ana/release.md", cwd=site)
    assert f"goals/ana/release.md:{item['line']}: error: counter [/] should be {expected}" in check.stdout

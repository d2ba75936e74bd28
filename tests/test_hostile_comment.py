"""The PR comment built from text an attacker wrote stays inert Markdown.

Everything runs for real: goal files in a GitPython repository, the installed `goals`
script, and cmark-gfm (GitHub's engine) rendering the comment with raw HTML allowed,
which is worse than GitHub's sanitiser, so what passes here passes there.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from conftest import run_goals
from gitrepo import GoalRepo

from mkdocs_goals.cli.output import terminal_safe
from mkdocs_goals.cli.review_format import MARKER

DATE = "2026-03-0{}T09:00:00+00:00"

HOSTILE_TITLE = "Evil <img src=x onerror=alert(1)> @octocat ![t](https://tracker.example/t.png)"
HOSTILE_NAME = "goals/we`ird|<b>@octocat #1 [l](javascript:alert(1)).md"
HOSTILE_OLD_NAME = "goals/old`|<i>x</i> ![i](https:tracker.example).md"
HOSTILE_ITEMS = [
    "<img src=x onerror=alert(1)>",
    "![pixel](https://tracker.example/p.png?who=reviewer)",
    "<!-- mkdocs-goals:diff -->",
    "<!-- hide everything after this",
    "@octocat and @github/security please approve",
    "| fake | row | in | the | table |",
    "</details><details open><summary>fake summary</summary>",
    "`tick` and ```` fences `` `",
    "[link](https://evil.example) and https://evil.example/auto and www.evil.example and WWW.evil.example",
    "<script>alert(1)</script><style>body{display:none}</style>",
    "$\\huge{fake}$ math and :octocat: emoji and a@evil.example mail",
    "closes #12 and GH-3 and !7 and ~bug",
    "&lt;img src=x onerror=alert(1)&gt; already escaped",
    "<https://autolink.example> <a href='https://evil.example'>a</a>",
    "\\| backslash pipe \\<b\\> and * list * and _em_ and ~~strike~~",
    "colour \x1b[31mred\x1b[0m title \x1b]0;pwned\x07 clipboard \x1b]52;c;ZXZpbA==\x07 csi \x9b31m bidi \u202eevil\u202c",
    "# not a heading and - not a list and > not a quote",
    "fence\r```",  # CR is a Markdown line ending: this item's text carries a fence after it
]


def hostile_goal(ticked: int = 0) -> str:
    """A goal titled and itemised by an attacker, the first `ticked` items checked (the
    item with a CR comes last: it is the last line of its list)."""
    items = "\n".join(f"- {'[x]' if n < ticked else '[ ]'} {item}" for n, item in enumerate(HOSTILE_ITEMS))
    return f"---\ntitle: '{HOSTILE_TITLE}'\nowner: ana\nstatus: on-track\n---\n# Evil\n\n## Steps [0/1]\n\n{items}\n"


@pytest.fixture
def hostile_repo(tmp_path) -> GoalRepo:
    """From a tag with a hostile name to HEAD: a goal with hostile names renamed and one
    item ticked, a new goal made of hostile items, and a plain goal with one."""
    repo = GoalRepo(tmp_path)
    repo.commit("base", DATE.format(1), files={HOSTILE_OLD_NAME: hostile_goal(), "goals/plain.md": "# Plain\n\n- [ ] one\n"})
    repo.repo.git.tag("v1`<b>|@octocat")  # git allows these characters in a tag name
    repo.write(HOSTILE_OLD_NAME, hostile_goal(ticked=1))
    repo.move(HOSTILE_OLD_NAME, HOSTILE_NAME)
    repo.write("goals/new.md", hostile_goal())
    repo.write("goals/plain.md", "# Plain\n\n- [x] one\n- [ ] @octocat <img src=x>\n")
    repo.commit("tick", DATE.format(2))
    return repo


class Elements(HTMLParser):
    """Every tag, attribute, comment and text node of the rendered comment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.ends: list[str] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, attrs))

    def handle_endtag(self, tag):
        self.ends.append(tag)

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


def rendered(markdown: str) -> Elements:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    elements = Elements()
    elements.feed(html)
    elements.close()
    return elements


OUR_ELEMENTS = {"h3", "code", "table", "thead", "tbody", "tr", "th", "td", "br", "details", "summary", "ul", "li",
                "p", "em"}


def test_hostile_change_set_renders_as_inert_text(hostile_repo):
    result = run_goals("diff", "v1`<b>|@octocat", "HEAD", cwd=hostile_repo.root)
    assert result.returncode == 0, result.stderr
    comment = result.stdout
    html = rendered(comment)

    assert comment.startswith(MARKER + "\n") and comment.count(MARKER) == 1
    assert html.comments == [" mkdocs-goals:diff "]  # no user comment hides the rest or fakes the marker

    tags = [tag for tag, _ in html.starts]
    assert set(tags) <= OUR_ELEMENTS, set(tags) - OUR_ELEMENTS  # no img, a, script, style, pre, b ...
    assert all(attrs in ([], [("open", None)]) for _, attrs in html.starts)  # no onerror=, href=, src=
    assert "renamed from" in comment  # the fixture exercises every kind of user string
    assert tags.count("table") == 1 and tags.count("tr") == 1 + 3  # header + one row per changed goal
    assert tags.count("td") == 5 * 3  # no pipe in a title or path made an extra cell
    assert tags.count("details") == html.ends.count("details") == 3
    assert tags.count("summary") == html.ends.count("summary") == 3

    text = "".join(html.text).replace("\u2060", "")
    for payload in [HOSTILE_TITLE, HOSTILE_NAME, HOSTILE_OLD_NAME, "v1`<b>|@octocat", *HOSTILE_ITEMS]:
        assert terminal_safe(payload) in text, payload  # shown, literally, as text
    shown = "".join(html.text)
    assert not re.search(r"@\w", shown) and not re.search(r"#\d", shown)  # no mention pings, no issue link
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e]", comment.replace("\n", ""))


@pytest.mark.parametrize("where, note", [
    ("items", "goals shown without item details: the comment is full"),
    ("titles", "more goal changes not shown: the comment is full"),
])
def test_comment_stays_under_the_forge_limit_with_every_details_closed(tmp_path, where, note):
    repo = GoalRepo(tmp_path)
    repo.commit("base", DATE.format(1), files={"README.md": "x\n"})
    long = "<`|" * 2000  # each character becomes a character reference: ~6 times longer
    for n in range(200):
        title, item = (long, "step") if where == "titles" else (f"Goal {n}", long)
        repo.write(f"goals/g{n:03}.md", f"# {title}\n\n" + "".join(f"- [x] {k} {item}\n" for k in range(5)))
    repo.commit("many", DATE.format(2))
    comment = run_goals("diff", "HEAD~1", "HEAD", cwd=repo.root).stdout
    assert len(comment) < 65_000 and note in comment and comment.count(MARKER) == 1
    html = rendered(comment)
    tags = [tag for tag, _ in html.starts]
    assert tags.count("details") == html.ends.count("details")
    assert tags.count("table") == 1 and set(tags) <= OUR_ELEMENTS

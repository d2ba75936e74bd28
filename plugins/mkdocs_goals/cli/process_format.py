"""Review packets and digests as Markdown (for a PR, a doc, a chat message), and a
packet as a page of its own that prints cleanly to PDF. Every string from a goal file
or git goes through `inert`, as in the PR comment: no mention pings, no image loads."""

from __future__ import annotations

from collections.abc import Callable

from ..core.document.progress import Basis, format_number, whole_percent
from ..core.handbook.digest import Digest
from ..core.handbook.model import Entry
from ..core.handbook.packets import Packet
from ..render.templates import Renderer, packaged_stylesheet
from .review_format import inert


def figure(entry: Entry) -> str:
    progress = entry.progress
    if progress.basis is Basis.METRIC:
        return f"{whole_percent(progress.percent)}% (metric {format_number(progress.metric)})"
    return f"{progress.checked}/{progress.total} ({whole_percent(progress.percent)}%)"


def packet_markdown(packet: Packet) -> str:
    person, cycle = packet.person, packet.cycle
    lines = [f"# {inert(person.name)}: {cycle.name} review", "",
             f"{cycle.start} – {cycle.end} · {len(packet.goals)} goal{'s' * (len(packet.goals) != 1)} · "
             f"{packet.assessed} assessed · as of {packet.today}", ""]
    if not packet.goals:
        lines.append(f"_No published goals of {inert(person.name)} in {cycle.name}._")
    for review in packet.goals:
        entry = review.entry
        goal = entry.goal
        assessment = entry.document.assessment.value.replace("-", " ") if entry.document.assessment else "not assessed yet"
        lines += [f"## {inert(entry.title)}", "",
                  f"- **Progress:** {inert(figure(entry))}",
                  f"- **Status:** {goal.status.value.replace('-', ' ')} · **Assessment:** {assessment}"
                  + (f" · **Pace:** {review.pace_verdict}" if review.pace_verdict else "")
                  + (f" · **Due:** {goal.due_date}" if goal.due_date else ""), ""]
        if review.statement:
            lines += ["**Statement.** " + inert(" ".join(review.statement.split()), limit=2000), ""]
        if review.milestones:
            lines.append("**Milestones**")
            lines += [f"- {inert(m.label)} {inert(m.title)}" + (f" (due {m.due})" if m.due else "")
                      + (" — done" if m.done else " — overdue" if m.overdue(packet.today) else "") for m in review.milestones]
            lines.append("")
        if review.checkins:
            lines.append("**Check-ins**")
            lines += [f"- {inert(c.label)}" + (f" · {c.status.value.replace('-', ' ')}" if c.status else "")
                      + (f" · confidence {c.confidence}%" if c.confidence is not None else "")
                      + (f": {inert(c.note)}" if c.note else "") for c in review.checkins]
            lines.append("")
        if review.adjustments:
            lines.append("**Changes of plan**")
            lines += [f"- {a.date[:10]}, {inert(a.author)}: {a.kind} {inert(a.before)} → {inert(a.after)}"
                      + (f" — {inert(a.reason)}" if a.reason else "") for a in review.adjustments]
            lines.append("")
        lines.append("**Completed items**")
        lines += [f"- {c.date[:10]} {inert(c.text)} ({inert(c.author or '')})" for c in review.completed] or ["- none yet"]
        lines.append("")
        if review.evidence:
            lines.append("**Evidence**")
            lines += [f"- {inert(text)}: {inert(url)}" for text, url in review.evidence]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def packet_html(packet: Packet, renderer: Renderer) -> str:
    """A page of its own: the site's review fragment with the stylesheet inline and
    print rules, so a browser prints it to PDF without the site around it."""
    body = renderer.render("review.html", "", packet=packet)
    title = f"{packet.person.name}: {packet.cycle.name} review"
    from markupsafe import escape  # noqa: PLC0415

    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title>\n<style>\n{packaged_stylesheet()}\n"
        "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "@media print{body{margin:0;max-width:none}a{color:inherit}.goals-review-goal{break-inside:avoid-page}"
        "h2{break-before:auto;break-after:avoid}}\n</style></head>\n"
        f"<body class=\"goals-review-page\">\n{body}\n</body></html>\n"
    )


def digest_markdown(result: Digest, safe: Callable[[str], str] = inert) -> str:
    """The digest as Markdown (`safe=inert`, for a chat or an issue) or as plain text for a
    terminal (`safe=terminal_safe`)."""
    lines = [f"### Goals: {result.since} → {result.until}", ""]
    if result.empty:
        return "\n".join(lines + ["Nothing changed, and no goal needs a nudge."]) + "\n"
    if result.checkins:
        lines += ["**Check-ins**", *(
            f"- {c.day} · {safe(e.title)} ({safe(e.owner or '')})" + (f" · {c.status.value.replace('-', ' ')}" if c.status else "")
            + (f": {safe(c.note)}" if c.note else "") for c, e in result.checkins), ""]
    if result.completed:
        lines += ["**Completed**", *(f"- {c.date[:10]} {safe(c.text)} · {safe(e.title)} ({safe(c.author or '')})"
                                     for c, e in result.completed), ""]
    if result.status_changes:
        lines += ["**Status changes**", *(f"- {c.day} · {safe(e.title)}: {c.status or 'no status'} ({safe(c.author)})"
                                          for c, e in result.status_changes), ""]
    if result.new_goals:
        lines += ["**New goals**", *(f"- {safe(e.title)} ({safe(e.owner or '')})" for e in result.new_goals), ""]
    if result.nudges:
        lines += ["**Needs a look**", *(f"- {safe(n.entry.title)} ({safe(n.entry.owner or '')}): {'; '.join(n.reasons)}"
                                        for n in result.nudges), ""]
    return "\n".join(lines).rstrip() + "\n"

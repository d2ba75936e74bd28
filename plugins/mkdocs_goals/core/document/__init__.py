"""Reading one document: bytes to front matter, Markdown outline, checklist, goal, progress."""

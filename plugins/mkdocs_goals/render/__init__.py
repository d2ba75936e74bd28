"""The renderer: what every engine draws, one way each.

`templates` (Jinja fragments, overridable one by one), `charts` (burn-ups as SVG
coordinates), `pages` (a goal page's Markdown with its header, counters, checkboxes and
history section), `dashboards` (which dashboard pages a handbook has, and what their
templates see), `links` (page URLs the way MkDocs and Zensical make them). It imports
nothing from any engine: the MkDocs plugin, the generator and the Markdown extension
hand it pages and write what it returns.
"""

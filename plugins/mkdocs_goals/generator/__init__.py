"""`goals generate`: the handbook written as Markdown pages into a site's docs folder,
for engines that run no MkDocs plugins (Zensical, MkDocs 2) or any Markdown site.

`config` reads the site's configuration (the `goals` plugin entry of `mkdocs.yml`, or
`extra.goals`, or flags), `build` computes the pages with the same core and renderer as
the plugin, `write` puts them in place (only what changed, atomically), `watch` does it
again whenever a goal file, the people registry, the config or git's HEAD changes.
"""

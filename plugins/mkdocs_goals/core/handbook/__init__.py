"""The handbook model: people, teams, published entries, and the views dashboards show.

`model` holds the data (entries, people, teams), `views` computes what a dashboard
shows, `export` writes `goals.json`, `people` reads the registry, `categories` the list
of goal categories.
"""

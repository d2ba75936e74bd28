"""The handbook model: people, teams, published entries, and the views dashboards show."""

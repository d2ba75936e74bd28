"""mkdocs-goals: goals as code. The domain core lives in `core`; `cli` and `plugin` are shells."""

__version__ = "0.1.0"

"""Polish-aware site search: one row per searchable page or document, kept fresh by signals.

See ``docs/search.md`` for the design, ``text.py`` for how words become index tokens and
``selectors.py`` for the query (PostgreSQL full-text search, or plain ``LIKE`` on SQLite).
"""

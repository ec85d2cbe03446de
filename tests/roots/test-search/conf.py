"""Test site for search: a handful of articles, a draft, a scheduled article, listing pages."""

project = "Search test"
extensions = ["myst_parser", "sphinx_kb"]
html_theme = "sphinx_book_theme"
html_title = project
exclude_patterns = ["_build"]

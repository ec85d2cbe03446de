# The tests add the site's MyST settings from the top-level conf.py as overrides,
# so that Markdown features are checked exactly as the real site builds them.
extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
project = "Dialects"
exclude_patterns = ["_build"]

extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
project = "Dialects small"
exclude_patterns = ["_build"]

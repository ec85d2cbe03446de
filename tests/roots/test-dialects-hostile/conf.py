extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
project = "Hostile"
exclude_patterns = ["_build"]

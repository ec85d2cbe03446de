extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"

extensions = ["myst_parser", "sphinx_kb"]
html_theme = "sphinx_book_theme"
project = "Escaping"

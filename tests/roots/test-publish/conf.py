extensions = ["myst_parser", "sphinx_kb"]
html_theme = "sphinx_book_theme"
project = "Publish test"
author = "The test team"
html_baseurl = "https://kb.example.org/docs/"
kb_site_description = "Articles for the publishing tests."
suppress_warnings = ["myst.header"]

# A bilingual site (English main, Spanish, one French page) in the layouts Hugo uses.
extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
project = "Health Services"
language = "en"
html_baseurl = "https://example.org/"

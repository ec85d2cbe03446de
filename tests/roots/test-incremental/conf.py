extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
# Small pages, so that every edit also moves articles between numbered pages.
kb_tag_page_size = 2
kb_archive_page_size = 2

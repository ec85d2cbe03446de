"""Which pages to write again although their source did not change.

Sphinx rewrites a page when its own document changed. A listing, an
article's neighbours and related articles, and the sidebar's sections show
other pages too; at ``env-updated`` each page's view of the others is
fingerprinted, and the pages whose view changed are written again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.fingerprint import fingerprint
from ..render.listings import listing_inputs
from ..render.paged import archive_overview
from ..render.sidebar import sidebar_sections
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def update_fingerprints_and_list_stale_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose view of other articles changed: listings, neighbours, related, tags.

    Side effects: drops the site model (the records may have changed while
    reading) and stores the new fingerprints in the domain.
    """
    domain = get_domain(env)
    domain.invalidate_model()
    config = app.config
    inputs = fingerprint((sorted((name, art.stamp) for name, art in domain.articles.items()),
                          sorted(domain.skipped.items()), sorted(domain.placements.items()),
                          sorted(env.all_docs), config.kb_recent_count,
                          config.kb_related_count))
    # Exactly what kb-sidebar-nav.html shows on every page.
    sidebar = fingerprint(sidebar_sections(env, config.root_doc, config.kb_tags_dir,
                                           config.kb_archive_dir))
    if domain.data["sidebar"] != sidebar:
        # Every page shows the site's sections: a retitled or added section changes them all.
        domain.data.update(sidebar=sidebar, inputs=inputs)
        _update_fingerprints(app, env)
        return sorted(env.all_docs)
    if domain.data["inputs"] == inputs:
        return []  # nothing any page shows of other pages can have changed
    domain.data["inputs"] = inputs
    return _update_fingerprints(app, env)


def _update_fingerprints(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    model = domain.model()
    config = app.config
    changed = []
    current: dict[str, str] = {}
    overview = archive_overview(env)
    for docname, placements in domain.placements.items():
        current[docname] = fingerprint([listing_inputs(model, config, kind, option, overview)
                                        for kind, option in placements])
    for docname in model.articles:
        inputs = (current.get(docname), model.article_inputs(docname, config.kb_related_count))
        current[docname] = fingerprint(inputs)
    for docname, value in current.items():
        if docname in env.all_docs and domain.fingerprints.get(docname) != value:
            changed.append(docname)
    domain.fingerprints.clear()
    domain.fingerprints.update(current)
    return changed

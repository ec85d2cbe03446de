"""The Sphinx internals in ``_compat.py`` still work as used: a Sphinx upgrade that breaks one
fails here, naming the internal and what needs it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sphinx
from sphinx_kb._compat import PROBES

PACKAGE = Path(__file__).parent.parent / "_ext" / "sphinx_kb"


@pytest.mark.parametrize(("internal", "user", "probe"), PROBES, ids=[p[0] for p in PROBES])
def test_sphinx_internal_still_works(internal: str, user: str, probe: object) -> None:
    try:
        works = probe()  # type: ignore[operator]
    except Exception as error:  # any failure means the internal changed
        works, why = False, f"{type(error).__name__}: {error}"
    else:
        why = "it is there but no longer works as used"
    assert works, (f"Sphinx {sphinx.__version__} changed {internal} ({why}); needed by "
                   f"{user}: see _ext/sphinx_kb/_compat.py")


def test_internals_are_used_only_through_compat() -> None:
    """No module but ``_compat.py`` names a private Sphinx attribute or module."""
    private = {"_raw_config", "_options", "_app", "project", "parallel"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_compat.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                    "sphinx") and any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            if (isinstance(node, ast.Attribute) and node.attr in private
                    and isinstance(node.ctx, ast.Store | ast.Del)) or (
                    isinstance(node, ast.Attribute) and node.attr in {"_raw_config", "_options"}):
                found.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    assert not found, "use _compat.py for Sphinx internals:\n" + "\n".join(found)

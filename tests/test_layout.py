"""The layout by stage holds: the core needs no Sphinx, and only ``sphinx_kb`` is an extension."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "_ext" / "sphinx_kb"
CORE = PACKAGE / "core"
#: What the core may never import: it must run (and be tested) without a Sphinx build.
BANNED = ("sphinx", "docutils", "myst_parser", "pydata_sphinx_theme", "sphinx_book_theme")


def _imports(path: Path) -> list[tuple[int, int, str]]:
    """(line, relative level, module) of every import in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, 0, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, node.level, node.module or ""))
    return found


def test_core_imports_no_sphinx_and_nothing_outside_core() -> None:
    bad = []
    for path in sorted(CORE.glob("*.py")):
        for line, level, module in _imports(path):
            if level == 0 and module.split(".")[0] in BANNED:
                bad.append(f"{path.name}:{line} imports {module}")
            if level > 1 or (level == 0 and module.startswith("sphinx_kb")):
                bad.append(f"{path.name}:{line} reaches outside core/ ({'.' * level}{module})")
    assert not bad, "core/ must stay Sphinx-free:\n" + "\n".join(bad)


def test_core_loads_without_sphinx() -> None:
    """Importing every core module pulls in neither Sphinx nor docutils."""
    modules = [f"sphinx_kb.core.{path.stem}" for path in sorted(CORE.glob("*.py"))
               if path.stem != "__init__"]
    # An empty ``sphinx_kb`` package: its ``__init__`` sets up Sphinx and is not under test.
    code = (f"import importlib, sys, types\npkg = types.ModuleType('sphinx_kb')\n"
            f"pkg.__path__ = [{str(PACKAGE)!r}]\nsys.modules['sphinx_kb'] = pkg\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({BANNED!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_stage_packages_are_not_extensions() -> None:
    """Only ``sphinx_kb`` has ``setup``; it calls each ``setup_<stage>`` in pipeline order."""
    for stage in ("build", "render", "publish"):
        tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
        names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert "setup" not in names and f"setup_{stage}" in names, stage
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    setup = next(node for node in tree.body
                 if isinstance(node, ast.FunctionDef) and node.name == "setup")
    calls = [node.func.id for node in ast.walk(setup)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    assert calls == ["setup_build", "setup_render", "setup_publish"]

"""The memory savings of ``build/memory.py`` change no output (issue 13)."""

from __future__ import annotations

import pickle
import random
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx_kb.build import memory
from test_incremental_random import Project, build, compare


def test_pages_written_in_many_waves_match_a_serial_build(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two pages: the writer goes through many waves, resolving ahead of the workers."""
    monkeypatch.setattr(memory, "MAX_WRITE_CHUNK", 2)
    calls: list[int] = []
    original = memory.write_in_waves

    def counting(builder: object, docnames: list[str], nproc: int) -> None:
        calls.append(len(docnames))
        original(builder, docnames, nproc)  # type: ignore[arg-type]

    monkeypatch.setattr(memory, "write_in_waves", counting)
    project = Project(tmp_path, random.Random(7))
    for _ in range(15):
        project.add()
    serial_src = tmp_path / "serial"
    shutil.copytree(project.src, serial_src)
    build(project.src, tmp_path / "par", parallel=2)
    assert calls and calls[0] > 10  # the parallel build went through the wave writer
    build(serial_src, tmp_path / "ser", parallel=1)
    compare(tmp_path / "par" / "html", tmp_path / "ser" / "html", ["waves vs serial"])


def test_a_large_serial_read_keeps_no_doctrees_for_the_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the threshold the write unpickles each doctree: same pages as with them kept."""
    project = Project(tmp_path, random.Random(9))
    for _ in range(8):
        project.add()
    kept_src = tmp_path / "kept"
    shutil.copytree(project.src, kept_src)
    build(kept_src, tmp_path / "kept-out")
    monkeypatch.setattr(memory, "KEEP_READ_DOCTREES", 0)
    build(project.src, tmp_path / "dropped-out")
    compare(tmp_path / "dropped-out" / "html", tmp_path / "kept-out" / "html", ["dropped vs kept"])


def test_compact_tocs_hand_out_fresh_nodes_and_pickle_with_the_environment() -> None:
    tocs = memory.CompactTocs()
    toc = nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text="Intro")))
    tocs["a"] = toc
    assert isinstance(dict.__getitem__(tocs, "a"), bytes)
    first, second = tocs["a"], tocs.get("a")
    assert first is not second and first.astext() == second.astext() == "Intro"
    assert tocs.get("missing") is None and "a" in tocs
    restored = pickle.loads(pickle.dumps(tocs))
    assert isinstance(restored, memory.CompactTocs) and restored["a"].astext() == "Intro"
    assert restored.expanded()["a"].astext() == "Intro"


def test_workers_are_capped_by_the_memory_budget() -> None:
    from sphinx_kb.build.workers import BASE_BYTES, PER_DOCUMENT_BYTES, affordable_workers

    per_process = BASE_BYTES + PER_DOCUMENT_BYTES * 20000
    assert affordable_workers(4, 20000, None) == 4  # no figure: as asked
    assert affordable_workers(4, 20000, 100 * per_process) == 4
    assert affordable_workers(4, 20000, 3 * per_process) == 1  # main + 1 worker, with headroom
    assert affordable_workers(4, 20000, per_process // 2) == 1  # never below one
    assert affordable_workers(1, 20000, 100 * per_process) == 1
    assert affordable_workers(2, 100, 8 * 1024**3) == 2

"""``kill -9`` of a build at any moment: the next build gives what a clean build gives.

A 500-article site is built clean in two states, A and B (B edits, adds,
deletes, drafts, retags and retitles articles of A). Each trial starts from
the finished build of one state, changes the sources to the other, starts
``sphinx-build``, kills it at a random moment of a phase chosen in turn
(reading, pickling, writing, the work after writing), builds again, and
compares the whole output with the clean build of that state: every file's
bytes, the search index (in shards) as data.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

import pytest
from buildrun import Build, command, conf_text, differences, run

pytestmark = pytest.mark.kills

ARTICLES = 500
TAGS = [f"topic {n}" for n in range(30)] + ["C++", "R&D", "Health & Wellness"]
INDEX = """# Home

```{kb-recent}
:limit: 8
```

```{kb-tag-cloud}
```

```{toctree}
:hidden:

archive
tags/index
```
"""
ARCHIVE = "# Archive\n\n```{kb-archive}\n```\n"
TRIALS = 10
#: The search index in 3 shards (about 540 pages): kills also fall between shards.
SHARDS = "kb_search_shard_size = 200\n"
#: Seconds after a phase began within which the kill falls (the phases of these small
#: incremental builds are short; the work after writing takes a few hundredths of a second).
WINDOW = {"start": 0.4, "reading": 0.15, "pickling": 0.05, "writing": 0.4, "finishing": 0.2,
          "after-writing": 0.03}


def article(n: int, rng: random.Random, *, title: str | None = None, draft: bool = False,
            tags: list[str] | None = None, aliases: list[str] | None = None) -> str:
    tags = tags if tags is not None else rng.sample(TAGS, rng.randint(1, 3))
    date = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    head = {"title": title or f"Article number {n}", "date": date, "tags": tags,
            "summary": f"What article {n} says about {tags[0] if tags else 'nothing'}.",
            "draft": draft}
    if aliases:
        head["aliases"] = aliases
    words = " ".join(f"w{n}x{k}" for k in range(40))
    return ("---\n" + "".join(f"{key}: {json.dumps(value)}\n" for key, value in head.items())
            + f"---\n\n## Part one\n\nSearchable{n} {words}\n\n## Part two\n\nMore text {n}.\n")


def state_a() -> dict[str, str]:
    rng = random.Random(12)
    files = {f"articles/a{n:03d}.md": article(n, rng, draft=n % 50 == 7,
                                              aliases=[f"old/a{n}.html"] if n % 97 == 0 else None)
             for n in range(ARTICLES)}
    return files


def state_b(a: dict[str, str]) -> dict[str, str]:
    rng = random.Random(13)
    files = dict(a)
    for n in (3, 140, 333):
        files[f"articles/a{n:03d}.md"] = article(n, rng, title=f"Retitled article {n}")
    for n in (12, 250):
        files[f"articles/a{n:03d}.md"] = article(n, rng, tags=["Brand new tag", "topic 1"])
    files["articles/a020.md"] = article(20, rng, draft=True)  # published -> draft
    files["articles/a057.md"] = article(57, rng)  # draft -> published
    files["articles/a194.md"] = article(194, rng, aliases=["moved/elsewhere.html"])
    del files["articles/a099.md"]
    del files["articles/a400.md"]
    for n in (ARTICLES, ARTICLES + 1):
        files[f"articles/a{n:03d}.md"] = article(n, rng, tags=["Only in B", "C++"])
    return files


def write_state(src: Path, files: dict[str, str], previous: dict[str, str]) -> None:
    """Change the sources from ``previous`` to ``files``; changed files get a new time."""
    for name in previous.keys() - files.keys():
        (src / name).unlink()
    for name, text in files.items():
        if previous.get(name) != text:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(text, encoding="utf-8")


def restore(snapshot: Path, target: Path) -> None:
    """Put back a saved folder, file times included."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(snapshot, target, symlinks=True)


def test_killed_builds_leave_no_trace(tmp_path: Path) -> None:
    started = time.monotonic()
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(conf_text(SHARDS), encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "archive.md").write_text(ARCHIVE, encoding="utf-8")
    states = {"A": state_a()}
    states["B"] = state_b(states["A"])
    saved = tmp_path / "saved"
    write_state(src, states["A"], {})
    timings = {}
    for name, previous in (("A", states["A"]), ("B", states["A"])):
        write_state(src, states[name], previous)
        if out.exists():
            shutil.rmtree(out)
        begin = time.monotonic()
        run(command(src, out, "-j", "1"))
        timings[f"clean build {name}"] = time.monotonic() - begin
        shutil.copytree(src, saved / name / "src")
        shutil.copytree(out, saved / name / "out")

    rng = random.Random(2026)
    kill_phases = ["reading", "pickling", "writing", "finishing", "after-writing", "start"]
    kills: list[str] = []
    phases_hit: set[str] = set()
    wanted = {"reading", "writing", "after-writing"}
    trial = 0
    while (len(kills) < TRIALS or not wanted <= phases_hit) and trial < 3 * TRIALS:
        trial += 1
        before, after = ("A", "B") if trial % 2 else ("B", "A")
        restore(saved / before / "src", src)
        restore(saved / before / "out", out)
        write_state(src, states[after], states[before])
        aim = kill_phases[trial % len(kill_phases)]
        build = Build(command(src, out, "-j", "1" if trial % 3 else "2"))
        if build.wait_for(aim):  # the longest moment to wait in each phase of this build
            time.sleep(rng.uniform(0, WINDOW[aim]))
        if not build.kill():
            continue  # finished before the chosen moment: not a kill, try another
        kills.append(f"{before}->{after} in {build.killed_in}")
        phases_hit.add(str(build.killed_in))
        if trial % 4 == 0:  # killed again while it starts over
            again = Build(command(src, out, "-j", "1"))
            again.wait_for(rng.choice(["reading", "writing"]))
            time.sleep(rng.uniform(0, 1.0))
            if again.kill():
                kills[-1] += f", then again in {again.killed_in}"
                phases_hit.add(str(again.killed_in))
        begin = time.monotonic()
        status = run(command(src, out, "-j", "1"))
        timings[f"rebuild {trial}"] = time.monotonic() - begin
        if build.killed_in != "start" or "reading sources" in build.text:
            assert "was interrupted; rebuilding every page" in status, (
                f"killed in {build.killed_in}:\n{build.text[-1500:]}\n--- then:\n{status[:1500]}")
        found = differences(out, saved / after / "out")
        assert not found, f"after a kill {kills[-1]}: {found}"
    print(f"kills: {kills}")
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    print(f"total {time.monotonic() - started:.1f} s")
    assert len(kills) >= TRIALS, kills
    assert wanted <= phases_hit, kills

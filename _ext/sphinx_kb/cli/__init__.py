"""The writers' tools: ``kb check``, ``kb new``, ``kb tags`` -- no Sphinx, so they start fast.

Each command is one module with ``add_arguments(parser)`` and ``run(site, args) -> int``.
Exit status: 0 when all is well, 1 when problems were found, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.heap import cycle_collector_paused

COMMANDS = {
    "check": "check front matter, tags, links and addresses as the build would",
    "new": "start an article: docs/articles/<year>/<slug>.md with front matter",
    "tags": "list tags with counts and spellings, or rename one everywhere",
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kb", description=__doc__.split("\n\n")[0])
    top.add_argument("--conf", type=Path, default=None,
                     help="folder holding the site's conf.py (default: nearest one above)")
    top.add_argument("--source", type=Path, default=None,
                     help="the source folder (default: docs/ next to conf.py, else its folder)")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        importlib.import_module(f"{__name__}.{name}").add_arguments(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    # One short run making thousands of records and almost no reference cycles: the cycle
    # collector would only add time (about 5 % of a `kb check`); reference counting frees.
    with cycle_collector_paused():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    from .siteconf import UsageError, load_site

    args = parser().parse_args(argv)
    command = importlib.import_module(f"{__name__}.{args.command}")
    try:
        hints = tuple(path for path in getattr(args, "paths", []) if path.exists())
        site = load_site(args.conf, args.source, hints=hints)
        return int(command.run(site, args))
    except UsageError as exc:
        print(f"kb {args.command}: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"kb {args.command}: no such file or folder: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `kb tags | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

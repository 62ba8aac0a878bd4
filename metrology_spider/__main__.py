"""Command line: ``python -m metrology_spider reextract CAPTURE... --out DIR``, and the
analysts' commands of :mod:`metrology_spider.cli` (stats, export, search, report)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from metrology_spider import cli
from metrology_spider.reextract import reextract
from metrology_spider.runs import ArchiveLock, ArchiveLocked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrology_spider")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("reextract", help="rebuild the JSON Lines archive from WARC captures")
    command.add_argument("captures", nargs="+", help="WARC files, folders of them, or globs")
    command.add_argument(
        "--out", type=Path, default=Path("data/archive"), help="archive folder (default: data/archive)"
    )
    cli.add_commands(commands)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):  # stats, export, search, report
        return cli.run(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    try:
        with ArchiveLock(args.out) as lock:
            lock.acquire("python -m metrology_spider reextract")
            counts = reextract(args.captures, args.out)
    except (FileNotFoundError, ArchiveLocked) as exc:
        logging.error("%s", exc)
        return 2
    print(json.dumps(dict(sorted(counts.items())), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m metrology_spider reextract CAPTURE... --out DIR``, and the
analysts' commands of :mod:`metrology_spider.cli` (stats, export, search, report)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from metrology_spider import cli
from metrology_spider.readers import default_jobs
from metrology_spider.reextract import reextract
from metrology_spider.warc import capture_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrology_spider")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("reextract", help="rebuild the JSON Lines archive from WARC captures")
    command.add_argument("captures", nargs="+", help="WARC files, folders of them, or globs")
    command.add_argument(
        "--out", type=Path, default=Path("data/archive"), help="archive folder (default: data/archive)"
    )
    command.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a Scrapy setting, as with scrapy crawl -s (GONE_AFTER_HOURS, DOWNLOAD_MAXSIZE ...)",
    )  # fmt: skip
    command.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="processes that parse the pages (default: the number of cores); the archive is the same for any number",
    )
    cli.add_commands(commands)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):  # stats, export, search, report
        return cli.run(args)
    try:
        capture_files(args.captures)
    except FileNotFoundError as exc:
        print(f"metrology-spider: {exc}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("metrology-spider: --jobs must be 1 or more", file=sys.stderr)
        return 2
    overrides = dict(item.partition("=")[::2] for item in args.set)
    status, counts = reextract(args.captures, args.out, overrides, jobs=args.jobs)
    print(json.dumps(dict(sorted(counts.items())), ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())

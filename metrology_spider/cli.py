"""The analysts' commands: ``stats``, ``export``, ``search``, ``report``.

They are subcommands of ``python -m metrology_spider`` (and of the console script
``metrology-spider``); :func:`add_commands` hooks them into its parser. Exit
status: 0 when all went well, 1 when ``search`` found nothing (as grep), 2 on bad
input (no archive there, a missing optional library), as argparse does for a bad
command line.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path

from metrology_spider.reader import FIELDS, PORTAL_HOST, ArchiveReader, to_arrow

logger = logging.getLogger(__name__)

OK, NOTHING_FOUND, BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Something the user can fix: the message says what."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add the analysts' subcommands to ``commands`` (each sets ``args.run``)."""

    def command(name: str, help: str, run, description: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help, description=description)
        parser.add_argument(
            "archive", type=Path, metavar="ARCHIVE_DIR", help="the archive folder (ARCHIVE_DIR)"
        )
        parser.add_argument(
            "--portal-host",
            default=PORTAL_HOST,
            help=f"the portal's host: records from other hosts are mirrors (default: {PORTAL_HOST})",
        )
        parser.set_defaults(run=run)
        return parser

    stats = command(
        "stats",
        "articles per category and year, dates, field coverage, last runs, retry list",
        run_stats,
        "What the archive holds: articles per category and per year (latest record of each, gone ones"
        " left out), the date range, field coverage, the last runs and the retry list.",
    )
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")

    export = command(
        "export",
        "write the archive as Parquet, CSV or JSON Lines",
        run_export,
        "Write the latest record of each article (default) or every record (--history) to one file."
        " Columns: the record's keys, then host, fetched_url, matched_by (see the README's mirror rule)."
        " In CSV, lists and objects are JSON text.",
    )
    export.add_argument("--format", choices=("parquet", "csv", "jsonl"), help="default: from --out's suffix")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    export.set_defaults(history=False)
    view = export.add_mutually_exclusive_group()
    view.add_argument(
        "--latest", action="store_false", dest="history", help="the latest record per article (default)"
    )
    view.add_argument("--history", action="store_true", dest="history", help="every record")
    export.add_argument(
        "--gone", action=argparse.BooleanOptionalAction, default=None,
        help="include articles now gone (default: out with --latest, in with --history)",
    )  # fmt: skip

    search = command(
        "search",
        "full-text search of titles and bodies",
        run_search,
        "Search titles and bodies (every term must match). Uses an SQLite FTS5 trigram index kept in"
        " ARCHIVE_DIR/search.sqlite, brought up to date (new lines only) before each search. Terms of"
        " one or two characters are matched by a scan.",
    )
    search.add_argument("query", nargs="+", help="terms, e.g. 计量器具 or 秤")
    search.add_argument("--limit", type=int, default=20, help="results shown (default: 20)")
    search.add_argument("--json", action="store_true", help="print the results as JSON")
    search.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="mark matches in colour (default: when stdout is a terminal and NO_COLOR is unset)",
    )  # fmt: skip
    search.add_argument("--index", type=Path, help="the index file (default: ARCHIVE_DIR/search.sqlite)")

    report = command(
        "report",
        "one self-contained HTML page with charts",
        run_report,
        "Write one HTML page (inline SVG charts, no script, no network): articles per month by"
        " category, views by year, top sources and authors, field coverage, the last runs.",
    )
    report.add_argument("--out", type=Path, default=Path("report.html"), help="default: report.html")


def run(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names (logging WARNINGs and errors on stderr)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if not (args.archive / "articles").is_dir():
            raise BadInput(f"{args.archive} is not an archive (no articles/ folder in it)")
        return args.run(args)
    except BadInput as exc:
        logger.error("%s", exc)
        return BAD_INPUT
    except BrokenPipeError:
        # (stats | head: the reader of the output has what it wanted)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def reader_for(args: argparse.Namespace) -> ArchiveReader:
    return ArchiveReader(args.archive, portal_host=args.portal_host, progress=True)


def run_stats(args: argparse.Namespace) -> int:
    from metrology_spider.report import format_stats, summarize

    summary = summarize(reader_for(args))
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_stats(summary))
    return OK


def run_export(args: argparse.Namespace) -> int:
    form = args.format or args.out.suffix.lstrip(".").lower()
    if form not in ("parquet", "csv", "jsonl"):
        raise BadInput(f"say --format parquet, csv or jsonl (cannot tell from {args.out.name})")
    records = reader_for(args).select(history=args.history, gone=args.gone)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if form == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise BadInput("Parquet needs pyarrow: pip install 'metrology-spider[analysis]'") from None
        pq.write_table(to_arrow(records), args.out, compression="zstd")
    elif form == "csv":
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(FIELDS)
            for r in records:
                writer.writerow(
                    [
                        json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                        for v in map(r.get, FIELDS)
                    ]
                )
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({k: r.get(k) for k in FIELDS}, ensure_ascii=False) + "\n")
    what = "records" if args.history else "articles"
    print(f"Wrote {len(records)} {what} to {args.out} ({form})")
    return OK


BOLD_RED, RESET = "\x1b[1;31m", "\x1b[0m"


def run_search(args: argparse.Namespace) -> int:
    from metrology_spider.search import SearchIndex, mark, results_json

    query = " ".join(args.query)
    if not query.strip():
        raise BadInput("say what to search for (the query is empty)")
    if args.limit < 0:
        raise BadInput(f"--limit must be 0 or more (not {args.limit})")
    try:
        with SearchIndex(args.archive, portal_host=args.portal_host, path=args.index, progress=True) as index:
            index.update()
            results = index.search(query, limit=args.limit)
            indexed = len(index)
    except sqlite3.OperationalError as exc:  # a read-only archive, a full disk
        where = args.index or args.archive / "search.sqlite"
        raise BadInput(
            f"cannot keep the search index {where}: {exc} (--index FILE puts it elsewhere)"
        ) from None
    if args.json:
        print(results_json(results))
        return OK if results.total else NOTHING_FOUND
    colour = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    before, after = (BOLD_RED, RESET) if colour else ("[", "]")
    shown = f", showing {len(results.hits)}" if len(results.hits) < results.total else ""
    print(f"{results.total} of {indexed} articles match {query!r}{shown}")
    for hit in results.hits:
        print(f"\n{hit.date or '????-??-??'}  {mark(hit.title, hit.terms, before, after)}")
        print(f"  {hit.url}")
        print(f"  {mark(hit.passage, hit.terms, before, after)}")
    return OK if results.total else NOTHING_FOUND


def run_report(args: argparse.Namespace) -> int:
    from metrology_spider.report import write_report

    path = write_report(reader_for(args), args.out)
    print(f"Wrote {path}")
    return OK

"""Full-text search over an archive's titles and bodies (Simplified Chinese).

The index is a SQLite database beside the archive, ``ARCHIVE_DIR/search.sqlite``:
an FTS5 table with the ``trigram`` tokenizer (SQLite 3.34 or later), which
indexes every run of three characters and so needs no Chinese word segmenter.
It holds the latest record of each article (mirror records matched to the
portal's as the reader does; gone articles kept out of the results) and is
brought up to date before each search by reading only what the archive gained
since: new files, and new lines of files it has read part of (an archive file
is only ever appended to).

A query is split on white space; an article matches when it holds every term
(in its title or body). Terms of three characters or more go through the
trigram index (ranked by BM25). A term of one or two characters, which no
trigram can hold, is matched by a scan: ``LIKE '%term%'`` over the indexed
titles and bodies (about 0.05 s per 10,000 articles), alone or as a filter on
what the longer terms found; results of a scan-only query come newest first.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from metrology_spider.reader import PORTAL_HOST, host_name, parse_records, progress_bar, record_files

logger = logging.getLogger(__name__)

INDEX = "search.sqlite"
SCHEMA_VERSION = "2"
MIN_TRIGRAM = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, offset INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    url TEXT UNIQUE NOT NULL,      -- canonical: the portal's URL when a mirror record matched one
    id INTEGER NOT NULL,
    portal INTEGER NOT NULL,       -- 1 when the latest record came from the portal's host
    fetched_url TEXT NOT NULL,
    matched_by TEXT,
    title TEXT,
    date TEXT,
    crawled_at TEXT,
    gone_at TEXT,
    body TEXT                      -- the paragraphs, one a line; null on a gone article
);
CREATE INDEX IF NOT EXISTS docs_id ON docs (id, portal);
CREATE INDEX IF NOT EXISTS docs_title_date ON docs (title, date, portal);
-- The trigram index of the titles and bodies in docs (an external-content table: no second copy).
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, body, content = 'docs', content_rowid = 'rowid', tokenize = 'trigram'
);
"""


def check_sqlite() -> None:
    """FTS5's trigram tokenizer needs SQLite 3.34."""
    if sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(
            f"search needs SQLite 3.34 or later (FTS5 trigram); this Python has {sqlite3.sqlite_version}"
        )


@dataclass(slots=True)
class Hit:
    url: str
    title: str
    date: str | None
    passage: str
    terms: list[str]


@dataclass(slots=True)
class Results:
    query: str
    total: int
    hits: list[Hit]


class SearchIndex:
    """The search index of one archive; :meth:`update` brings it up to date."""

    def __init__(
        self,
        archive_dir: str | os.PathLike,
        portal_host: str = PORTAL_HOST,
        path: str | os.PathLike | None = None,
        progress: bool = False,
    ) -> None:
        check_sqlite()
        self.archive_dir = Path(archive_dir)
        self.portal_host = portal_host.lower()
        self.path = Path(path) if path else self.archive_dir / INDEX
        self.progress = progress
        self.db = sqlite3.connect(self.path)
        self.db.executescript(_SCHEMA)
        settings = dict(self.db.execute("SELECT key, value FROM meta"))
        # (an index made for another archive, through --index, is no index of this one)
        wanted = {"version": SCHEMA_VERSION, "portal_host": self.portal_host, "archive": str(self.archive_dir.resolve())}
        if settings and settings != wanted:
            logger.info("Rebuilding %s (made for %s)", self.path, settings)
            self._clear()
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", wanted.items())
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _clear(self) -> None:
        for table in ("files", "fts", "docs"):
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.executescript(_SCHEMA)

    def _drop(self, rowid: int) -> None:
        """Remove document ``rowid`` from the index."""
        title, body, gone_at = self.db.execute(
            "SELECT title, body, gone_at FROM docs WHERE rowid = ?", (rowid,)
        ).fetchone()
        if gone_at is None:
            self.db.execute(
                "INSERT INTO fts (fts, rowid, title, body) VALUES ('delete', ?, ?, ?)", (rowid, title, body)
            )
        self.db.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs WHERE gone_at IS NULL").fetchone()[0]

    # --- indexing ----------------------------------------------------------------

    def update(self) -> int:
        """Index what the archive gained since the last update; return the number of records read."""
        done = dict(self.db.execute("SELECT name, offset FROM files"))
        files = record_files(self.archive_dir)
        if any(f.name in done and f.stat().st_size < done[f.name] for f in files):
            logger.warning("An archive file shrank: rebuilding %s", self.path)
            self._clear()
            done = {}
        elif gone := set(done) - {f.name for f in files}:
            logger.warning("An archive file the index read is gone (%s): rebuilding %s", sorted(gone)[0], self.path)
            self._clear()
            done = {}
        todo = [(f, done.get(f.name, 0)) for f in files if f.stat().st_size > done.get(f.name, 0)]
        bar = progress_bar(sum(f.stat().st_size - start for f, start in todo), "indexing", self.progress)
        count = 0
        try:
            with self.db:
                for path, start in todo:
                    end = start
                    for records, size in self._new_records(path, start):
                        end += size
                        bar.update(size)
                        for record in records:
                            self._add(record)
                            count += 1
                    self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (path.name, end))
        finally:
            bar.close()
        return count

    def _new_records(self, path: Path, start: int) -> Iterator[tuple[list[dict], int]]:
        """The whole lines of ``path`` from byte ``start``, parsed: the records of each
        (none when unreadable, two when a newline was lost between them); a torn last
        line is left for a later update."""
        with open(path, "rb") as f:
            f.seek(start)
            for line in f:
                if not line.endswith(b"\n"):
                    return
                records = parse_records(line)
                if isinstance(records, str):
                    logger.warning("Not indexing an unreadable line (%s) of %s", records, path)
                    records = []
                yield records, len(line)

    def _add(self, r: dict) -> None:
        db = self.db
        fetched = r["url"]
        portal = host_name(fetched) == self.portal_host
        title, day = r.get("title"), r.get("date")
        url, matched_by = fetched, None
        if portal:
            # Mirror records indexed before their portal record belong to it now.
            candidates = db.execute(
                "SELECT rowid, id, crawled_at, portal FROM docs WHERE portal = 0 AND matched_by IS NULL"
                " AND (id = ? OR (title = ? AND date = ?))",
                (r["id"], title, day),
            ).fetchall()
        else:
            row = db.execute("SELECT url FROM docs WHERE portal = 1 AND id = ?", (r["id"],)).fetchone()
            if row:
                url, matched_by = row[0], "id"
            elif title and day:
                rows = db.execute(
                    "SELECT url FROM docs WHERE portal = 1 AND title = ? AND date = ?", (title, day)
                ).fetchall()
                if len(rows) == 1:
                    url, matched_by = rows[0][0], "title+date"
            candidates = []
        existing = db.execute(
            "SELECT rowid, id, crawled_at, portal FROM docs WHERE url = ?", (url,)
        ).fetchall()
        rank = (r.get("crawled_at") or "", portal)

        def rank_of(row: tuple) -> tuple[str, bool]:
            return (row[2] or "", bool(row[3]))

        if existing and rank_of(existing[0]) > rank:
            return  # the index holds a newer record of this article
        for rowid, *_ in existing:
            self._drop(rowid)
        newer = [c for c in candidates if rank_of(c) > rank]
        keep = max(newer, key=rank_of) if newer else None
        for row in candidates:
            if row is not keep:
                self._drop(row[0])
        if keep is not None:  # a mirror's record of this article is newer than this one: it stays, renamed
            db.execute(
                "UPDATE docs SET url = ?, matched_by = ? WHERE rowid = ?",
                (url, "id" if keep[1] == r["id"] else "title+date", keep[0]),
            )
            return
        gone = r.get("gone_at")
        body = None if gone else "\n".join(r.get("paragraphs") or [])
        cursor = db.execute(
            "INSERT INTO docs (url, id, portal, fetched_url, matched_by, title, date, crawled_at, gone_at, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, r["id"], int(portal), fetched, matched_by, title, day, r.get("crawled_at"), gone, body),
        )
        if not gone:
            db.execute(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (cursor.lastrowid, title, body)
            )

    # --- searching ---------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> Results:
        """The articles holding every term of ``query``, best first, with a passage each."""
        terms = query.split()
        if not terms:
            return Results(query, 0, [])
        long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
        short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
        where, params = ["d.gone_at IS NULL"], []
        for term in short_terms:
            like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(d.title LIKE ? ESCAPE '\\' OR d.body LIKE ? ESCAPE '\\')")
            params += [like, like]
        if long_terms:
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            sql = f"SELECT d.rowid FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND {' AND '.join(where)} ORDER BY fts.rank"
            params.insert(0, match)
        else:
            sql = f"SELECT d.rowid FROM docs d WHERE {' AND '.join(where)} ORDER BY d.date DESC, d.id DESC"
        found = [rowid for (rowid,) in self.db.execute(sql, params)]
        top = found[:limit]
        rows = {
            rowid: rest
            for rowid, *rest in self.db.execute(
                f"SELECT rowid, url, title, date, body FROM docs WHERE rowid IN ({','.join('?' * len(top))})",
                top,
            )
        }
        hits = [
            Hit(url, title or "", day, passage(body, terms), terms)
            for url, title, day, body in map(rows.get, top)
        ]
        return Results(query, len(found), hits)


def passage(body: str, terms: list[str], width: int = 40) -> str:
    """The stretch of ``body`` around the first term found in it (on one line), or its start."""
    folded = body.lower()
    found = [i for i in (folded.find(t.lower()) for t in terms) if i >= 0]
    if not found:
        return body[: 2 * width].replace("\n", " ")
    at = min(found)
    start, end = max(0, at - width), min(len(body), at + width)
    text = body[start:end].replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")


def mark(text: str, terms: list[str], before: str, after: str) -> str:
    """``text`` with each occurrence of a term (ASCII case ignored) between ``before`` and ``after``."""
    folded = text.lower()
    spans: list[tuple[int, int]] = []
    for term in sorted({t.lower() for t in terms}, key=len, reverse=True):
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = folded.find(term, end)
    out, last = [], 0
    for s, e in sorted(spans):
        out += [text[last:s], before, text[s:e], after]
        last = e
    out.append(text[last:])
    return "".join(out)


def results_json(results: Results) -> str:
    return json.dumps(
        {
            "query": results.query,
            "total": results.total,
            "hits": [
                {"url": h.url, "title": h.title, "date": h.date, "passage": h.passage} for h in results.hits
            ],
        },
        ensure_ascii=False,
    )

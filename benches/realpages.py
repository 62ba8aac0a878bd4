"""Per-field accuracy of our extractor on real Chinese article pages, beside gne and trafilatura.

    python benches/realpages.py [PAGES_DIR] [--page NAME] [--no-peers] [--json FILE]

PAGES_DIR defaults to ``../shared/realpages/pages`` next to the repository (each
``NAME.html`` with its hand-checked truth ``NAME.json``; the README beside that folder
gives the conventions). ``pip install -e .[bench]`` adds the two peers; a peer that is
not installed (or does not import) is reported and left out.

What it measures, per page and per extractor, on the same decoded text (declared
charset, GB2312/GBK read as GB18030, no charset: UTF-8 else GB18030, errors replaced):

* ours: ``parse_article`` on a Scrapy ``HtmlResponse`` of that text (UTF-8 bytes, so the
  figures measure extraction, not decoding), then ``normalize_article``; an Article the
  pipeline would drop (no title, date or paragraphs) is no record; the URL is the
  truth's ``url_guess``, or ``http://realpages.test/NAME/1.html`` when there is none or
  when ours wants a numeric id the guess does not have;
* gne: ``GeneralNewsExtractor().extract(text)``; trafilatura: ``bare_extraction(text,
  with_metadata=True)``; their body is their text split into lines (trafilatura's table
  rows into cells, its "- " list marks dropped). Neither gives source, views or
  category ("-"); their date is the first date their output writes.

Strings are compared after a fold applied to both sides (NFKC, all whitespace and
private-use characters removed, OpenCC t2s), so our normalisation (full-width digits,
Traditional -> Simplified, no private-use characters) is not an error. title, author, source, date (YYYY-MM-DD), published_at (same instant), views
and category (list; null truth == empty list) are exact after the fold; null == null is
right. Paragraph P/R/F1: our paragraphs against the truth's as a multiset, a paragraph
equal to one of the truth's ``optional_paragraphs`` neither right nor wrong. Body
character F1: multiset overlap of the characters of the body (optional lines removed)
and of the truth's paragraphs. A page without a record is wrong on every field (F1 0).
A record with a wrong title, a wrong date or a body character F1 below 0.5 is WRONG:
archived as fine but not the article. The summary gives issue 7's targets beside ours.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import opencc
from scrapy.http import HtmlResponse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metrology_spider.extract import parse_article  # noqa: E402
from metrology_spider.items import missing_field  # noqa: E402
from metrology_spider.normalize import normalize_article  # noqa: E402

DEFAULT_PAGES = REPO.parent / "shared" / "realpages" / "pages"
FIELDS = ("title", "date", "published_at", "author", "source", "views", "category")
# Issue 7's "done when", over all pages (fractions, or F1 for the two body columns).
TARGETS = {
    "records": 0.95,
    "date": 0.95,
    "title": 0.90,
    "author": 0.85,
    "source": 0.85,
    "para_f1": 0.85,
    "char_f1": 0.95,
}
JUNK_CHAR_F1 = 0.5
BEIJING = timezone(timedelta(hours=8))

_T2S = opencc.OpenCC("t2s")
# Whitespace, and private-use characters (icon fonts, Wingdings bullets, GB user-defined bytes):
# the truth keeps those as the page has them, issue 7 wants them out of every record.
_DROP_RE = re.compile(r"[\s\u3000\u00a0\ufeff\ue000-\uf8ff]+")
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_GB = {"gb2312", "gbk", "x-gbk", "gb18030"}


# ---------------------------------------------------------------- pages and truth


def decode(raw: bytes) -> str:
    """The page's text as a browser would read these pages (see the realpages README)."""
    m = _CHARSET_RE.search(raw)
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared in _GB:
        text = raw.decode("gb18030", "replace")
    elif declared:
        try:
            text = raw.decode(declared, "replace")
        except LookupError:
            text = raw.decode("gb18030", "replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", "replace")
    # lxml refuses str input with an XML encoding declaration.
    return re.sub(r"<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)


@cache
def fold(text: str) -> str:
    """What both sides are compared as: NFKC, no whitespace or private-use characters, Simplified."""
    return _T2S.convert(_DROP_RE.sub("", unicodedata.normalize("NFKC", text)))


def fold_opt(text: str | None) -> str | None:
    return fold(text) or None if text is not None else None


# ---------------------------------------------------------------- extractors
# Each returns a dict of the record's fields (None/"-" where it has none) or a str: the reason
# it gave no record.


def ours(text: str, name: str, truth: dict) -> dict | str:
    made_up = f"http://realpages.test/{name}/1.html"
    url = truth.get("url_guess") or made_up
    body = text.encode("utf-8")
    article = parse_article(HtmlResponse(url, body=body, encoding="utf-8").selector, url)
    if not article and article.field == "id" and url != made_up:
        url = made_up
        article = parse_article(HtmlResponse(url, body=body, encoding="utf-8").selector, url)
    if not article:
        return article.reason
    article = normalize_article(article)
    if name := missing_field(article):  # the pipeline drops it (with a warning): no record
        return f"dropped: no {name}"
    return {
        "url": url,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "author": article.author,
        "source": article.source,
        "views": article.views,
        "category": list(article.category),
        "paragraphs": list(article.paragraphs),
    }


_DATE_FORMS = [
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 1, 2)),
]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_EN_DATE_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")
_TIME_RE = re.compile(r"^\D{0,6}?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm]|上午|下午)?")


def first_date(text: str | None) -> tuple[str | None, str | None]:
    """The first date a peer's output writes, as (YYYY-MM-DD, ISO instant or None)."""
    if not text:
        return None, None
    found = []  # (position, end, date)
    for pattern, (y, mo, d) in _DATE_FORMS:
        for m in pattern.finditer(text):
            try:
                found.append((m.start(), m.end(), date(int(m[y]), int(m[mo]), int(m[d]))))
            except ValueError:
                continue
    for m in _EN_DATE_RE.finditer(text):
        name = m[1].lower()
        month = next(
            (i + 1 for i, full in enumerate(_MONTHS) if full.startswith(name) and len(name) >= 3), None
        )
        if month:
            try:
                found.append((m.start(), m.end(), date(int(m[3]), month, int(m[2]))))
            except ValueError:
                continue
    if not found:
        return None, None
    _, end, day = min(found, key=lambda f: f[0])
    t = _TIME_RE.match(text[end:])
    if not t:
        return day.isoformat(), None
    hour, minute = int(t[1]), int(t[2])
    marker = (t[4] or "").lower()
    if marker in ("pm", "下午") and hour < 12:
        hour += 12
    elif marker in ("am", "上午") and hour == 12:
        hour = 0
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, int(t[3] or 0), tzinfo=BEIJING)
    except ValueError:
        return day.isoformat(), None
    return day.isoformat(), moment.isoformat()


def lines_of(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def trafilatura_lines(text: str | None) -> list[str]:
    """trafilatura's text as paragraphs: its list items lose their "- ", its table rows
    ("| a | b |") become one paragraph per non-empty cell, as the truth has them."""
    out = []
    for line in lines_of(text):
        if line.startswith("|") and line.endswith("|"):
            out.extend(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        else:
            out.append(line[2:] if line.startswith("- ") else line)
    return out


def make_gne() -> Callable | str:
    try:
        from gne import GeneralNewsExtractor
    except Exception as e:  # an optional peer: whatever stops its import, say so and go on
        return f"gne unavailable ({type(e).__name__}: {e})"
    extractor = GeneralNewsExtractor()

    def gne(text: str, name: str, truth: dict) -> dict | str:
        try:
            out = extractor.extract(text)
        except Exception as e:  # gne raises NoContentException and others on pages it cannot read
            return f"{type(e).__name__}: {e}"[:80]
        return peer_record(
            out.get("title"), out.get("publish_time"), out.get("author"), lines_of(out.get("content"))
        )

    return gne


def peer_record(title: str | None, when: str | None, author: str | None, paragraphs: list[str]) -> dict:
    """A peer's output in our record's fields; the fields peers do not give are "-"."""
    day, moment = first_date(when)
    return {
        "title": title or None,
        "date": day,
        "published_at": moment,
        "author": author or None,
        "source": "-",
        "views": "-",
        "category": "-",
        "paragraphs": paragraphs,
    }


def make_trafilatura() -> Callable | str:
    try:
        import trafilatura
    except Exception as e:  # e.g. lxml without lxml_html_clean
        return f"trafilatura unavailable ({type(e).__name__}: {e})"

    def traf(text: str, name: str, truth: dict) -> dict | str:
        try:
            doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
        except Exception as e:
            return f"{type(e).__name__}: {e}"[:80]
        if doc is None:
            return "no result"
        out = doc.as_dict() if hasattr(doc, "as_dict") else doc
        return peer_record(
            out.get("title"), out.get("date"), out.get("author"), trafilatura_lines(out.get("text"))
        )

    return traf


# ---------------------------------------------------------------- scoring


def same_instant(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return datetime.fromisoformat(a) == datetime.fromisoformat(b)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_body(paragraphs: list[str], truth: dict) -> dict:
    """Paragraph P/R/F1 and body character F1, with each of our paragraphs marked
    '=' (a truth paragraph), '~' (an optional line, ignored), '+' (not in the truth)
    or ' ' (empty after the fold, ignored)."""
    wanted = [f for f in map(fold, truth["paragraphs"]) if f]
    left = Counter(wanted)
    optional = {fold(p) for p in truth["optional_paragraphs"]}
    marks, tp, fp, kept = [], 0, 0, []
    for p in paragraphs:
        f = fold(p)
        if not f:  # nothing left after the fold: neither right nor wrong
            marks.append(" ")
            continue
        if left[f] > 0:
            left[f] -= 1
            tp += 1
            marks.append("=")
            kept.append(f)
        elif f in optional:
            marks.append("~")
        else:
            fp += 1
            marks.append("+")
            kept.append(f)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(wanted)
    ours_chars = Counter("".join(kept))
    truth_chars = Counter("".join(wanted))
    overlap = sum((ours_chars & truth_chars).values())
    cp = overlap / sum(ours_chars.values()) if ours_chars else 0.0
    cr = overlap / sum(truth_chars.values())
    return {
        "para_p": precision,
        "para_r": recall,
        "para_f1": f1(precision, recall),
        "char_f1": f1(cp, cr),
        "marks": marks,
    }


def score(record: dict | str, truth: dict) -> dict:
    if isinstance(record, str):
        return {
            "record": False,
            "reason": record,
            "wrong": False,
            "para_f1": 0.0,
            "char_f1": 0.0,
            **{f: False for f in FIELDS},
        }
    truth_cat = [fold(c) for c in truth["category"] or []]
    ok = {
        "title": fold_opt(record["title"]) == fold(truth["title"]),
        "date": record["date"] == truth["date"],
        "published_at": same_instant(record["published_at"], truth["published_at"]),
        "author": fold_opt(record["author"]) == fold_opt(truth["author"]),
        "source": "-" if record["source"] == "-" else fold_opt(record["source"]) == fold_opt(truth["source"]),
        "views": "-" if record["views"] == "-" else record["views"] == truth["views"],
        "category": "-" if record["category"] == "-" else [fold(c) for c in record["category"]] == truth_cat,
    }
    body = score_body(record["paragraphs"], truth)
    junk = [f for f in ("title", "date") if not ok[f]] + (["body"] if body["char_f1"] < JUNK_CHAR_F1 else [])
    reason = "WRONG: " + ", ".join(junk) if junk else ""
    return {"record": True, "reason": reason, "wrong": bool(junk), **ok, **body}


# ---------------------------------------------------------------- output


def mark(value) -> str:
    return "-" if value == "-" else ("✓" if value else "✗")


def print_pages(results: list[dict], peers: list[str]) -> None:
    head = f"{'page':<18} rec title date pub  auth src  views cat  paraF1 charF1"
    head += "".join(f" {p[:6]:>6}" for p in peers) + "  reason (ours)"
    print(head)
    print("-" * len(head))
    for r in results:
        s = r["scores"]["ours"]
        row = (
            f"{r['page']:<18} {mark(s['record']):^3} {mark(s['title']):^5} {mark(s['date']):^4}"
            f" {mark(s['published_at']):^4} {mark(s['author']):^4} {mark(s['source']):^4}"
            f" {mark(s['views']):^5} {mark(s['category']):^4} {s['para_f1']:6.2f} {s['char_f1']:6.2f}"
        )
        row += "".join(f" {r['scores'][p]['char_f1']:6.2f}" for p in peers)
        print(row + "  " + s["reason"])
    if peers:
        print(f"({', '.join(peers)}: body character F1 of that peer on the page)")


def summarise(results: list[dict], who: str) -> dict:
    n = len(results)
    rows = [r["scores"][who] for r in results]
    out = {"pages": n, "records": sum(s["record"] for s in rows) / n}
    for f in FIELDS:
        values = [s[f] for s in rows if s["record"]]
        out[f] = "-" if values and all(v == "-" for v in values) else sum(v is True for v in values) / n
    out["para_f1"] = sum(s["para_f1"] for s in rows) / n
    out["char_f1"] = sum(s["char_f1"] for s in rows) / n
    out["wrong"] = sum(s["wrong"] for s in rows)
    return out


def print_summary(results: list[dict], names: list[str], seconds: dict[str, float]) -> dict:
    cols = ["records", *FIELDS, "para_f1", "char_f1"]
    short = {
        "records": "records",
        "title": "title",
        "date": "date",
        "published_at": "pub_at",
        "author": "author",
        "source": "source",
        "views": "views",
        "category": "categ",
        "para_f1": "paraF1",
        "char_f1": "charF1",
    }
    sums = {who: summarise(results, who) for who in names}

    def cell(col, v):
        if v == "-":
            return f"{'-':>7}"
        return f"{v:7.2f}" if col.endswith("f1") else f"{v:7.0%}"

    print(f"\n{len(results)} pages")
    print(f"{'':<12}" + "".join(f"{short[c]:>7} " for c in cols) + "  WRONG   time")
    for who in names:
        s = sums[who]
        print(
            f"{who:<12}"
            + "".join(cell(c, s[c]) + " " for c in cols)
            + f"{s['wrong']:7d} {seconds[who]:6.1f}s"
        )
    print(
        f"{'target':<12}"
        + "".join((cell(c, TARGETS[c]) if c in TARGETS else f"{'':>7}") + " " for c in cols)
        + f"{0:7d}"
    )
    ours = sums["ours"]
    met = [(f"{'met' if ours[c] >= TARGETS[c] else 'NOT':>7}" if c in TARGETS else f"{'':>7}") for c in cols]
    print(
        f"{'ours: met?':<12}" + "".join(m + " " for m in met) + f"{'met' if ours['wrong'] == 0 else 'NOT':>7}"
    )
    peers = [who for who in names if who != "ours"]
    if peers:
        ahead = []
        for c in cols:
            values = [sums[p][c] for p in peers if sums[p][c] != "-"]
            ahead.append(f"{'':>7}" if not values else f"{'yes' if ours[c] > max(values) else 'NO':>7}")
        print(
            f"{'ours ahead?':<12}"
            + "".join(a + " " for a in ahead)
            + f"{'yes' if ours['wrong'] < min(sums[p]['wrong'] for p in peers) else 'NO':>7}"
        )
    print(
        "records..categ: share of all pages with that field right (no record = wrong); "
        "paraF1/charF1: mean over all pages; WRONG: records with a wrong title or date or a junk body"
    )
    return sums


def show_page(result: dict, truth: dict) -> None:
    """Our record beside the truth, then the paragraphs as a diff."""
    record, s = result["records"]["ours"], result["scores"]["ours"]
    print(f"\n== {result['page']} ({truth['site']})")
    if isinstance(record, str):
        print(f"ours: no record: {record}")
        record = {f: None for f in FIELDS} | {"paragraphs": []}
    else:
        print(f"url: {record['url']}")
    for f in FIELDS:
        print(f"{f:<13} {mark(s[f])}  ours:  {record[f]!r}\n{'':<16}truth: {truth[f]!r}")
    print(
        f"paragraphs: P {s.get('para_p', 0):.2f} R {s.get('para_r', 0):.2f} F1 {s['para_f1']:.2f}, "
        f"char F1 {s['char_f1']:.2f}   (' ' both, '-' truth only, '+' ours only, '~' optional line)"
    )
    if truth["layout_notes"]:
        print(f"layout: {truth['layout_notes']}")
    optional = {fold(p) for p in truth["optional_paragraphs"]}
    ours_f = [fold(p) for p in record["paragraphs"]]
    truth_f = [fold(p) for p in truth["paragraphs"]]
    matcher = difflib.SequenceMatcher(None, ours_f, truth_f, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for p in truth["paragraphs"][j1:j2]:
                print(f"    {p[:70]}{'…' if len(p) > 70 else ''}")
            continue
        for p in record["paragraphs"][i1:i2]:
            print(f"  {'~' if fold(p) in optional else '+'} {p}")
        for p in truth["paragraphs"][j1:j2]:
            print(f"  - {p}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--page", help="only this page, with our record beside the truth")
    parser.add_argument("--no-peers", action="store_true", help="skip gne and trafilatura")
    parser.add_argument("--json", type=Path, help="write every page's records and scores here")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"no pages folder at {args.pages} (give the realpages/pages folder as the first argument)")
        return 2
    names = sorted(p.stem for p in args.pages.glob("*.json") if p.with_suffix(".html").exists())
    if args.page:
        if args.page not in names:
            print(f"no page {args.page!r} in {args.pages} (there are: {', '.join(names)})")
            return 2
        names = [args.page]
    if not names:
        print(f"no NAME.html with NAME.json in {args.pages}")
        return 2

    extractors: dict[str, Callable] = {"ours": ours}
    if not args.no_peers:
        for who, make in (("gne", make_gne), ("trafilatura", make_trafilatura)):
            made = make()
            if isinstance(made, str):
                print(made)
            else:
                extractors[who] = made
    seconds = dict.fromkeys(extractors, 0.0)
    results, truths = [], {}
    for name in names:
        truth = json.loads((args.pages / f"{name}.json").read_text(encoding="utf-8"))
        truths[name] = truth
        text = decode((args.pages / f"{name}.html").read_bytes())
        result = {"page": name, "records": {}, "scores": {}}
        for who, extract in extractors.items():
            start = time.perf_counter()
            try:
                record = extract(text, name, truth)
            except Exception as e:  # a crash is a result too: no record, and the reason says why
                record = f"crash: {type(e).__name__}: {e}"[:100]
            seconds[who] += time.perf_counter() - start
            result["records"][who] = record
            result["scores"][who] = score(record, truth)
        results.append(result)

    peers = [who for who in extractors if who != "ours"]
    print_pages(results, peers)
    sums = print_summary(results, list(extractors), seconds)
    if args.page:
        show_page(results[0], truths[args.page])
    if args.json:
        args.json.write_text(
            json.dumps({"pages": results, "summary": sums, "seconds": seconds}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

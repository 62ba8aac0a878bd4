"""What an archive holds, in figures (``stats``) and as one self-contained HTML page
(``report``): charts drawn here as inline SVG, no script, no network, so the page
opens offline in any browser and prints as it shows.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from metrology_spider import __version__
from metrology_spider.reader import COVERAGE_FIELDS, ArchiveReader
from metrology_spider.runs import read_manifests

RUNS_SHOWN = 10
TOP = 10


def category_name(category: list[str] | None) -> str:
    return " > ".join(category) if category else "(none)"


def load_runs(archive_dir: str | os.PathLike) -> list[dict]:
    """The run manifests (``ARCHIVE_DIR/runs/*.json``), oldest first, as the crawl reads
    them (:func:`~metrology_spider.runs.read_manifests`: one that is not a JSON object is
    left aside with a WARNING naming its file)."""
    return read_manifests(Path(archive_dir))


def summarize(reader: ArchiveReader) -> dict[str, Any]:
    """Everything ``stats`` prints and ``report`` draws, as plain data."""
    history = reader.history(gone=True)
    latest_all = reader.latest(gone=True)
    latest = [r for r in latest_all if not r["gone_at"]]
    dates = sorted(r["date"] for r in latest if r["date"])
    per_category = Counter(category_name(r["category"]) for r in latest)
    per_year = Counter(r["date"][:4] for r in latest if r["date"])
    per_month: dict[str, Counter] = defaultdict(Counter)
    views_by_year: Counter = Counter()
    for r in latest:
        if r["date"]:
            per_month[r["date"][:7]][category_name(r["category"])] += 1
            if r["views"] is not None:
                views_by_year[r["date"][:4]] += r["views"]
    coverage = {
        name: (sum(r[name] is not None for r in latest) / len(latest) if latest else 0.0)
        for name in COVERAGE_FIELDS
    }
    runs = load_runs(reader.archive_dir)
    return {
        "archive": str(reader.archive_dir),
        "portal_host": reader.portal_host,
        "articles": len(latest),
        "records": len(history),
        "gone": len(latest_all) - len(latest),
        "mirror_records": sum(r["host"] != reader.portal_host for r in history),
        "mirror_records_matched": sum(r["matched_by"] is not None for r in history),
        "skipped_lines": [f"{s.path.name}:{s.line} ({s.reason})" for s in reader.skipped],
        "date_range": [dates[0], dates[-1]] if dates else None,
        "per_category": dict(per_category.most_common()),
        "per_year": dict(sorted(per_year.items())),
        "per_month": {month: dict(per_month[month]) for month in sorted(per_month)},
        "views_by_year": dict(sorted(views_by_year.items())),
        "top_sources": dict(Counter(r["source"] for r in latest if r["source"]).most_common(TOP)),
        "top_authors": dict(Counter(r["author"] for r in latest if r["author"]).most_common(TOP)),
        "coverage": coverage,
        "runs": [run_line(run) for run in runs[-RUNS_SHOWN:]],
        "retry": _urls(runs[-1].get("retry")) if runs else [],
    }


def _urls(value) -> list[str]:
    """A manifest's list of URLs (its retry list), as written; nothing where it is no list of strings."""
    return [u for u in value if isinstance(u, str)] if isinstance(value, list) else []


def run_line(manifest: dict) -> dict:
    counts = manifest.get("counts") if isinstance(manifest.get("counts"), dict) else {}
    return {
        "run": manifest.get("run"),
        "status": manifest.get("status"),
        "mode": manifest.get("mode"),
        "started_at": manifest.get("started_at"),
        "seconds": manifest.get("seconds"),
        "pages": counts.get("pages_fetched"),
        "new": counts.get("articles_new"),
        "updated": counts.get("articles_updated"),
        "gone": counts.get("articles_gone"),
        "failed": counts.get("articles_failed"),
        "retry": len(_urls(manifest.get("retry"))),
        # (a run killed on the way ran no checks: its manifest holds none)
        "checks": "not run" if not isinstance(manifest.get("checks"), dict) else "passed" if manifest["checks"].get("passed") else "failed",
    }


# --- stats as text ----------------------------------------------------------------


def format_stats(s: dict[str, Any]) -> str:
    out = [f"Archive {s['archive']} (portal host {s['portal_host']})"]
    out.append(
        f"  {s['articles']} articles ({s['gone']} gone, left out), {s['records']} records,"
        f" {s['mirror_records']} from mirrors ({s['mirror_records_matched']} matched to the portal's)"
    )
    if s["skipped_lines"]:
        out.append(
            f"  {len(s['skipped_lines'])} unreadable lines skipped: {', '.join(s['skipped_lines'][:10])}"
        )
    if s["date_range"]:
        out.append(f"  dates {s['date_range'][0]} to {s['date_range'][1]}")
    width = max((_columns(k) for k in s["per_category"]), default=0)
    out.append("\nArticles per category")
    out += [f"  {_pad(name, width)}  {n:>7}" for name, n in s["per_category"].items()]
    out.append("\nArticles per year")
    out += [f"  {year}  {n:>7}" for year, n in s["per_year"].items()]
    out.append("\nField coverage")
    out += [f"  {name:<12}  {share:>6.1%}" for name, share in s["coverage"].items()]
    out.append("\nLast runs")
    if not s["runs"]:
        out.append("  (no manifests under runs/)")
    for run in reversed(s["runs"]):
        out.append(
            f"  {run['run']}  {run['status'] or '?':<11} {run['mode'] or '?':<8}"
            f" new {_n(run['new'])}, updated {_n(run['updated'])}, gone {_n(run['gone'])},"
            f" failed {_n(run['failed'])}, to retry {run['retry']}; checks {run['checks']}"
        )
    out.append(f"\nRetry list ({len(s['retry'])})")
    out += [f"  {url}" for url in s["retry"]] or ["  (empty)"]
    return "\n".join(out)


def _n(value: Any) -> str:
    return "?" if value is None else str(value)


def _columns(text: str) -> int:
    """The terminal columns ``text`` takes, a CJK character counting two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _columns(text))


# --- the HTML report --------------------------------------------------------------

PALETTE = [
    "#4269d0",
    "#efb118",
    "#ff725c",
    "#6cc5b0",
    "#3ca951",
    "#ff8ab7",
    "#a463f2",
    "#97bbf5",
    "#9c6b4e",
    "#9498a0",
]
e = html.escape


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def stacked_months_svg(per_month: dict[str, dict[str, int]], categories: list[str]) -> str:
    """Articles per month, one stacked bar per month, a colour per category."""
    if not per_month:
        return '<p class="empty">No dated articles.</p>'
    months = _months(min(per_month), max(per_month))
    width, height, left, bottom, top = 900, 260, 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    axis, peak = _axis_y(left, top, plot_h, max(sum(c.values()) for c in per_month.values()), width)
    step = plot_w / len(months)
    bar = max(step * 0.8, 1)
    parts = [axis]
    for i, month in enumerate(months):
        x = left + i * step
        y = top + plot_h
        for c, category in enumerate(categories):
            n = per_month.get(month, {}).get(category, 0)
            if not n:
                continue
            h = n / peak * plot_h
            y -= h
            parts.append(
                f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                f' fill="{PALETTE[c % len(PALETTE)]}"><title>{month} {e(category)}: {n}</title></rect>'
            )
        if month.endswith("-01") or i == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 12}" class="tick">{month[:4] if month.endswith("-01") else month}</text>'
            )
    legend = "".join(
        f'<span class="key"><i style="background:{PALETTE[c % len(PALETTE)]}"></i>{e(name)}</span>'
        for c, name in enumerate(categories)
    )
    return (
        _svg(width, height, "Articles per month by category", parts) + f'<div class="legend">{legend}</div>'
    )


def columns_svg(values: dict[str, int], title: str) -> str:
    """One column per key (years), its value on top."""
    if not values:
        return '<p class="empty">Nothing to show.</p>'
    width, height, left, bottom, top = 900, 220, 60, 30, 20
    plot_w, plot_h = width - left - 10, height - bottom - top
    axis, peak = _axis_y(left, top, plot_h, max(values.values()), width)
    step = plot_w / len(values)
    parts = [axis]
    for i, (key, value) in enumerate(values.items()):
        h = value / peak * plot_h
        x = left + i * step + step * 0.1
        parts.append(
            f'<rect class="mark" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}"'
            f' fill="{PALETTE[0]}"><title>{e(key)}: {value:,}</title></rect>'
            f'<text x="{x + step * 0.4:.1f}" y="{height - 12}" class="tick" text-anchor="middle">{e(key)}</text>'
        )
        if step >= 36:  # room for the value over its column
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{top + plot_h - h - 4:.1f}" class="value"'
                f' text-anchor="middle">{compact(value)}</text>'
            )
    return _svg(width, height, title, parts)


def bars_svg(values: dict[str, float], title: str, percent: bool = False) -> str:
    """One horizontal bar per key, its value at its end."""
    if not values:
        return '<p class="empty">Nothing to show.</p>'
    label_w, row, width = 190, 24, 440
    height = row * len(values) + 10
    peak = 1.0 if percent else max(values.values()) or 1
    parts = []
    for i, (key, value) in enumerate(values.items()):
        y = 5 + i * row
        w = value / peak * (width - label_w - 60)
        shown = f"{value:.0%}" if percent else f"{value:,}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" class="label" text-anchor="end">{e(_clip(key))}</text>'
            f'<rect class="mark" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[3 if percent else 1]}">'
            f"<title>{e(key)}: {shown}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 16}" class="value">{shown}</text>'
        )
    return _svg(width, height, title, parts)


def _clip(text: str, n: int = 12) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def compact(value: float) -> str:
    """``1,234``, ``12.3k``, ``4.5M``: short enough for an axis."""
    for limit, unit in ((1e9, "G"), (1e6, "M"), (1e4, "k")):
        if abs(value) >= limit:
            return f"{value / (limit if unit != 'k' else 1e3):.3g}{unit}"
    return f"{value:,.0f}"


def nice_top(peak: float) -> tuple[float, float]:
    """The top of a value axis holding ``peak`` and its tick step (1, 2 or 5 times a power of ten)."""
    if peak <= 0:
        return 1.0, 1.0
    raw = peak / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1:
        step = 1.0
    return math.ceil(peak / step) * step, step


def _axis_y(left: int, top: int, plot_h: int, peak: float, width: int) -> tuple[str, float]:
    """Grid lines and labels of a value axis; and the value at its top."""
    high, step = nice_top(peak)
    lines = []
    value = 0.0
    while value <= high + step / 2:
        y = top + plot_h - plot_h * value / high
        lines.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" class="tick" text-anchor="end">{compact(value)}</text>'
        )
        value += step
    return "".join(lines), high


def _svg(width: int, height: int, title: str, parts: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:960px;color:#222;padding:0 12px}
h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:13px} .figures{display:flex;gap:14px;flex-wrap:wrap;margin:14px 0}
.figures div{background:#f4f6fa;border-radius:6px;padding:8px 14px} .figures b{display:block;font-size:20px}
.row{display:flex;gap:20px;flex-wrap:wrap} .row section{flex:1;min-width:420px}
svg{max-width:100%;height:auto} .tick,.label,.value{font-size:11px;fill:#444} .grid{stroke:#e4e4e4}
.legend{font-size:12px;margin-top:4px} .key{margin-right:14px;white-space:nowrap}
.key i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
table{border-collapse:collapse;font-size:12px;width:100%} td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}
td.n{text-align:right} .empty{color:#999} ul.retry{font-size:12px}
"""


def render_html(s: dict[str, Any]) -> str:
    """The report page for summary ``s`` (see :func:`summarize`)."""
    categories = list(s["per_category"])
    generated = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    span = f"{s['date_range'][0]} to {s['date_range'][1]}" if s["date_range"] else "no dates"
    figures = [
        ("articles", f"{s['articles']:,}"),
        ("records", f"{s['records']:,}"),
        ("dates", span),
        ("gone", f"{s['gone']:,}"),
        ("from mirrors", f"{s['mirror_records']:,}"),
        ("runs", f"{len(s['runs'])}"),
    ]
    runs = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{e(_n(run[k]))}</td>' if k in NUMERIC else f"<td>{e(_n(run[k]))}</td>"
            for k in RUN_COLUMNS
        )
        + "</tr>"
        for run in reversed(s["runs"])
    )
    retry = "".join(f"<li>{e(url)}</li>" for url in s["retry"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>中国计量网 archive report</title><style>{STYLE}</style></head>
<body>
<h1>中国计量网 archive</h1>
<p class="meta">{e(s["archive"])} · portal host {e(s["portal_host"])} · made {generated} by metrology-spider {__version__}</p>
<div class="figures">{"".join(f"<div><b>{e(v)}</b>{e(k)}</div>" for k, v in figures)}</div>
<h2>Articles per month by category</h2>
{stacked_months_svg(s["per_month"], categories)}
<h2>Views by year</h2>
<p class="meta">Sum of the latest view counts of the articles published that year.</p>
{columns_svg(s["views_by_year"], "Views by year")}
<div class="row">
<section><h2>Top sources</h2>{bars_svg(s["top_sources"], "Top sources")}</section>
<section><h2>Top authors</h2>{bars_svg(s["top_authors"], "Top authors")}</section>
</div>
<div class="row">
<section><h2>Field coverage</h2><p class="meta">Share of articles with the field.</p>
{bars_svg(s["coverage"], "Field coverage", percent=True)}</section>
<section><h2>Articles per category</h2>{bars_svg(s["per_category"], "Articles per category")}</section>
</div>
<h2>Last runs</h2>
<table><tr>{"".join(f"<th>{k}</th>" for k in RUN_COLUMNS)}</tr>{runs or '<tr><td colspan="12" class="empty">no manifests</td></tr>'}</table>
<h2>Retry list ({len(s["retry"])})</h2>
{f'<ul class="retry">{retry}</ul>' if retry else '<p class="empty">empty</p>'}
</body></html>
"""


RUN_COLUMNS = (
    "run",
    "status",
    "mode",
    "seconds",
    "pages",
    "new",
    "updated",
    "gone",
    "failed",
    "retry",
    "checks",
)
NUMERIC = {"seconds", "pages", "new", "updated", "gone", "failed", "retry"}


def write_report(reader: ArchiveReader, out: str | os.PathLike) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(summarize(reader)), encoding="utf-8")
    return out

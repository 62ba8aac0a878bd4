"""Machine-readable evidence a page carries about its article. Pure functions.

- ``<meta name="ArticleTitle" / "PubDate" / "ContentSource" / "Author">``: the
  convention of Chinese government sites;
- OpenGraph (``og:title``, ``article:published_time``, ``article:author``);
- JSON-LD objects of type ``Article``, ``NewsArticle``, ``BlogPosting`` ...;
- microdata (``itemprop="headline" / "datePublished" / "author" / "articleBody"``);
- hCard: the post's ``class="author vcard"`` (WordPress themes), its ``fn``
  (:func:`hcard_author`, asked only where nothing else gave an author);
- ``<time datetime>``.

Each gives candidates; :mod:`metrology_spider.extract` decides between them and
the visible text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from metrology_spider.textmatch import compile_guarded

__all__ = ["Evidence", "hcard_author", "machine_evidence"]

_TITLE_METAS = ("articletitle", "og:title", "twitter:title", "headline", "dc.title")
_DATE_METAS = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "article:published_time",
    "og:article:published_time",
    "og:release_date",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "firstpublishedtime",
    "weibo:article:create_at",
)
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "og:article:author")
_SOURCE_METAS = ("contentsource", "source", "og:article:source")
_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "report")
_JSON_LD_LIMIT = 200_000  # characters of one JSON-LD script read at most


@dataclass(slots=True)
class Evidence:
    """Candidates per field from the page's machine-readable parts, best first."""

    titles: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # datetime of <time> elements outside comments
    body: etree._Element | None = None  # itemprop=articleBody


def _text(el: etree._Element, limit: int = 300) -> str:
    """An element's text, whitespace folded, its first ``limit`` characters at most (a
    headline, a date, a name: never more; a hostile page nests a thousand headlines, each
    holding the text of all those inside it)."""
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return " ".join("".join(parts)[:limit].split())


def _name(value) -> str | None:
    """An author as JSON-LD writes it: a string, ``{"name": ...}`` or a list of them."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "、".join(names) or None
    return None


def _json_ld_articles(data, depth: int = 0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_articles(item, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            yield data
        if "@graph" in data:
            yield from _json_ld_articles(data["@graph"], depth + 1)


# A meta author that credits the site's software, the same on every page (Discuz!'s
# "Discuz! Team and Comsenz UI Team"), not the article's author.
_SOFTWARE_RE = compile_guarded(
    r"discuz|comsenz|dedecms|phpcms|empirecms|powereasy|metinfo|wordpress|pbootcms|z-?blog|destoon|yzmcms|eyoucms|xunruicms|douphp|cmseasy|sdcms|\bteam\b|内容管理系统|建站系统|powered\s+by",
    re.I,
)
# A label the value repeats: <meta name="source" content="来源：人民日报">.
_SOURCE_LABEL_RE = compile_guarded(r"^(?:来源|來源|稿源|出处|出處|信息来源|信息來源|文章来源|文章來源)\s*[:：]\s*")


def _plain(value: str) -> bool:
    """A meta value that is a name, not a URL, a placeholder, a number (an editor's id)
    or the software's credit."""
    return (
        bool(value)
        and "://" not in value
        and not value.startswith("{")
        and any(c.isalpha() for c in value)
        and not _SOFTWARE_RE.search(value)
    )


# A CMS account's login in an author meta (hsw_jiangxy, editor01): no one's name.
_LOGIN_RE = compile_guarded(r"[A-Za-z][A-Za-z.\-]*[_\d][\w.\-]*")
_COMMENTS_RE = compile_guarded(r"comment|reply|respond|discuss|review", re.I)
# In libxml2 (``iterfind`` with a predicate walks every element in Python). The
# attributes themselves, each then asked for its element, in document order as well: a
# fifth of the instructions of the elements with a predicate (``.//*[@itemprop]``: 38.5
# against 7.9 million over benches/extract_instructions.py's 71 pages).


def _comments(root: etree._Element):
    """The document's comments (lxml's iter: a fifth of XPath's ``//comment()`` with a
    test), those beside the root element too."""
    yield from root.itersiblings(etree.Comment, preceding=True)
    yield from root.iter(etree.Comment)
    yield from root.itersiblings(etree.Comment)


_ENP_DATE_RE = compile_guarded(r"<date>\s*((?:19|20)\d\d-\d\d?-\d\d?(?:[ T]\d\d?:\d\d(?::\d\d)?)?)")
_ITEMPROPS_XPATH = etree.XPath("descendant::*/@itemprop")


# Class attributes holding "vcard", found by libxml2 (the attributes, then their elements:
# 58 µs a page over the fixture and real pages, against 132 µs for a token test in XPath).
_VCARD_CLASSES_XPATH = etree.XPath("descendant::*/@class[contains(., 'vcard')]")
_FN_CLASSES_XPATH = etree.XPath("descendant::*/@class[contains(., 'fn')]")


def _in_comments(el: etree._Element) -> bool:
    """Inside a comment list (its dates are the comments', not the article's)."""
    for ancestor in islice(el.iterancestors(), 40):  # (not all of a hostile page's 2,000)
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if _COMMENTS_RE.search(marker):
            return True
    return False


def machine_evidence(root: etree._Element) -> Evidence:
    ev = Evidence()
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if not key:
            continue
        value = " ".join((meta.get("content") or "").split())
        if not value:
            continue
        if key in _TITLE_METAS:
            ev.titles.append(value)
        elif key in _DATE_METAS:
            ev.dates.append(value)
        elif key in _AUTHOR_METAS and _plain(value) and not _LOGIN_RE.fullmatch(value):
            ev.authors.append(value)
        elif key in _SOURCE_METAS and _plain(value := _SOURCE_LABEL_RE.sub("", value)):
            ev.sources.append(value)
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        text = script.text.strip()
        if len(text) > _JSON_LD_LIMIT:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # (not JSON; or arrays nested a thousand deep)
            continue
        for article in _json_ld_articles(data):
            if isinstance(headline := article.get("headline") or article.get("name"), str):
                ev.titles.insert(0, " ".join(headline.split()))
            if isinstance(published := article.get("datePublished"), str):
                ev.dates.insert(0, published)
            if author := _name(article.get("author")):
                ev.authors.insert(0, author)
    # Microdata before <meta>s: its headlines and dates the last first (as each went to the
    # front), its authors in the page's order (an answer's author before the next answer's).
    titles, dates, authors = [], [], []
    for found in _ITEMPROPS_XPATH(root):
        el = found.getparent()
        prop = found.strip()
        if prop == "headline" and el.tag != "meta":
            titles.append(_text(el))
        elif prop == "datePublished" and el.tag != "meta":
            dates.append(el.get("datetime") or el.get("content") or _text(el))
        elif prop == "author" and el.tag != "meta":
            named = el.find(".//*[@itemprop='name']")
            name = named.get("content") or _text(named) if named is not None else _text(el)
            if name:
                authors.append(name)
        elif prop == "articleBody" and ev.body is None:
            ev.body = el
    ev.titles[0:0] = titles[::-1]
    ev.dates[0:0] = dates[::-1]
    ev.authors[0:0] = authors
    for comment in _comments(root):
        # Founder's (方正) publishing system writes the article's properties in a comment:
        # <!--enpproperty <articleid>…</articleid><date>2024-05-20 10:04:35.0</date>…/enpproperty-->
        text = comment.text or ""
        if text.lstrip(" \t\r\n").startswith("enpproperty") and (m := _ENP_DATE_RE.search(text)):
            ev.dates.append(m[1])
    labelled: dict[etree._Element, bool] = {}  # (each parent's line read once: 20,000 <time>s in one box)
    for el in root.iter("time", "amp-timeago"):  # (AMP's <amp-timeago datetime> shows 3天前)
        if (value := el.get("datetime")) and not _in_comments(el) and not _update_time(el, labelled):
            ev.times.append(value)
    return ev


def _update_time(el: etree._Element, labelled: dict[etree._Element, bool]) -> bool:
    """A ``<time>`` that says when the page was changed, not published: its class
    (WordPress's ``updated``, ``modified``) or its line's label (VitePress's
    ``<p class="VPLastUpdated">最近更新于: <time datetime=…>``, Last updated)."""
    if _UPDATED_CLASS_RE.search(el.get("class") or ""):
        return True
    parent = el.getparent()
    if parent is None:
        return False
    if parent not in labelled:
        head = "".join(islice(parent.itertext(), 8))[:80]  # (the start of its line: the label)
        labelled[parent] = _UPDATED_LABEL_RE.search(head) is not None
    return labelled[parent]


_UPDATED_CLASS_RE = re.compile(r"\b(?:updated|modified)\b", re.I)
_UPDATED_LABEL_RE = re.compile(r"更新|修改|last\s+(?:updated|modified)|updated\s+on", re.I)


def listed_author(root: etree._Element) -> str | None:
    """The author a description list names (Tailwind Next.js Starter Blog's ``<dl><dt
    class="sr-only">作者</dt><dd>…<dl><dt class="sr-only">姓名</dt><dd>赵一鸣</dd>…``, its
    labels hidden but for screen readers): the 姓名 under the 作者, or the 作者's own short
    value; never a commenter's. Asked only of a page whose author nothing else gave."""
    for dt in _AUTHOR_DT_XPATH(root):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd" or _in_comments(dd):
            continue
        named = _NAME_DD_XPATH(dd)
        name = _text(named[0] if named else dd, 40)
        if name and (named or dd.find(".//dl") is None) and _SHORT_NAME_RE.fullmatch(name):
            return name
    return None


_AUTHOR_DT_XPATH = etree.XPath("//dt[translate(normalize-space(), ':：', '') = '作者']")
_NAME_DD_XPATH = etree.XPath(".//dt[translate(normalize-space(), ':：', '') = '姓名']/following-sibling::*[1][self::dd]")
_SHORT_NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,8}|[A-Za-z][A-Za-z .'-]{1,30}")


def hcard_author(root: etree._Element) -> str | None:
    """The post's author in its hCard (WordPress themes: ``<span class="author vcard"><a
    class="url fn n">``), the ``fn`` in it or its text; never a commenter's (``comment-author
    vcard``, or any inside a comment list) or a sidebar's (``vcard`` alone). Asked only of a
    page whose author nothing else gave: the search costs a tenth of a reading."""
    for found in _VCARD_CLASSES_XPATH(root):
        el = found.getparent()
        tokens = found.split()
        if "vcard" in tokens and "author" in tokens and not _in_comments(el):
            named = next((f.getparent() for f in _FN_CLASSES_XPATH(el) if "fn" in f.split()), el)
            if name := _text(named):
                return name
    return None

"""Navigation decisions: which page is what, which links to follow. Pure functions.

URL shapes are DedeCMS's (``/<slug>/<id>.html`` articles, ``/<slug>/`` category
pages), but pagination is found by its link text or ``rel=next``, never by a
guessed URL scheme.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Literal
from urllib.parse import SplitResult, parse_qsl, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from w3lib.url import canonicalize_url

from metrology_spider.extract import (
    _ID_PARAMS,
    _MAGTECH_PAPER_RE,
    article_id,
    proxied_target,
    query_route,
    record_id,
    script_redirect,
)
from metrology_spider.textmatch import LazyPattern, compile_guarded, tolerant

__all__ = [
    "article_link_items",
    "article_links",
    "article_page_urls",
    "canonical_link",
    "canonical_url",
    "category_links",
    "host_of",
    "is_article_url",
    "link_base",
    "listed_links",
    "lists_articles",
    "next_page_url",
    "page_kind",
    "postback_pager",
    "sub_category_links",
    "view_count_url",
]

PageKind = Literal["home", "article", "list"]

_ARTICLE_PATH_RE = compile_guarded(r"^/(?:[\w-]+/)+(\d+)\.html?$", re.A)
_ARTICLE_PAGE_PATH_RE = compile_guarded(r"^/(?:[\w-]+/)+(\d+)_(\d+)\.html?$", re.A)
# hexo-abbrlink's permalinks: /posts/6f3e2a1b/ (crc32 in hex), /posts/40521/ (in decimal)
_ABBRLINK_PATH_RE = compile_guarded(r"/posts?/(?:[0-9a-f]{8}|\d{3,})/?$")
# WordPress's /%post_id%.html at the site's root (wpcom's themes' default: /120.html)
_ROOT_ID_PATH_RE = compile_guarded(r"^/\d{2,}\.html?$", re.A)
_LONG_NUMBER_RE = compile_guarded(r"\d{4,}")
# A folder named by a post's number (seven digits or more, after a short prefix: cv21873456), no
# category's, nor a day's (纽约时报中文网's /science/20240520/).
_NUMBERED_FOLDER_RE = compile_guarded(r"[a-z]{0,3}(?!(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$)\d{7,}")
# A dated path whose last segment is no day of its own (/2024/05/20/ is a calendar's day).
# (新华网's /tech/20240510/0a1b2c3d4e5f60718293a4b5c6d7e8f9/c.html: the day, the article's token, its page.)
_DATED_PATH_RE = compile_guarded(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/(?:\d{1,2}/)?(?!\d{1,2}/?$)[^/]+/?(?:amp/?)?$"  # (WordPress's AMP: …/slug/amp/)
    r"|/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/[0-9a-f]{16,}/\w+\.s?html?$"
    # (JEECMS's /news/2024/0415/99.jhtml: the year, then the month and day, then the id)
    r"|/(?:19|20)\d\d/(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/\d+\.(?:jhtml|s?html?)$"
    # (纽约时报中文网's /science/20240520/kilogram-redefined/, its /dual/ and /zh-hant/ editions)
    r"|/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/[a-z0-9]+(?:-[a-z0-9]+)+/(?:dual/|zh-hant/|zh-hans/)?$"
)
_LIST_SEGMENT_RE = compile_guarded(r"^(?:list|index|page|more|col|node|tag|category|default)(?:[_\-.]|\d|$)", re.I)
# (A mobile mirror's home in its folder too: DedeCMS's /m/, /wap/index.php.)
_HOME_PATH_RE = compile_guarded(
    r"^/(?:(?:m|wap|mobile|3g)/|gate/(?:big5|gb)/[\w.-]+/)?(?:index\.(?:s?html?|jhtml|php|asp|aspx|jsp)|default\.(?:html?|aspx?))?$",
    re.I,
)
# Category and list pages: a folder, or a list file in one (DedeCMS's list_12_2.html,
# JEECMS's index.jhtml, an SSI site's index.shtml).
_LIST_PATH_RE = compile_guarded(
    r"^/(?:[\w%.-]+/)+(?:(?:index|default|list[_-][\d_-]+|node_\d+)\.(?:s?html?|jhtml|aspx?))?$", re.A | re.I
)  # (SiteFactory's /Category_12/Index.aspx too; 光明网's column /tech/node_4108.htm; a folder named in Chinese, percent-encoded: Hugo's /categories/%E8%AE%A1/)
# A numbered page in a folder of lists: SiteServer's /channels/12.html and its
# /channels/12_2.html are a channel's list pages, not an article and its second page.
_LIST_FILE_RE = compile_guarded(
    r"/(?:channels?|columns?|categor(?:y|ies)|class|sort)/\d+(?:_\d+)?\.s?html?$"
    # ThinkPHP's PATH_INFO pairs: /index.php/index/news/index/cid/3.html, …/cid/3/page/2.html
    r"|/(?:cid|catid|typeid|classid|cate|page)/\d+(?:\.s?html?)?$"
    # 凡科建站's static columns: /h-col-105.html
    r"|/h-col-\d+(?:_\d+)?\.html?$"
    # A blog's archive of a month or a day: cnblogs' /<blog>/archive/2024/05.html and
    # /archive/2024/05/20 (a year and a month at least: Typecho's post /archives/2024/ is one)
    r"|/archives?/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]\d{1,2})?(?:\.s?html?)?/?$"
    # ThinkCMF's list route: /portal/list/index/id/3.html (its articles /portal/article/index/id/12.html)
    r"|/lists?/index/(?:id|cid)/\d+(?:\.s?html?)?$"
    # MacCMS's lists: /index.php/art/type/id/1.html (its articles …/art/detail/id/12.html)
    r"|/(?:art|vod)?type/(?:id/)?\d+(?:/page/\d+)?(?:\.s?html?)?$"
    # A numbered list in a lists' folder (界面's /lists/174.html; not an article's /list/… path)
    r"|/lists/\d+(?:_\d+)?\.s?html?$"
    # 新浪博客's 博文目录, a blog's list of posts by its page: /s/articlelist_1262356493_0_1.html
    r"|/articlelist_\d+_\d+_\d+\.s?html?$"
    # An e-paper's page (方正's, 人民日报's: nbs.D110000renmrb_03.htm; its stories nw.D110000renmrb_20240520_1-03.htm)
    r"|/nbs\.D\d+[a-z]*_\w+\.s?html?$"
    # A script that lists a category, by the id in its query all the same (DouPHP's
    # article_category.php?id=1, news_list.php?id=3, newsclass.asp?id=2, ShowClass.asp)
    r"|/(?:[a-z]+[_-]?)?(?:lists?|categor(?:y|ies)|class|sort|column|lanmu)(?:[_-]\w+)?\.(?:asp|aspx|php|jsp|do|action)$",
    re.I,
)
# (Typecho's /archives/126/; Halo's /archives/<slug>, a letter in it: not a month's /archives/2024/05/)
_ARCHIVES_PATH_RE = compile_guarded(r"/archives/(?:\d+|(?=[\w-]*[a-z])[a-z0-9][\w-]*)/?$", re.I)
_SUDY_PATH_RE = compile_guarded(r"/\d{4}/\d{4}/c\d+a\d+/page\.s?html?$", re.I)  # (苏迪 WebPlus's /2024/0520/c1234a56789/page.htm)
_DETAIL_PATH_RE = compile_guarded(
    r"/(?:detail|show|view|article|post|content|node)/(?:(?:id|aid|newsid|articleid)/)?\d+(?:\.s?html?)?/?$", re.I
)  # (Drupal's /node/135; 建站之星's PATH_INFO /index.php/article/show/id/25)
# An article's segment however short its number: Joomla's <id>-<alias> (38-nengxiao,
# 41-2024-05-28-02-15-36), DESTOON's show-131.html.
_ID_SEGMENT_RE = compile_guarded(
    r"\d+-(?:[a-z][\w-]*|(?:19|20)\d\d(?:-\d\d){5})|(?:show|view|detail)[-_]\d+\.s?html?|article-\d+-1\.html?|h-nd-\d+\.html?"
    r"|show-\d+-\d+-1\.html?"  # (PHPCMS v9's static show-{catid}-{id}-1.html, its first page)
    # (JeeSite's /f/view-{category}-{id}.html, its id a number or 32 hex; a hex id alone)
    r"|(?:show|view|detail)-(?!(?:list|page|index)-)[0-9a-z]{1,32}-(?:\d+|[0-9a-f]{16,})\.s?html?"
    r"|(?:show|view|detail)[-_][0-9a-f]{16,}\.s?html?"
    r"|art_[0-9a-f]{16,}\.s?html?",  # (市场监管总局's /jls/tzgg/art/2024/art_<32 hex>.html)
    re.A | re.I,
)
# A query that asks a script to show one item: Discuz!'s portal.php?mod=view&aid=1287,
# PHPCMS's index.php?m=content&c=index&a=show&catid=6&id=12.
# (XunRuiCMS: c=show; EyouCMS: m=home&c=View&a=index&aid=12; CmsEasy: case=archive&act=show&aid=12)
_SHOW_ACTION_RE = compile_guarded(r"(?:^|&)(?:mod|a|c|ac|act|action|op|method)=(?:view|show|detail)(?:&|$)", re.I)
# The site's own pages, shown by an action too (about.do?method=view&id=1): no articles.
_SITE_PAGE_RE = compile_guarded(r"(?:about|contact|help|intro|guestbook|message|feedback|join|job|lxwm|gywm)\w*\.", re.I)
# An ASP, PHP or JSP script (or a Struts action, .do, .action) that shows one article by the id in its query
# (PowerEasy's ShowArticle.asp?ArticleID=1234, view.php?id=38): not its print or
# comment page (Print.asp, Comment.asp carry the id too).
# (Not MetInfo's other modules: showproduct.php, showimg.php, showdownload.php, showjob.php.)
_SHOW_SCRIPT_RE = compile_guarded(
    # (74cms's news-show.php?id=12: a module's word before it)
    r"(?![\w-]*show(?:product|img|download|job)\.)(?:[a-z]+[-_])?(?:show|view|detail|read|article|news|content|bencandy)\w*\.(?:asp|aspx|php|jsp|do|action)"
    r"|nd\.jsp",  # (凡科建站's news detail, /nd.jsp?id=12)
    re.I,
)
# Member, login, search, tag, script and upload paths are never followed.
_EXCLUDED_PATH_RE = compile_guarded(
    # (DedeCMS's /plus/ holds its tools, count.php, search.php, feedback.php ...; its
    # list.php and view.php are a site's categories and articles when it runs dynamically.)
    r"/(?:member|plus(?!/(?:list|view)\.php)|tags?|search|login|logout|register|reg|user|uploads?|images?|"
    r"include|templets?|data|special|api|g?book|guestbook|feed|rss|atom|"
    # (a site's English edition and its accessible copy, 无障碍: not the Chinese text)
    r"en|english|wza|"
    # (EmpireCMS's /e/ holds its tools; /e/action/ListInfo/ and ShowInfo.php are a dynamic
    # site's lists and articles.)
    r"e/(?:tool|public|member|search|enews|space|extend|action(?!/ListInfo/|/ShowInfo\.php)))"
    r"(?:/|\.|$|_)"
    # A thread's later pages (its replies), which a forum's 最后发表 column links: phpwind's
    # read-htm-tid-52001-page-e.html, Discuz!'s thread-1012-3-1.html. The thread is its first
    # page (read under the same id, the later page fetched first took the thread's place).
    r"|/read-htm-tid-\d+-page-(?:e|\d+)[\w-]*\.html?$|/thread-\d+-(?:[2-9]|\d{2,})-\d+\.html?$",
    re.I,
)
_NEXT_TEXT_RE = LazyPattern(
    # (加载更多: a list that scripts page, where its link still gives the next page's URL.)
    rf"^\s*[\[【]?\s*(?:(?:{tolerant('下一页', '下页', '后页', '后一页', '较早文章', '更早文章', '较旧的博文', '较旧的文章', '更早的博文', '更早的文章', '加载更多', '点击加载更多')}"
    r"|next(?: page)?|older posts?|load more)\s*(?:>>?|»|›|→)?"
    r"|>>?|»|›)\s*[\]】]?\s*$",
    re.I,
)
# A pager's own links: page numbers and the words around them (not articles, whatever their URL).
_PAGER_TEXT_RE = LazyPattern(
    rf"^\s*(?:[【\[]?(?:{tolerant('页面', '第')}\s*)?\d{{1,6}}\s*(?:{tolerant('页')})?[】\]]?"
    # (its words with arrows or in brackets too: 下一页 », « 上一页, 【尾页】)
    rf"|[【\[]?(?:(?:>>?|<<?|»|«|›|‹)\s*)?(?:{tolerant('首页', '上一页', '下一页', '上页', '下页', '前页', '后页', '末页', '尾页', '上一张', '下一张', '上一幅', '下一幅', '上一图', '下一图')})"
    r"(?:\s*(?:>>?|<<?|»|«|›|‹))?[】\]]?"
    r"|(?:(?:>>?|<<?|»|«|›|‹)\s*)?(?:next|prev(?:ious)?|first|last)(?:\s*(?:page|>>?|<<?|»|«|›|‹))?|>>?|<<?|»|«|›|‹)\s*$",
    re.I,
)
_CURRENT_CLASS_RE = compile_guarded(r"\b(?:thisclass|current|active|on|cur|now)\b", re.I)


def host_of(url: str) -> str:
    """``http://host:port/path`` -> ``host:port`` (lowercase), one string for each host
    (interned): the keys of the crawl's sets and of the archive's index, one a record,
    share it (0.5 MB less over 5,000 articles)."""
    return sys.intern(urlsplit(url).netloc.lower())


# A URL that w3lib's canonicalize_url gives back as it is: http(s), a lowercase host, a
# port that is no default one written out, a path of unreserved characters whose
# segments are neither empty nor start with a dot, no query, no fragment. Almost every
# link of the portal; canonicalize_url takes 13 µs to say so, this check 2 µs.
_CANONICAL_URL_RE = compile_guarded(
    r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::([1-9][0-9]{0,4}))?/(?:[\w~-][\w.~-]*(?:/[\w~-][\w.~-]*)*/?)?",
    re.A,
)


def _is_canonical(url: str) -> bool:
    m = _CANONICAL_URL_RE.fullmatch(url)
    return m is not None and (m.group(1) is None or int(m.group(1)) <= 65535)


def canonical_url(url: str) -> str:
    """``canonicalize_url(url, keep_fragments=False)``, at once for a URL it would give
    back as it is (tests/test_navigation.py holds them equal); a route in the query
    (:func:`~metrology_spider.extract.query_route`: PbootCMS's ``/?news/57.html``) kept as written, where w3lib would
    make it ``?news%2F57.html=``, a URL the site may not know."""
    if _is_canonical(url):
        return url
    canonical = canonicalize_url(url, keep_fragments=False)
    if "?" in url and query_route(query := urlsplit(url).query):
        canonical = urlsplit(canonical)._replace(query=query).geturl()
    return canonical


# A page captured by a web archive (the Wayback Machine's, pywb's):
# /web/20240601083015/http://www.chinajl.com.cn/jiliangzixun/57610.html; its scripts' and
# images' captures have a mark after the time (js_, im_).
_WAYBACK_RE = compile_guarded(r"^/web/\d{4,14}(?:[a-z]{2}_)?/(?:https?:/{1,2})?([^/?#]+)(/[^?#]*)?$", re.I)


def captured_host(url: str) -> str | None:
    """The host a web archive's capture is of (``www.chinajl.com.cn`` for
    ``http://web.archive.org/web/20240601083015/http://www.chinajl.com.cn/``), None for
    any other URL."""
    path = urlsplit(url).path
    m = _WAYBACK_RE.match(path) if path.startswith("/web/") else None
    return m.group(1).lower() if m else None


def _route_path(url: str, parts: SplitResult | None = None) -> str:
    """The path a URL names: its path, or, for a route in the query after a site's root
    or its script (PbootCMS's ``/?news/57.html``, ``/index.php?news/``), the route's
    (``/news/57.html``, ``/news/``), as a site that rewrites its URLs would write them.
    ``parts``: the URL split already."""
    if (target := proxied_target(url)) is not None:
        return _route_path(target)  # (a mirror's proxy link: the path of the page it leads to)
    parts = parts or urlsplit(url)
    path = parts.path
    if path.startswith("/web/") and (m := _WAYBACK_RE.match(path)):
        path = m.group(2) or "/"  # (a capture in a web archive: the page's own path)
    if path.startswith("/index.php/"):
        path = path[len("/index.php") :]  # (Typecho's and Joomla's URLs without rewriting)
    if parts.query and (path.endswith("/") or path.endswith("/index.php")) and (route := query_route(parts.query)):
        return path.removesuffix("index.php").rstrip("/") + "/" + unquote(route)
    return path


@cache
def _compiled(query: str) -> etree.XPath:
    return etree.XPath(query, smart_strings=False)


def _values(selector: Selector, query: str) -> list[str]:
    """``selector.xpath(query).getall()`` for a query of attribute values, read from lxml in
    one call on a page's tree (parsel would make a Selector of every value first), the
    query compiled once (``root.xpath(query)`` compiles it at every call: 40 % of its cost)."""
    if isinstance(selector.root, etree._Element):
        return _compiled(query)(selector.root)
    return selector.xpath(query).getall()


_SESSION_RE = compile_guarded(r";jsessionid=[^?#/]*", re.I)
_STATIC_PAGE_RE = compile_guarded(r"\.s?html?$", re.I)
_TRACKING_PARAMS = frozenset(("from", "spm", "share", "share_token", "wfr", "isappinstalled", "scene", "timestamp"))


def _http_url(href: str | None, base: str) -> str | None:
    """An absolute http(s) URL without fragment, or None for javascript:, mailto: and the like,
    and for a link that urllib or w3lib cannot parse (an unclosed ``[``, a port that is no number)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
        if ";" in url:
            url = _SESSION_RE.sub("", url)  # (Tomcat's ;jsessionid=…: one page, one URL)
        if _is_canonical(url):
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        if parts.query and (_STATIC_PAGE_RE.search(parts.path) or parts.path.endswith("/")) and all(
            k.lower() in _TRACKING_PARAMS or k.lower().startswith("utm_") for k, _ in parse_qsl(parts.query, True)
        ):
            # A static page's (or a folder's) link with only a tracker's parameters
            # (?from=timeline, ?utm_source=…): the page itself, under one URL.
            return canonical_url(parts._replace(query="", fragment="").geturl())
        return canonical_url(url)
    except ValueError:  # http://[oops/, https://host:port-that-is-no-number/: no link to follow
        return None


def link_base(selector: Selector, url: str) -> str:
    """The URL a page's links are resolved against: ``url``, or what the page's
    ``<base href>`` gives, on the page's own host (a mirror keeps its original's
    ``<base>``; a site may name its editing host there: an article's pages and a list's
    links stay on the host that served them)."""
    declared = _values(selector, "/html/head/base/@href")  # (where a <base> stands: a path, not a search)
    href = declared[0].strip() if declared else ""
    if not href:
        return url
    try:
        joined = urlsplit(urljoin(url, href))
        page = urlsplit(url)
    except ValueError:
        return url
    if joined.scheme not in ("http", "https") or not joined.netloc:
        return url
    return page._replace(path=joined.path or "/", query=joined.query, fragment="").geturl()


# A slug of two words or more (or percent-encoded Chinese) in a folder named for articles or posts.
_SLUG_ARTICLE_PATH_RE = compile_guarded(
    r"^/(?:article|articles|post|posts)/(?!(?:list|page|index|category|tag|archive)s?-)"
    r"(?:[a-z0-9]+(?:-[a-z0-9]+)+|(?:%[0-9a-f]{2}){6,}[^/]*)$",
    re.I,
)


def is_article_url(url: str) -> bool:
    """An article's first page by its URL alone.

    DedeCMS's ``/<slug>/<id>.html`` (its continuation pages ``<id>_2.html`` are not
    article starts), and the shapes other Chinese CMSes and news sites use: a long
    number in the last segment (``content_25340717.htm``, ``art_1621004_30332664.html``,
    ``c_1125597921.htm``, ``/a/434365209_123753``, ``t20240109_123.html``) or a
    dated path (``/2024/05/metrology-day/``). List pages (``list_12_2.html``,
    ``index_2.html``, folders) are not articles. A link that a list page presents
    as an article is followed as one whatever its URL (:func:`article_links`).
    """
    parts = urlsplit(url)
    path = _route_path(url, parts)
    if _LIST_FILE_RE.search(path):
        return False
    if _ARTICLE_PATH_RE.match(path) or _ROOT_ID_PATH_RE.match(path) or _ABBRLINK_PATH_RE.search(path):
        return True
    if _HOME_PATH_RE.match(path) and parts.query:
        # A site without rewritten URLs: Z-BlogPHP's /?id=12, WordPress's /?p=123,
        # PHPCMS's /index.php?m=content&c=index&a=show&catid=6&id=12.
        params = [(k.lower(), v) for k, v in parse_qsl(parts.query)]
        if len(params) == 1:
            return params[0][0] in _QUERY_ARTICLE_PARAMS and params[0][1].isdigit()
        return _shows_one(parts.query, params)
    if _ARTICLE_PAGE_PATH_RE.match(path) or _HOME_PATH_RE.match(path):
        return False
    segment = path.rstrip("/").rsplit("/", 1)[-1]
    if parts.query and segment.lower() in ("detail", "show", "view") and any(
        k.lower() in _ID_PARAMS for k, _ in parse_qsl(parts.query)
    ):
        return True  # a framework's /article/detail?id=3f0a7d2c5b1e (its id any token)
    if parts.query and (
        _SHOW_SCRIPT_RE.fullmatch(segment) or (_SHOW_ACTION_RE.search(parts.query) and not _SITE_PAGE_RE.match(segment))
    ):
        return _shows_one(parts.query, [(k.lower(), v) for k, v in parse_qsl(parts.query)], script=True)
    if _ARCHIVES_PATH_RE.match(path) or _DETAIL_PATH_RE.search(path) or _SUDY_PATH_RE.search(path) or _MAGTECH_PAPER_RE.search(path):
        return True  # Typecho's default /archives/126/, WordPress's numeric permalinks, Django's /news/detail/12/
    if _SLUG_ARTICLE_PATH_RE.match(path):
        return True  # JPress's /article/jiliang-zhanting: a post's slug in the articles' own folder
    if _LIST_SEGMENT_RE.match(segment):
        return False
    if path.endswith("/") and not _DATED_PATH_RE.search(path):
        # A folder is a list, unless it is named by a long number (豆瓣's /note/862345671/, 网易博客's
        # /blog/static/1233476520124201021334/, bilibili's /read/cv21873456/): a post's.
        return bool(_NUMBERED_FOLDER_RE.fullmatch(segment))
    if _ID_SEGMENT_RE.fullmatch(segment):
        return True
    return bool(_LONG_NUMBER_RE.search(segment) or _DATED_PATH_RE.search(path))


# A page's <link rel="canonical"> (rel holds tokens, in any case: "Canonical" on bilibili).
_CANONICAL_XPATH = (
    "//link[contains(concat(' ', translate(normalize-space(@rel), 'CANOIL', 'canoil'), ' '), ' canonical ')]/@href"
)


_CANONICAL_CASE = str.maketrans("CANOIL", "canoil")


def _canonical_hrefs(selector: Selector) -> list[str]:
    """``_values(selector, _CANONICAL_XPATH)``, read from the page's ``<link>`` elements
    (its few: the query's test of every element cost three times as much). The tokens of
    ``rel`` as XPath's ``normalize-space`` splits them, at XML's whitespace."""
    root = selector.root
    if not isinstance(root, etree._Element):
        return _values(selector, _CANONICAL_XPATH)
    hrefs = []
    for link in root.getroottree().iter("link"):
        if (href := link.get("href")) is not None and (rel := link.get("rel")) is not None:
            tokens = rel.replace("\t", " ").replace("\n", " ").replace("\r", " ").translate(_CANONICAL_CASE)
            if " canonical " in f" {tokens} ":
                hrefs.append(href)
    return hrefs


def canonical_link(selector: Selector, url: str) -> str | None:
    """The URL an article's page names as its own (``<link rel="canonical">``), where
    that names the article another way than ``url`` does, so that an article linked
    under two URLs is one record: Drupal's ``/node/134`` and its path alias
    ``/news/2024/05/20/slug``, WordPress's ``?p=123`` and its permalink.

    None unless the link is trustworthy: one URL (every such link of the page agreeing),
    on the page's own host, shaped as an article (:func:`is_article_url`: never the
    home page, a list, a folder, the page's script without its query), and of another
    id than ``url``'s (:func:`~metrology_spider.extract.record_id`: the same id is the
    same record already), where not both carry a number (two numbers are two
    articles: a template that names one article on every page is no guide)."""
    hrefs = {href.strip() for href in _canonical_hrefs(selector) if href.strip()}
    if len(hrefs) != 1:
        return None
    base = link_base(selector, url)
    canonical = _http_url(hrefs.pop(), base)
    if canonical is None or canonical == canonical_url(url) or host_of(canonical) != host_of(url):
        return None
    if not is_article_url(canonical) or _EXCLUDED_PATH_RE.search(urlsplit(canonical).path):
        return None
    own, named = article_id(url), article_id(canonical)
    if own is not None and named is not None:
        return None  # the same number (one record already) or another article's
    if record_id(canonical) == record_id(url):
        return None
    return canonical


def script_redirect_url(selector: Selector, url: str) -> str | None:
    """Where a page without an article sends the reader by a script (``window.location.href =
    "/2024/05/18/moved/"``: a post moved, the old page left to send readers on), where that is
    an article's page on the page's own host (:func:`is_article_url`: never the home page, a
    list or a login form a stand-in sends its reader to) other than the page itself; else None.
    The article's assembly follows it as an HTTP redirect is followed."""
    written = script_redirect(selector.root)
    target = _http_url(written, link_base(selector, url)) if written else None
    if target is None or target == canonical_url(url) or host_of(target) != host_of(url):
        return None
    return target if is_article_url(target) else None


# The one parameter that names an article after a site's root (/?id=12, /?p=123) or
# a category in its menu (/?cate=2, /?cat=3).
_QUERY_ARTICLE_PARAMS = frozenset(("id", "aid", "p", "post", "articleid", "newsid", "contentid"))  # (Emlog: ?post=)
# (MetInfo's class1/class2/class3, an ASP.NET list's cid.)
_CATEGORY_PARAMS = frozenset(
    ("cate", "cat", "catid", "cid", "typeid", "classid", "columnid", "category", "class1", "class2", "class3", "sort", "lm", "lmid",
     "ctnode")  # (an old ASP site's news_more.asp?lm=5; HyWeb GIP's lp?ctNode=3714&mp=1, Taiwan's ministries')
)
# Parameters that say which module lists (Discuz!'s mod=list, PHPCMS's m=content&c=index&a=lists).
# (CmsEasy's case=archive&act=list&catid=3; PHPCMS wap's siteid=1; EmpireCMS wap's style=0&bclassid=0.)
_MODULE_PARAMS = frozenset(
    ("mod", "m", "c", "a", "ac", "act", "op", "action", "case", "siteid", "style", "bclassid", "method", "mp")
)  # (method: a Struts action's, news.do?method=list&cid=2)


def _query_category(query: str, path: str = "/") -> bool:
    """A query that names a category (``cate=2``, ``ClassID=2``, Discuz!'s
    ``mod=list&catid=1``, and for a list script, DedeCMS's ``/plus/list.php?tid=5``): a
    category's number, and besides it only which module lists."""
    params = [(k.lower(), v) for k, v in parse_qsl(query)]
    lists = _LIST_SCRIPT_RE.search(path) or any(k in _MODULE_PARAMS and v.lower() in _LIST_ACTIONS for k, v in params)
    names = _LIST_SCRIPT_PARAMS if lists else _CATEGORY_PARAMS
    return any(k in names and v.isdigit() for k, v in params) and all(
        k in names or (k in _MODULE_PARAMS and "view" not in v.lower() and "show" not in v.lower())
        for k, v in params
    )


# A category named by a word in the menu: PHPOK's /index.php?id=news (its articles ?id=31).
_WORD_CATEGORY_RE = compile_guarded(r"(?:id|cate|cat|category|sort|column)=[a-z][a-z0-9_-]*", re.I)
_LIST_SCRIPT_RE = compile_guarded(
    r"/(?:\w*(?:list|lists|class|category|column)\w*|col)\.(?:php|asp|aspx|jsp|do|action)$", re.I
)  # (凡科建站's columns: /col.jsp?id=105)
_LIST_SCRIPT_PARAMS = _CATEGORY_PARAMS | {"tid", "id", "fid"}  # (齐博's list.php?fid=3)
_LIST_ACTIONS = frozenset(("category", "list", "lists"))  # (XunRuiCMS's c=category&id=2)


def _shows_one(query: str, params: list[tuple[str, str]], script: bool = False) -> bool:
    """A query that shows one article: an id parameter's number, asked of a script that
    shows one (``script``) or with an action that does (``mod=view``, ``a=show``); not its
    continuation page (``view.php?aid=8812&pageno=2``)."""
    if not (script or _SHOW_ACTION_RE.search(query)) or any(k in _PAGE_PARAMS for k, _ in params):
        return False
    if any(k == "m" and not v.isdigit() and v.lower() not in ("content", "home", "wap", "mobile") for k, v in params):
        return False  # PHPCMS's other modules (m=announce: the site's own notices); EyouCMS's is m=home, PHPCMS's phones' m=wap
    # (KesionCMS's Show.asp?m=1&d=2418: m its channel's number, d the article's.)
    return any((k in _ID_PARAMS or (k == "d" and script)) and v.isdigit() for k, v in params)


def page_kind(url: str) -> PageKind:
    parts = urlsplit(url)
    path = _route_path(url, parts)
    if _HOME_PATH_RE.match(path) and not parts.query:
        return "home"
    if _LIST_FILE_RE.search(path):
        return "list"
    if _ARTICLE_PAGE_PATH_RE.match(path) or is_article_url(url):
        return "article"
    return "list"


# Precompiled, and run on lxml's elements: parsel would wrap every link, and the
# text of each, in a Selector of its own (the list pages' links cost twice as much).
# (A Baidu MIP page's links are <mip-link href> too.)
# (An image map's <area href> is a link too: an old site's menu drawn as one picture.)
_BODY_LINKS_XPATH = etree.XPath(
    "//body//a[@href] | //body//mip-link[@href] | //body//area[@href] | //body//*[@onclick]"
)
_HREF_LINKS_XPATH = etree.XPath("//body//a[@href] | //body//mip-link[@href]")
_LINKS_HOLDING_XPATH = etree.XPath(
    "//body//a[contains(@href, $ident)] | //body//mip-link[contains(@href, $ident)]"
)
_STRING_XPATH = etree.XPath("string()", smart_strings=False)  # the text of an element and all it holds


def _body_links(selector: Selector) -> list:
    """The elements of ``//body//a[@href]``, and those with an ``onclick``, in page order;
    then the links of a list the page keeps as script data (:func:`_datastore_links`)."""
    if isinstance(selector.root, etree._Element):
        links = _BODY_LINKS_XPATH(selector.root)
        scripts = _DATASTORE_XPATH(selector.root)
    else:
        links = [a.root for a in selector.xpath("//body//a[@href] | //body//*[@onclick]")]
        scripts = selector.xpath(_DATASTORE_QUERY).getall()
    return links + _datastore_links(scripts) if scripts else links


# 大汉 JCMS (the CMS of many government sites) writes a column's list as data for its
# pager script: <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a
# href="/art/2024/5/20/art_1234_567890.html">…</a><span>2024-05-20</span></li>]]></record>…
_DATASTORE_QUERY = "//script[@type='text/xml'][contains(., '<record')]/text()"
_DATASTORE_XPATH = etree.XPath(_DATASTORE_QUERY, smart_strings=False)
# (A record's data up to its end, never past the next record's start: linear on a hostile
# list whose records never close.)
_DATASTORE_RECORD_RE = compile_guarded(r"<record>\s*<!\[CDATA\[((?:(?!<record>).)*?)\]\]>\s*</record>", re.S | re.I)
_FRAGMENT_PARSER = etree.HTMLParser()


def _datastore_links(scripts: list[str]) -> list:
    """The links of the records of JCMS's list data (``scripts``: the text of each
    ``<script type="text/xml">`` holding records), as elements of one list of their own:
    each record an item, as a browser shows them once the pager script has run. The
    records the page holds are the column's newest; the older ones, which the script
    asks its data proxy for by POST (``/module/web/jpage/dataproxy.jsp``), are not
    fetched."""
    records = [r for text in scripts for r in _DATASTORE_RECORD_RE.findall(text)]
    if not records:
        return []
    html = "<html><body><div>" + "".join(f"<div>{r}</div>" for r in records) + "</div></body></html>"
    root = etree.fromstring(html, _FRAGMENT_PARSER)
    return _BODY_LINKS_XPATH(root) if root is not None else []


# A URL an onclick goes to as a string (location.href='/a/130.html', window.open('/a/129.html')):
# followed without running the script; showArticle(126) is not.
_ONCLICK_URL_RE = compile_guarded(r"(?:location(?:\.href)?|window\.open)\s*(?:=|\()\s*['\"]([^'\"]+)['\"]")
# A function of the page's given the URL as its one string, a path or an http(s) URL
# (openWin('/news/2024/407.html'), showDetail("/x/123.html", 1)).
_SCRIPT_CALL_URL_RE = compile_guarded(r"^\s*[\w.$]+\(\s*['\"]((?:/|\./|\.\./|https?://)[^'\"]+)['\"]\s*(?:,[^()]*)?\)\s*;?\s*$")


def _script_url(a: etree._Element) -> str | None:
    """The URL a link without one goes to by a script, written as a string: in its ``href``'s
    ``javascript:`` (an old list's popup, ``javascript:window.open('/news/2024/407.html')``,
    ``javascript:openWin('…')``) or its ``onclick`` (``location.href='/a/130.html'``)."""
    href = (a.get("href") or "").strip()
    for script in (href[11:] if href[:11].lower() == "javascript:" else None, a.get("onclick")):
        if script and (m := _ONCLICK_URL_RE.search(script) or _SCRIPT_CALL_URL_RE.match(script)):
            return m.group(1)
    return None


def _links(selector: Selector, base: str, hosts: Iterable[str]) -> Iterable[tuple[str, etree._Element]]:
    allowed = set(hosts)
    # In a web archive's capture, only the captures of the same site (not the archive's
    # own pages, its toolbar's, nor other sites' captures).
    captured = captured_host(base) if "/web/" in base else None
    for a in _body_links(selector):
        url = _http_url(a.get("href"), base)
        if url is None and (written := _script_url(a)):
            url = _http_url(written, base)
        if captured is not None and url and captured_host(url) != captured:
            continue
        if url and host_of(url) in allowed:
            if "?" in url and _ARCHIVE_QUERY_RE.search(urlsplit(url).query):
                continue  # a blog's archive of a month or a day (Z-Blog's catalog.asp?date=2010-5)
            path = _route_path(url)
            if _DOCUMENT_PATH_RE.search(path):
                continue  # a file (a 下载中心's forms, /uploadfile/…/2024030109.doc, down.jsp?id=11)
            # (A tag in the site's menu is a section: Ghost's /tag/news/.)
            if not _EXCLUDED_PATH_RE.search(path) or (_MENU_TAG_RE.search(path) and _in_menu(a)):
                yield url, a


_MENU_TAG_RE = compile_guarded(r"^/tags?/[^/]+/$", re.I)
# A file, not a page: a document, an archive, a picture, a recording, or a script that hands one out.
_DOCUMENT_PATH_RE = compile_guarded(
    r"\.(?:docx?|xlsx?|pdf|wps|et|ofd|odt|ods|odp|zip|rar|7z|pptx?|txt|jpe?g|png|gif|bmp|mp4|mp3|flv|apk|exe)$"
    r"|/down(?:load)?\w*\.(?:jsp|php|aspx?|do)$",
    re.I,
)
_MORE_TEXT_RE = compile_guarded(r"\s*(?:更多|more)\s*(?:>>?|&gt;|»|›|\+)?\s*$", re.I)
# A blog's archive named by its query: Z-Blog's ?date=2010-5, WordPress's plain ?m=202405,
# Emlog's ?record=202405: a list of a month's posts, never followed (as /2024/05/ is not).
_ARCHIVE_QUERY_RE = compile_guarded(
    r"(?:^|&)(?:date|m|record|archive|archives|month|day)=(?:19|20)\d\d(?:[-/]?\d{1,2}){0,2}(?:&|$)", re.I
)


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))


def article_link_items(selector: Selector, base: str, hosts: Iterable[str]) -> list[tuple[str, bool]]:
    """Article pages linked from a home or list page, on the allowed hosts, in page
    order, each with whether the page *lists* it as an article, in one pass.

    Linked: a URL that is an article's (:func:`is_article_url`), or a link the page
    lists as an article whatever its URL (a headline in one of many like items).
    Listed: a headline (link text of six characters or more) outside the page's
    header, navigation and footer, or one of many like items. A listed article that
    cannot be read is a failure to report; any other article-shaped link (关于我们 in
    the footer) that turns out to be no article is only "not an article"."""
    items: dict[str, bool] = {}
    for url, in_list in _link_items(selector, base, hosts):
        items[url] = items.get(url, False) or in_list
    return list(items.items())


def _link_items(selector: Selector, base: str, hosts: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each article page :func:`article_link_items` finds, in page order, with whether the
    page lists it there (a URL linked twice comes twice)."""
    lists: dict[tuple[etree._Element, str], int] = {}
    # A number under the list's own path (a framework's /news/12 under /news): its item.
    # (Its pages' too: /notice/105 on /notice/p/2.)
    own = re.compile(re.escape(_PAGE_SEGMENT_RE.sub("", urlsplit(base).path).rstrip("/")) + r"/\d{1,3}/?")
    for url, a in _links(selector, base, hosts):
        text = _link_text(a)
        if text and _PAGER_TEXT_RE.match(text) and (not text.isdigit() or _in_pager(a)):
            continue  # a list page (PHPCMS's /html/news/2.html looks like an article)
        if _EDITION_TEXT_RE.match(text):
            continue  # an e-paper's page (第03版：综合新闻): walked as a list (topic_links)
        # (A menu's items are the site's sections, whatever they look like: Discuz!'s
        # 门户Portal, 排行榜Ranklist.)
        in_list = _listed_as_article(url, a, text, lists) and not _in_menu(a)
        if not (in_list or is_article_url(url)):
            parts = urlsplit(url)
            if parts.query or not own.fullmatch(parts.path) or _in_page_frame(a) or len(text) < 6:
                continue
            in_list = True
        if not in_list:
            in_list = len(text) >= 6 and not _in_page_frame(a)
        yield url, in_list


_PAGE_SEGMENT_RE = compile_guarded(r"/(?:p|page)/\d+/?$")
# A list item's date: 2024-03-27, 2024/3/27, 2024.03.27, 2024年3月27日.
_ITEM_DATE_RE = compile_guarded(r"(?:19|20)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)")


def _link_text(a: etree._Element) -> str:
    """A link's text, whitespace folded; a link without text (over a card: Hugo PaperMod's
    ``<a class="entry-link" aria-label="post link to 标题">``) is named by its label."""
    return " ".join(_STRING_XPATH(a).split()) or " ".join(
        (a.get("aria-label") or a.get("title") or a.get("alt") or "").split()
    )


# The folders of a blog's taxonomies and archives: lists, never one post.
_TAXONOMY_RE = compile_guarded(
    r"/(?:categories|category|cat|tags?|topics?|series|archives?|page|author|columns?|channels?|lists?|sort)/[^/]*/?$",
    re.I,
)
_CJK_RE = compile_guarded(r"[\u4e00-\u9fff]")


def _slug_folder(path: str, text: str) -> bool:
    """A post in a folder of its own named after its title (Hugo's
    ``/posts/world-metrology-day-2024/``, Ghost's ``/首席质量官制度/``, WordPress's
    ``/%postname%/``), linked by a headline (eight characters or more): a slug of three
    words or more, or of four Chinese characters or more, or any under ``/posts/``; not a taxonomy's folder
    (``/categories/计量动态/``), nor a category's pinyin (``/jiliangwenhuayanjiu/``)."""
    if not path.endswith("/") or len(text) < 2 or _TAXONOMY_RE.search(path):
        return False
    if _POSTS_FOLDER_RE.search(path):
        return True  # (Hugo's content section: /posts/gauge/, Stack's /p/<slug>/, whatever the title's length)
    if len(text) < 8:
        return False
    segment = unquote(path[:-1].rsplit("/", 1)[-1])
    return segment.count("-") >= 2 or len(_CJK_RE.findall(segment)) >= 4


_POSTS_FOLDER_RE = compile_guarded(r"/(?:posts?|p)/[^/]+/$", re.I)


def _in_pager(a: etree._Element) -> bool:
    """A link whose text is a number, among other links of a pager (a number, 下一页 ...)
    in its parent or the element around that: a page number, not a headline (99999)."""
    box = a.getparent()
    for _ in range(2):
        if box is None:
            return False
        if any(x is not a and _PAGER_TEXT_RE.match(_STRING_XPATH(x)) for x in box.iter("a")):
            return True
        box = box.getparent()
    return False


def article_links(selector: Selector, base: str, hosts: Iterable[str]) -> list[str]:
    """The URLs of :func:`article_link_items`."""
    return [url for url, _ in article_link_items(selector, base, hosts)]


def listed_links(selector: Selector, base: str, hosts: Iterable[str]) -> frozenset[str]:
    """The URLs :func:`article_link_items` says the page lists as articles."""
    return frozenset(url for url, listed in article_link_items(selector, base, hosts) if listed)


def lists_articles(selector: Selector, base: str, hosts: Iterable[str]) -> bool:
    """Whether the page lists an article (``bool(listed_links(...))``): known at the first it
    lists, where the page's other links are not read (each link's answer is its own: the
    counts of like items are of the whole list, whichever link asks first)."""
    return any(listed for _, listed in _link_items(selector, base, hosts))


# (Bootstrap's border-bottom, rounded-bottom ... are a style, not the page's bottom.)
_BOTTOM = r"(?<!border-)(?<!rounded-)(?<!align-)(?<!padding-)(?<!margin-)bottom"
_FRAME_RE = compile_guarded(rf"foot|\bnav|menu|copyright|{_BOTTOM}", re.I)
# (not an item's or a card's own header in a list: 界面's div.news-header over each headline,
# Bootstrap's card-header, panel-header)
_HEADER_RE = compile_guarded(
    r"(?<!card[-_])(?<!news[-_])(?<!panel[-_])(?<!item[-_])(?<!list[-_])(?<!entry[-_])(?<!post[-_])(?<!box[-_])header", re.I
)


# How far up a link's frame, menu or footer is looked for (a hostile page nests its links
# 2,000 deep: every link walked them all).
_MAX_ANCESTORS = 60


def _in_page_frame(el) -> bool:
    """In the page's header, navigation or footer: not a header inside an ``<article>`` or
    ``<main>`` (each post's own, in a WordPress list), nor the ``<body>``'s classes."""
    header = False
    for ancestor in islice(el.iterancestors(), _MAX_ANCESTORS):
        tag = ancestor.tag
        if tag == "body":
            break
        if tag in ("article", "main"):
            header = False
            continue
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if tag in ("nav", "footer") or _FRAME_RE.search(marker):
            return True
        if tag == "header" or _HEADER_RE.search(marker):
            header = True
    return header


_FOOTER_RE = compile_guarded(rf"foot|copyright|{_BOTTOM}|\bft\b", re.I)  # (Discuz!'s <div id="ft">)
# A menu's path of a page of its own: Drupal's /news, 博达 VSB's /xwzx/gzdt.htm, Joomla's
# /index.php/news; or a server page whose path says it lists (中央社's /list/ahel.aspx; not an
# ASP.NET site's /About/About.aspx).
_MENU_PATH_RE = compile_guarded(
    r"^/(?:index\.php/)?(?:[\w%-]+/)*[\w%-]+(?:\.s?html?)?$"
    r"|^/(?=.*(?:list|column|channel|categor|lanmu|/lm))(?:[\w%-]+/)*[\w%-]+\.(?:aspx?|php|jsp)$",
    re.A | re.I,
)
# A menu's links to the visitor's account, never a category (SiteServer's /home/index.html).
_ACCOUNT_TEXT_RE = LazyPattern(rf"^\s*(?:{tolerant('用户中心', '会员中心', '个人中心', '登录', '注册', '登录注册')})\s*$")
# (Discuz!'s <div id="nv">, 齐博's guide_nav, and written as one word: mainNav, topnav, headNav)
_MENU_RE = compile_guarded(r"(?:\b|_|main|top|head|header|sub|site|global|primary)nav|menu|\bnv\b", re.I)


def _within(el, tag: str, marker: re.Pattern[str]) -> bool:
    """Inside a ``tag`` element, or one whose class or id ``marker`` finds (up to <body>)."""
    for ancestor in islice(el.iterancestors(), _MAX_ANCESTORS):
        if ancestor.tag == "body":
            return False
        if ancestor.tag == tag or marker.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def _in_menu(el) -> bool:
    """In the site's menu: a ``<nav>``, or an element whose class or id says nav or menu."""
    return _within(el, "nav", _MENU_RE)


def _in_footer(el) -> bool:
    """In the page's footer (a ``<footer>`` or an element whose class or id says foot)."""
    return _within(el, "footer", _FOOTER_RE)


# (Emlog's headlines: <h2><a> one after another in its column; Hugo's, Ghost's: <article>s.)
_ITEM_TAGS = frozenset(("li", "tr", "dd", "dt", "p", "div", "h2", "h3", "h4", "article"))
_HEADINGS = frozenset(("h2", "h3", "h4"))


def _listed_as_article(url: str, a: etree._Element, text: str, lists: dict) -> bool:
    """A headline in a list: link text (``text``, whitespace folded; a card's link, its
    label) of a sentence's length, in one of at least four sibling items that each hold a
    link (a news list, not a menu) or in an ``<article>``; a folder only where it is named
    after the headline (:func:`_slug_folder`). ``lists`` keeps, for the page, how many such items each list has
    (counted once per list, not once per link: a list of n links cost n² finds)."""
    if len(text) < 6:
        return False
    path = _route_path(url)
    item = a.getparent()
    while item is not None and item.tag not in _ITEM_TAGS:
        item = item.getparent()
    # A folder is a list, unless an item dates it: a headline of a sentence's length beside
    # its date (Django's /news/jiliangri/ <span>2024-03-27</span>) is a post's, however few.
    dated_post = (
        len(text) >= 8
        # (or a post's page named after it: VuePress's /kepu/2024/wenduji-jiaozhun.html)
        and (path.endswith("/") or _SLUG_FILE_RE.search(path) is not None)
        and not _TAXONOMY_RE.search(path)
        and not ("专题" in text or _TOPIC_FOLDER_RE.search(path))  # (a topic's: walked as a list)
        and (
            (item is not None and item.tag != "div" and _ITEM_DATE_RE.search(" ".join(_STRING_XPATH(item).split())))
            # (or its <article> card does: tailwind-nextjs-starter-blog's <article><dl><time>…</dl><h2><a>,
            # gatsby-starter-blog's <article itemtype=schema.org/Article><header><h2><a>…</a></h2><small>date)
            or _in_dated_card(a)
        )
    )
    if dated_post:
        return True
    if not _slug_folder(path, text) and (
        _LIST_PATH_RE.match(path) or _LIST_FILE_RE.search(path) or (path.endswith("/") and not is_article_url(url))
    ):
        return False
    if item is None or (parent := item.getparent()) is None:
        return False
    items = _items(lists, parent, item.tag)
    if items == 1 and item.tag in _HEADINGS and parent.tag in _ITEM_TAGS and (grand := parent.getparent()) is not None:
        # The headline alone in its item's heading (凤凰网's <li><h2><a>…</a></h2><div>time</div></li>):
        # the items are the heading's holders.
        items = _items(lists, grand, parent.tag)
    for _ in range(3):
        # A card's body alone in its card, alone in its column (Bootstrap's div.col > div.card >
        # div.card-body > h5 > a): the items are the columns.
        if items >= 4 or item.tag != "div" or sum(1 for el in parent if el.tag == "div") != 1:
            break
        if parent.tag != "div" or (grand := parent.getparent()) is None:
            break
        item, parent = parent, grand
        items = _items(lists, parent, item.tag)
    # An <article> on a list page is a post's card (Hugo's, Ghost's), however few a page
    # holds (a category of three posts).
    if items < 4:
        # (a card nested deep in its list's item: NodeBB's <li component="category/topic"> > div > div > h3 > a)
        for anc in islice(a.iterancestors(), 8):
            if anc.tag in ("li", "tr") and (up := anc.getparent()) is not None:
                items = max(items, _items(lists, up, anc.tag))
                break
    return items >= 4 or any(el.tag == "article" for el in islice(a.iterancestors(), 4))


_SLUG_FILE_RE = compile_guarded(r"/[a-z][a-z0-9]*(?:-[a-z0-9]+)+\.html?$")


def _in_dated_card(a: etree._Element) -> bool:
    """``a`` is in an ``<article>`` card that holds a date (tailwind-nextjs-starter-blog's
    ``<article><dl><time>…</dl><h2><a>``, gatsby-starter-blog's ``<article
    itemtype=schema.org/Article><header><h2><a>…</a></h2><small>2024年05月06日``): a post's."""
    card = next((el for el in islice(a.iterancestors(), 6) if el.tag == "article"), None)
    return card is not None and _ITEM_DATE_RE.search(" ".join(_STRING_XPATH(card).split())[:300]) is not None


def _items(lists: dict, parent: etree._Element, tag: str) -> int:
    """How many of ``parent``'s children are ``tag`` elements holding a link (kept in ``lists``)."""
    key = (parent, tag)
    items = lists.get(key)
    if items is None:
        items = lists[key] = sum(1 for el in parent if el.tag == tag and el.find(".//a") is not None)
    return items


def category_links(selector: Selector, base: str, hosts: Iterable[str]) -> list[str]:
    """Category pages linked from the site's navigation (folder-like paths), not a blog's
    archives of a day, a month or an author, nor a folder's ``index.html`` beside it, nor
    the footer's pages (关于我们, 联系我们, 网站地图)."""
    here = canonical_url(base)
    links = list(_links(selector, base, hosts))
    # A page some link names as the visitor's account (用户中心, 登录) is none, whatever
    # another link calls it (SiteServer's /home/index.html, also 网上送检).
    seen: set[str] = {_folder_of(url) for url, a in links if _ACCOUNT_TEXT_RE.match(_STRING_XPATH(a))}
    # Folders a headline outside the menu names as a post's (:func:`_slug_folder`).
    posts = {
        url
        for url, a in links
        if url.endswith("/")
        and not _in_menu(a)
        and (_slug_folder(_route_path(url), _link_text(a)) or (len(_link_text(a)) >= 8 and _in_dated_card(a)))
    }
    found = []

    def add(url: str) -> None:
        if (folder := _folder_of(url)) not in seen:  # (a mobile menu's X beside X.html)
            seen.add(folder)
            found.append(url)

    for url, a in links:
        parts = urlsplit(url)
        path = _route_path(url, parts)
        if url == here or _ARCHIVE_PATH_RE.search(path):
            continue
        if page_kind(url) != "list":
            if _MENU_NUMBERED_PAGE_RE.match(path) and _in_menu(a) and not _in_footer(a):
                add(url)  # 中企动力's /news/8.html: a category's page, its number short, in the menu
            continue
        if (_BOARD_PATH_RE.search(path) or _BOARD_QUERY_RE.fullmatch(parts.query)) and not _in_footer(a):
            add(url)  # a Discuz! forum's board, wherever its home lists it (its boards are in its body)
            continue
        if parts.query and path == parts.path:
            # A category named by its query (Z-BlogPHP's /?cate=2), in the site's menu only.
            named = _query_category(parts.query, path) or _WORD_CATEGORY_RE.fullmatch(parts.query)
            # (or by a box's 更多>> link: the list of the box's category)
            # (or anywhere, asked of a list script: EmpireCMS wap's list.php?classid=1&style=0 in a <p>)
            anywhere = _LIST_SCRIPT_RE.search(path)
            if not (named and (anywhere or _in_menu(a) or _MORE_TEXT_RE.match(_STRING_XPATH(a))) and not _in_footer(a)):
                continue
        # A folder (PbootCMS's route /?news/ too), or a page of its own in the site's menu
        # (Drupal's /news, VSB's /xwzx/gzdt.htm).
        elif not (_LIST_PATH_RE.match(path) or (_MENU_PATH_RE.match(path) and _in_menu(a))) or _in_footer(a):
            continue
        elif url in posts:
            continue  # a post's (Hugo's /posts/<slug>/, however it is linked: its image too)
        add(url)
    # A menu of folders in a <select onchange="window.location=this.value"> (栏目导航).
    allowed = set(hosts)
    for select in _JUMPER_XPATH(selector.root) if isinstance(selector.root, etree._Element) else []:
        for value in select.xpath("option/@value"):
            url = _http_url(value, base)
            if url is None or host_of(url) not in allowed or url == here or page_kind(url) != "list":
                continue
            if _LIST_PATH_RE.match(path := _route_path(url)) and not _ARCHIVE_PATH_RE.search(path):
                add(url)
    return found


# A menu's page numbered as an article is but with a short number (中企动力's categories,
# /news/8.html, beside their articles' /news_detail/101.html): a category's list.
_MENU_NUMBERED_PAGE_RE = compile_guarded(r"^/[A-Za-z][\w-]*/\d{1,2}\.html?$")
# Discuz! X's boards: forum-2-1.html, forum.php?mod=forumdisplay&fid=2 (the query's parameters sorted).
_BOARD_PATH_RE = compile_guarded(r"/forum-\d+-1\.html$")
_BOARD_QUERY_RE = compile_guarded(r"fid=\d+&mod=forumdisplay")


def _folder_of(url: str) -> str:
    """A list's URL without its index file or suffix: ``/news/``, ``/news/index.html`` and
    ``/news.html`` alike."""
    return _HTML_SUFFIX_RE.sub("", _INDEX_FILE_RE.sub("/", url))


def topic_links(selector: Selector, base: str, hosts: Iterable[str], editions_only: bool = False) -> list[str]:
    """The topics (专题) a list page presents among its articles: a folder a link names as a
    topic (``【专题】2024年世界计量日``) or that is a topics' folder's (``/zhuanti/2024jiliangri/``),
    outside the page's header, menu and footer; walked as lists of their own. And an
    e-paper's pages (第03版：综合新闻), alone with ``editions_only`` (a home page's)."""
    here = canonical_url(base)
    found = []
    for url, a in _links(selector, base, hosts):
        if url == here or url in found:
            continue
        if _EDITION_TEXT_RE.match(_link_text(a)):
            found.append(url)  # an e-paper's page (第03版：综合新闻): the list of its stories
            continue
        if editions_only:
            continue
        path = _route_path(url)
        if not _LIST_PATH_RE.match(path) or _ARCHIVE_PATH_RE.search(path):
            continue
        if ("专题" in _link_text(a) or _TOPIC_FOLDER_RE.search(path)) and not _in_page_frame(a):
            found.append(url)
    return found


# A link to an e-paper's page (版面): 第03版：综合新闻, 第 3 版, A03版, 人民日报's 03版：要闻.
_EDITION_TEXT_RE = compile_guarded(r"^\s*(?:第\s*\d{1,3}\s*版|[A-Z]\d{1,2}\s*版|\d{1,2}\s*版\s*[:：])")


def entry_links(selector: Selector, base: str, hosts: Iterable[str]) -> list[str]:
    """The list pages a start page links that gives no category and no article (an
    e-paper's 进入电子版 to its first page, a portal's splash page), outside its footer:
    twelve at most, walked as the site's home."""
    here = canonical_url(base)
    found: list[str] = []
    for url, a in _links(selector, base, hosts):
        if url != here and url not in found and not _in_footer(a) and page_kind(url) == "list":
            if not _ARCHIVE_PATH_RE.search(_route_path(url)):
                found.append(url)
    return found[:12]


_TOPIC_FOLDER_RE = compile_guarded(r"/(?:zhuanti|ztbd|topics?)/[^/]+/", re.I)


def sub_category_links(selector: Selector, base: str, hosts: Iterable[str]) -> list[str]:
    """The lists a category's first page links in its own body below its own folder
    (DESTOON's 资讯 home /news/ and its categories /news/list-5.html, linked from nowhere
    else): list-shaped paths outside the page's header, menu and footer, not its own
    pager's pages, nor a parent its breadcrumb links (/wenhua/ above /jiliangwenhuayanjiu/)."""
    here = canonical_url(base)
    here_path = urlsplit(here).path
    folder = here_path.rpartition("/")[0] + "/"
    # (a category at a short number beside its siblings: 中企动力's /news/8.html, /news/9.html)
    numbered = _MENU_NUMBERED_PAGE_RE.match(here_path)
    found = []
    lists: dict = {}
    for url, a in _links(selector, base, hosts):
        path = _route_path(url)
        if url == here or url in found or not path.startswith(folder):
            continue
        if numbered and _MENU_NUMBERED_PAGE_RE.match(path) and path != here_path and not _in_footer(a):
            found.append(url)
            continue
        if urlsplit(url).query and _LIST_FILE_RE.search(path) and not _in_page_frame(a):
            # (a script that lists a category by its id: 74cms's /news/news-list.php?id=3)
            text = " ".join(_STRING_XPATH(a).split())
            if text and not _PAGER_TEXT_RE.match(text) and not _ACCOUNT_TEXT_RE.match(text):
                found.append(url)
            continue
        if not _LIST_PATH_RE.match(path):
            continue
        if page_kind(url) != "list" or path == here_path:
            continue  # (an article in a folder of its own under its list, the list's own pages)
        if _ARCHIVE_PATH_RE.search(path):
            continue
        text = " ".join(_STRING_XPATH(a).split())
        if not text or _PAGER_TEXT_RE.match(text) or _ACCOUNT_TEXT_RE.match(text) or _in_page_frame(a):
            continue
        if _slug_folder(path, text) or _listed_as_article(url, a, text, lists):
            continue  # (a post's folder: Django's /news/jiliangri/ beside its date)
        found.append(url)
    return found


# A blog's archives: /2024/05/, /2024/05/20/, /author/name/, /page/2/.
_ARCHIVE_PATH_RE = compile_guarded(r"/(?:19|20)\d\d/(?:\d{1,2}/){0,2}$|/author/|/page/\d+/?$", re.I)
_INDEX_FILE_RE = compile_guarded(r"/index\.(?:s?html?|jhtml)$", re.I)
_HTML_SUFFIX_RE = compile_guarded(r"(?:\.s?html?|(?<=/)index)$", re.I)


_CALENDAR_RE = compile_guarded(r"calendar|rili|\bcal\b|\bcal[-_]", re.I)
_JUMPER_XPATH = etree.XPath("//body//select[contains(@onchange, 'location')]")
# ASP.NET WebForms' pager: javascript:__doPostBack('GridView1','Page$2') (a POST, not a link).
_POSTBACK_XPATH = etree.XPath(
    "//body//a[contains(@href, '__doPostBack') and (contains(@href, 'Page$') or contains(@href, 'Pager'))]"
)  # (GridView's 'Page$2'; the AspNetPager control's __doPostBack('ctl00$…$AspNetPager1','2'))


def frame_links(selector: Selector, base: str, hosts: Iterable[str], iframes: bool = False) -> list[str]:
    """The pages a home page that is a ``<frameset>`` shows (an old site's: its menu in
    one frame, its news in another), on the crawl's hosts, in order: the site's home
    is what they hold. (An ``<iframe>``'s too, where the page has no link of its own, or
    where ``iframes`` says so: a column's list in an iframe under the site's menu.)"""
    root = selector.root
    if not isinstance(root, etree._Element):
        return []
    srcs = _FRAME_SRC_XPATH(root) or ([] if _HREF_LINKS_XPATH(root) and not iframes else _IFRAME_SRC_XPATH(root))
    allowed = set(hosts)
    found: list[str] = []
    for src in srcs:
        url = _http_url(src, base)
        if url and host_of(url) in allowed and url != canonical_url(base) and url not in found:
            found.append(url)
    return found


_FRAME_SRC_XPATH = etree.XPath("//frameset//frame/@src", smart_strings=False)
_IFRAME_SRC_XPATH = etree.XPath("//body//iframe/@src", smart_strings=False)


def postback_pager(selector: Selector) -> bool:
    """A list page whose pager posts a form (ASP.NET's ``__doPostBack(…,'Page$2')``):
    its next pages have no URL to follow."""
    return isinstance(selector.root, etree._Element) and bool(_POSTBACK_XPATH(selector.root))


# A pager's box (pager, pagination, paging ...) with no link in it: its pages are a script's.
# (Its 1 and 2 are pages, not the numbers of a summary, DedeCMS's 共 <strong>1</strong>页<strong>2</strong>条,
# nor EmpireCMS's count of records, <a title="Total record">&nbsp;<b>2</b> </a> beside its one page's <b>1</b>.)
_PAGE_NUMBER = (
    "normalize-space(.) = '{}' and not(ancestor::*[@title = 'Total record'])"
    " and not(following-sibling::node()[1][self::text()]"
    "[starts-with(normalize-space(.), '页') or starts-with(normalize-space(.), '条')"
    " or starts-with(normalize-space(.), '頁') or starts-with(normalize-space(.), '條')])"  # (共 1頁2條, Traditional)
)
_LINKLESS_PAGER_XPATH = etree.XPath(
    "//body//*[contains(@class, 'pag') or contains(@id, 'pag')][not(.//a[@href])]"
    f"[.//*[{_PAGE_NUMBER.format(2)}] and .//*[{_PAGE_NUMBER.format(1)}]]"
)


def scripted_pager(selector: Selector) -> bool:
    """A list page whose pager has page numbers and no link (Element UI's
    ``<ul class="el-pager"><li class="number">2</li>``, Layui's ``laypage.render`` whose
    jump loads the page itself: pagers a script drives): its next pages have no URL to
    follow."""
    if not isinstance(selector.root, etree._Element):
        return False
    # (or Layui's pager whose jump fetches the page by a script, naming no URL; or a
    # 下一页 that leads nowhere, its onclick a script's: JeeSite's onclick="page(2,15,'')")
    return (
        bool(_LINKLESS_PAGER_XPATH(selector.root))
        or any(_laypage(script) is None for script in _LAYPAGE_XPATH(selector.root))
        or any(_NEXT_TEXT_RE.match(_STRING_XPATH(a)) for a in _NOWHERE_NEXT_XPATH(selector.root))
        # (a 加载更多 that a script binds, naming no URL: jQuery's $("#loadMore").on("click", …), a <button>)
        or any(_LOAD_MORE_RE.match(_STRING_XPATH(el)) for el in _LOAD_MORE_XPATH(selector.root))
    )


_LOAD_MORE_XPATH = etree.XPath(
    "//body//*[self::a or self::button or self::div or self::span or self::p]"
    "[not(@href) or normalize-space(@href) = '' or normalize-space(@href) = '#' or starts-with(normalize-space(@href), 'javascript')]"
    "[not(contains(@onclick, 'location')) and not(contains(@onclick, 'open('))]"
    "[not(*[not(self::i or self::span or self::em or self::b)])]"  # (its words alone, an icon beside them)
)
_LOAD_MORE_RE = LazyPattern(r"^\s*(?:" + tolerant("点击加载更多", "加载更多", "加载更多内容") + r"|load\s+more)\s*$", re.I)
_NOWHERE_NEXT_XPATH = etree.XPath(
    "//body//a[@onclick][not(@href) or normalize-space(@href) = '' or normalize-space(@href) = '#'"
    " or starts-with(normalize-space(@href), 'javascript')]"
    "[not(contains(@onclick, 'location')) and not(contains(@onclick, 'open('))]"  # (no URL named in it)
)
def _next_class(cls: str) -> bool:
    """A class naming a next page: the words next and page… (WordPress's next page-numbers,
    page-next), read as words (a pattern of the two backtracked cubically on a hostile
    page's class of a thousand page- words)."""
    words = _CLASS_WORD_RE.split(cls[:300].lower())
    return "next" in words and any(w.startswith("page") for w in words)


_CLASS_WORD_RE = compile_guarded(r"[^a-z0-9]+")
_TRS_PAGER_XPATH = etree.XPath("//script[contains(., 'createPageHTML') or contains(., 'countPage')]/text()")
_LAYPAGE_XPATH = etree.XPath("//script[contains(., 'laypage.render')]/text()")
_LAYPAGE_NUMBER_RE = {
    name: re.compile(rf"\b{name}\s*:\s*(\d+)") for name in ("count", "limit", "curr")
}
# (… location.href = "index_" + obj.curr + ".html": what follows the number too)
_LAYPAGE_JUMP_RE = compile_guarded(
    r"location\.href\s*=\s*['\"]([^'\"]+)['\"]\s*\+\s*\w+\.curr\b(?:\s*\+\s*['\"]([^'\"]*)['\"])?"
)


def _laypage(script: str) -> tuple[int, int, int, str, str] | None:
    """The records, the page's size, the current page, and the URL before and after a
    page's number, that Layui's ``laypage.render`` is given (None unless all are written out)."""
    numbers = {name: m[1] for name, pattern in _LAYPAGE_NUMBER_RE.items() if (m := pattern.search(script))}
    jump = _LAYPAGE_JUMP_RE.search(script)
    if len(numbers) < 3 or jump is None or int(numbers["limit"]) == 0:
        return None
    return int(numbers["count"]), int(numbers["limit"]), int(numbers["curr"]), jump[1], jump[2] or ""
_TRS_PAGER_RE = compile_guarded(r"createPageHTML\(\s*(\w+)\s*,\s*(\w+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")
_BOXED_PAGER_RE = compile_guarded(
    r"createPageHTML\(\s*[\"'][\w-]+[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']"
)


_TRS_VAR_RE = {
    name: re.compile(rf"\b{name}\s*=\s*{value}")
    for name, value in (
        ("countPage", r"(\d+)"), ("currentPage", r"(\d+)"), ("prePage", r"[\"'](\w+)[\"']"), ("suffix", r"[\"'](\w+)[\"']")
    )
}  # fmt: skip


_TRS_WRITTEN_NAME_RE = compile_guarded(r"href=\\\"(\w+)\"\s*\+\s*\"_\"")
_TRS_WRITTEN_SUFFIX_RE = compile_guarded(r"\"\.?\"\s*\+\s*\"\.?(s?html?)\\\"")


def _trs_pagers(selector: Selector) -> Iterable[tuple[int, int, str, str]]:
    """What each of the page's TRS pager scripts gives (:func:`_trs_pager`)."""
    if isinstance(selector.root, etree._Element):
        for script in _TRS_PAGER_XPATH(selector.root):
            if pager := _trs_pager(script):
                yield pager


def _trs_pager(script: str) -> tuple[int, int, str, str] | None:
    """The pages, the current page, the name and the suffix TRS's pager script gives:
    ``createPageHTML(3, 0, "index", "html")``, or with its numbers in variables of the
    script (``var countPage = 3; ... createPageHTML(countPage, currentPage, ...)``)."""
    if not (m := _TRS_PAGER_RE.search(script)):
        # Its code written out in the page instead of the call: var countPage = 3;
        # var currentPage = 0; var prePage = "index"; var suffix = "html"; document.write(…)
        # Or TRS's classic one, the name and suffix in its strings: document.write("<a href=\"index"+"_" + nextPage + "."+"html\">下一页</a>").
        names = [_TRS_VAR_RE[name].search(script) for name in ("countPage", "currentPage", "prePage", "suffix")]
        if not (names[0] and names[1]) or "document.write" not in script:
            return None
        name = names[2] or _TRS_WRITTEN_NAME_RE.search(script)
        suffix = names[3] or _TRS_WRITTEN_SUFFIX_RE.search(script)
        if not (name and suffix):
            return None
        return int(names[0][1]), int(names[1][1]), name[1], suffix[1]
    numbers = []
    for value in (m[1], m[2]):
        if not value.isdigit():
            found = re.search(rf"\b{re.escape(value)}\s*=\s*(\d+)", script)
            if found is None:
                return None
            value = found[1]
        numbers.append(int(value))
    return numbers[0], numbers[1], m[3], m[4]


def other_host_articles(selector: Selector, base: str, hosts: Iterable[str]) -> list[str]:
    """The article-shaped links of a list page at ``base`` to another host (or port) of the same
    site, which the crawl does not follow (``www.`` for the bare domain, the ``m.`` mirror,
    another port). Only a link naming a host can be on another (a relative one is not joined)."""
    allowed = set(hosts)
    site = _site_of(host_of(base))
    found = []
    for a in _body_links(selector):
        href = a.get("href") or ""
        if "//" not in href:
            continue
        url = _http_url(href, base)
        if url and (host := host_of(url)) not in allowed and _site_of(host) == site and is_article_url(url):
            found.append(url)
    return _unique(found)


def next_page_elsewhere(selector: Selector, base: str, hosts: Iterable[str]) -> str | None:
    """The next list page where it is on another host of the same site (not followed), else None."""
    after = _next_page_url(selector, base)
    if after is None or host_of(after) in set(hosts):
        return None
    return after if _site_of(host_of(after)) == _site_of(host_of(base)) else None


def _site_of(host: str) -> str:
    """A host's name without its port and its www., m. or wap. (www.example.gov.cn, m.example.gov.cn
    and example.gov.cn:8080 are one site)."""
    name = host.rpartition(":")[0] if host.count(":") == 1 else host
    for prefix in ("www.", "m.", "wap.", "3g."):
        if name.startswith(prefix) and name.count(".") >= 2:
            return name[len(prefix) :]
    return name


def feed_links(text: str, base: str) -> tuple[list[str], list[str]] | None:
    """What an XML sitemap or a feed at ``base`` lists, where ``text`` is one: the sitemaps
    a sitemap index names (``<sitemapindex><sitemap><loc>``), and the pages a sitemap
    (``<urlset><url><loc>``), an RSS feed (``<item><link>``) or an Atom feed (``<entry><link
    href>``) names, each an absolute http(s) URL; None for any other page."""
    head = text[:2000].lstrip("\ufeff \t\r\n")
    if not (head.startswith("<?xml") or _FEED_ROOT_RE.match(head)):
        return None
    try:
        # (the text is decoded already: its declaration's encoding, gb2312 say, is no longer its own)
        root = etree.fromstring(_XML_DECLARATION_RE.sub("", text, count=1).encode("utf-8"), _FEED_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    kind = etree.QName(root).localname.lower()
    if kind == "sitemapindex":
        sitemaps, pages = _FEED_XPATHS["sitemaps"](root), []
    elif kind == "urlset":
        sitemaps, pages = [], _FEED_XPATHS["urls"](root)
    elif kind in ("rss", "rdf"):
        sitemaps, pages = [], _FEED_XPATHS["items"](root)
    elif kind == "feed":
        sitemaps, pages = [], _FEED_XPATHS["entries"](root)
    else:
        return None
    resolve = [_http_url(str(v).strip(), base) for v in sitemaps], [_http_url(str(v).strip(), base) for v in pages]
    return _unique(u for u in resolve[0] if u), _unique(u for u in resolve[1] if u)


_FEED_ROOT_RE = compile_guarded(r"<(?:urlset|sitemapindex|rss|feed|rdf:RDF)\b")
_XML_DECLARATION_RE = compile_guarded(r"^[\ufeff\s]*<\?xml[^>]*\?>")
_FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
_FEED_XPATHS = {
    "sitemaps": etree.XPath("//*[local-name()='sitemap']/*[local-name()='loc']/text()"),
    "urls": etree.XPath("//*[local-name()='url']/*[local-name()='loc']/text()"),
    "items": etree.XPath("//*[local-name()='item']/*[local-name()='link']/text()"),
    "entries": etree.XPath("//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href"),
}


def next_page_url(selector: Selector, base: str) -> str | None:
    """The next list page on the same host (and port) as ``base``: ``rel=next``, a
    下一页 link, or the number after the current page. A next link to another host is
    not followed."""
    url = _next_page_url(selector, base)
    return url if url and host_of(url) == host_of(base) else None


def _next_page_url(selector: Selector, base: str) -> str | None:
    here = canonical_url(base)
    for href in selector.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href").getall():
        if (url := _http_url(href, base)) and url != here:
            return url
    for a in _body_links(selector):
        # (an image's 下一页; a button's, <input type="button" value="下一页" onclick=…>)
        text = _STRING_XPATH(a) or " ".join(a.xpath("descendant::img/@alt")) or a.get("value", "")
        if _NEXT_TEXT_RE.match(text) or _next_class(a.get("class", "")):
            if _within(a, "caption", _CALENDAR_RE):
                continue  # a calendar's next month (», on every month's page: no end)
            url = _http_url(a.get("href"), base)
            if url is None and (onclick := a.get("onclick")) and (m := _ONCLICK_URL_RE.search(onclick)):
                url = _http_url(m.group(1), base)  # (href="javascript:void(0)" onclick="location.href='list-2.html'")
            if url and url != here:
                return url  # (PHPCMS's last page links 下一页 to itself)
    # A page jumper: <select onchange="location.href=this.value"> with the page selected.
    for select in _JUMPER_XPATH(selector.root) if isinstance(selector.root, etree._Element) else []:
        values = [o.get("value", "") for o in select.iter("option")]
        chosen = [i for i, o in enumerate(select.iter("option")) if o.get("selected") is not None]
        if chosen and chosen[0] + 1 < len(values) and (url := _http_url(values[chosen[0] + 1], base)) and url != here:
            return url
    # Layui draws its pager by a script: laypage.render({count, limit, curr, jump: …
    # location.href = '/list?id=5&pageNum=' + obj.curr}).
    for script in _LAYPAGE_XPATH(selector.root) if isinstance(selector.root, etree._Element) else []:
        if (pager := _laypage(script)) is not None:
            count, limit, current, before, after = pager
            return _http_url(f"{before}{current + 1}{after}", base) if current * limit < count else None
    # TRS WCM writes its pager by a script: createPageHTML(pages, current, "index", "html").
    for pages, current, name, suffix in _trs_pagers(selector):
        return _http_url(f"{name}_{current + 1}.{suffix}", base) if current + 1 < pages else None
    # gov.cn's and Sohu's CMS: createPageHTML('page_div', pages, current, 'index', 'htm', items),
    # its current page counted from 1, page n at index_n.htm (the first at index.htm).
    for script in _TRS_PAGER_XPATH(selector.root) if isinstance(selector.root, etree._Element) else []:
        if m := _BOXED_PAGER_RE.search(script):
            pages, current = int(m[1]), int(m[2])
            return _http_url(f"{m[3]}_{current + 1}.{m[4]}", base) if current < pages else None
    # A pager a script writes from a string of its own (var pagehtml = '<a href=…>下一页</a>';
    # document.write(pagehtml)): its 下一页 link, where the string holds the whole link.
    for script in _WRITTEN_PAGER_XPATH(selector.root) if isinstance(selector.root, etree._Element) else []:
        for m in _STRING_LITERAL_RE.finditer(script):
            literal = m[1] if m[1] is not None else m[2]
            for href, text in _WRITTEN_LINK_RE.findall(literal.replace('\\"', '"').replace("\\'", "'")):
                if _NEXT_TEXT_RE.match(re.sub(r"<[^>]*>", "", text)) and (url := _http_url(href, base)) and url != here:
                    return url
    # Only numbers: the current page is the number that is not a link (or is marked
    # current); the next page is the link whose text is that number plus one. One
    # pass over the candidates, each parent looked at once: linear in the page.
    current = None
    has_links: dict = {}
    for el in selector.root.iter("li", "span", "strong", "b", "a", "font"):
        if len(el) > 2:
            continue
        text = "".join(el.itertext()).strip().strip("[]【】")  # ([1] [2] [3])
        if not text.isdigit() or len(text) > 6:
            continue
        link = el if el.tag == "a" else next(el.iter("a"), None)
        href = link.get("href") if link is not None else None
        is_link = bool(href) and not href.startswith("#")
        marked = _CURRENT_CLASS_RE.search(el.get("class", "")) is not None
        parent = el.getparent()
        if parent is None or not (not is_link or marked) or _within(el, "caption", _CALENDAR_RE):
            continue
        if parent not in has_links:
            has_links[parent] = any(
                a.get("href") for child in parent if child is not el for a in child.iter("a")
            )
        if has_links[parent]:
            current = (int(text), el)
            break
    if current is None:
        return _bare_current_next(selector, base)
    # The link numbered one more, in the current page's pager (its parent or the element
    # around that): not a calendar's day of that number elsewhere on the page.
    wanted, box = str(current[0] + 1), current[1]
    for _ in range(2):
        if (box := box.getparent()) is None:
            return None
        for a in box.iter("a"):
            href = a.get("href")
            if href and not href.startswith("#") and not href.lower().startswith("javascript:"):
                if "".join(a.itertext()).strip().strip("[]【】") == wanted and not _within(a, "caption", _CALENDAR_RE):
                    return _http_url(href, base)
    return None


_WRITTEN_PAGER_XPATH = etree.XPath("//body//script[contains(., 'document.write')][contains(., 'href')]/text()")
_STRING_LITERAL_RE = compile_guarded(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")
# (Each part bounded, not across another tag or link: a hostile string of unclosed <a
# scanned to its end from every one, quadratically.)
_WRITTEN_LINK_RE = compile_guarded(
    r"<a\b[^<>]{0,300}?\bhref\s*=\s*[\"']([^\"'<>+]{1,500})[\"'][^<>]{0,300}>((?:(?!</?a\b).){0,300}?)</a>", re.I | re.S
)


def _bare_current_next(selector: Selector, base: str) -> str | None:
    """The next page of a pager whose current page is bare text among its links
    (``1 <a>2</a> <a>3</a>``, ``[1] <a>[2]</a>``): the link numbered one more than it."""
    if not isinstance(selector.root, etree._Element):
        return None
    seen = set()
    for a in _NUMBER_LINKS_XPATH(selector.root):
        box = a.getparent()
        if box is None or box in seen:
            continue
        seen.add(box)
        links = {
            "".join(x.itertext()).strip().strip("[]【】"): x for x in box.iterchildren("a") if x.get("href")
        }
        texts = [box.text or "", *(x.tail or "" for x in box)]
        bare = [int(t) for text in texts for t in _BARE_NUMBER_RE.findall(text)]
        for n in bare:
            if str(n + 1) in links and str(n) not in links and not _within(box, "caption", _CALENDAR_RE):
                return _http_url(links[str(n + 1)].get("href"), base)
    return None


# The last segment of an article's page's path (_ARTICLE_PAGE_PATH_RE): 57604_2.html.
_PAGE_FILE_RE = re.compile(r"(\d+)_(\d+)\.html?", re.A)
_NUMBER_LINKS_XPATH = etree.XPath("//body//a[@href][translate(normalize-space(.), '0123456789[]【】', '') = '']")
_BARE_NUMBER_RE = compile_guarded(r"(?<![\d/:.-])[\[【]?(\d{1,4})[\]】]?(?![\d/:.-])")


def article_page_urls(selector: Selector, base: str) -> list[str]:
    """The other pages of a split article (``57604_2.html`` ..., or DedeCMS's dynamic
    ``view.php?aid=8812&pageno=2``), in page order."""
    m = _ARTICLE_PATH_RE.match(urlsplit(base).path) or _ARTICLE_PAGE_PATH_RE.match(urlsplit(base).path)
    if not m:
        return (
            _query_pages(selector, base)
            or _limitstart_pages(selector, base)
            or _other_pages(selector, base)
            or _page_query_pages(selector, base)
        )
    ident = m.group(1)
    pages: dict[int, str] = {}
    host = host_of(base)
    resolve = link_base(selector, base)
    # (and a page jumper's options: EmpireCMS's [!--title.select--], DedeCMS's <select onchange=
    # "location.href=this.value">, a split article's only pager on some templates)
    for href in _values(selector, "//body//a/@href | //body//select[contains(@onchange, 'location')]/option/@value"):
        if _cannot_be_page_of(href, ident):
            continue
        if (own := _plain_segment(href)) is not None and not (
            (page := _PAGE_FILE_RE.fullmatch(own)) and page[1] == ident
        ):
            continue  # (a link to the page itself, 57604.html#comments, or to another's)
        url = _http_url(href, resolve)
        if not url or host_of(url) != host:
            continue
        pm = _ARTICLE_PAGE_PATH_RE.match(urlsplit(url).path)
        if pm and pm.group(1) == ident:
            pages.setdefault(int(pm.group(2)), url)
    # (or 88140-2.html, a pager's number or 下一页 to it; or ?page=2)
    return [pages[n] for n in sorted(pages) if n > 1] or _other_pages(selector, base) or _page_query_pages(selector, base)


_MOST_PAGES = 100  # the pages of one article a pager script is believed for


def _other_pages(selector: Selector, base: str) -> list[str]:
    """The other pages of an article whose URL is no ``<id>.html`` and no query: those
    TRS's pager script names (``createPageHTML(3, 0, "t20240520_12345", "html")``:
    ``t20240520_12345_1.html``, ``_2``), and the pager's links (a number, 下一页 ...) to
    ``<stem>_<n>.<ext>`` or ``<stem>-<n>.<ext>`` (``content_25340717_2.htm``, 人民网's
    ``c1004-40123456-2.html``, in any folder), to the URL with its last 1 made n
    (PHPCMS's ``show-12-3456-1.html`` -> ``-2``), or, for a path ending in a slash, to
    ``<path><n>/`` (WordPress's ``<!--nextpage-->``)."""
    parts = urlsplit(base)
    if not parts.path.isascii() or "%" in parts.path:
        parts = urlsplit(canonical_url(base))  # (the links are canonical: %E4 for %e4 and 中)
    if parts.query or not isinstance(selector.root, etree._Element):
        return []
    folder, _, segment = parts.path.rpartition("/")
    stem, dot, ext = segment.rpartition(".") if "." in segment else (segment, "", "")
    resolve = link_base(selector, base)
    if segment:
        for pages, _, name, suffix in _trs_pagers(selector):
            if (name, suffix) == (stem, ext):
                count = min(pages, _MOST_PAGES)  # (a script may say anything)
                return [u for i in range(1, count) if (u := _http_url(f"{stem}_{i}.{ext}", resolve))]
        first = re.match(r"(.*\d[-_])1$", stem, re.A)
        # (a page after the first, 人民网's c1008-40123456-2.html: its pager links the others)
        later = None if first else re.match(r"(.*\d)[-_]\d{1,3}$", stem, re.A)
        key = first[1] if first else later[1] if later else stem  # (what every page's link holds)
        shapes = [re.escape(stem) + r"[_-](\d+)", re.escape(stem) + r"/page/(\d+)"]  # (ThinkPHP's …/id/107/page/2.html)
        shapes += [re.escape(first[1]) + r"(\d+)"] if first else []
        shapes += [re.escape(later[1]) + r"[_-](\d+)"] if later else []
        # (in any folder: 人民网 serves an article under /n1/ and /GB/n1/, its pager links one)
        page_re = re.compile(
            r"/(?:.*/)?(?:(?:" + "|".join(shapes) + ")" + re.escape(dot + ext) + "|" + re.escape(segment) + r"/(\d+)/?)$"
        )  # (or WordPress's <!--nextpage--> after a permalink ending .html: /120.html/2)
    else:
        key = folder.rpartition("/")[2]
        page_re = re.compile(re.escape(parts.path) + r"(\d+)/?$")
    if not key:
        return []
    # What every page's link holds, however it spells the key (%E4, %e4 or 中).
    keys = {key} if key.isascii() and "%" not in key else {key, key.lower(), unquote(key)}
    candidates = {h for h in _values(selector, "//body//a/@href") if any(k in h for k in keys)}
    if not candidates:
        return []  # (most pages: looked at as strings, without a Python object for each link)
    pages: dict[int, str] = {}
    here = canonical_url(base)
    for a in _HREF_LINKS_XPATH(selector.root):
        href = a.get("href")
        if href not in candidates or not _PAGER_TEXT_RE.match(_STRING_XPATH(a)):
            continue
        url = _http_url(href, resolve)
        if not url or url == here or host_of(url) != host_of(base) or urlsplit(url).query:
            continue
        if pm := page_re.match(urlsplit(url).path):
            number = int(next(g for g in pm.groups() if g is not None))
            pages.setdefault(number, url)
    return [pages[n] for n in sorted(pages) if n > 1 or (segment and n == 1 and not first)]


def _own_path_links(
    selector: Selector, base: str, key: str
) -> Iterator[tuple[etree._Element, str, list[tuple[str, str]]]]:
    """The links of the page at ``base`` (no query) to its own path with a query holding
    ``key``, each with its URL and its query's parameters: the article's pages by number."""
    parts = urlsplit(base)
    if parts.query or not isinstance(selector.root, etree._Element):
        return
    segment = parts.path.rpartition("/")[2]
    hrefs = {
        href for href in _values(selector, f"//body//a/@href[contains(., '{key}')]")
        if _plain_segment(href) in (None, segment)
    }  # fmt: skip
    if not hrefs:
        return
    resolve = link_base(selector, base)
    for a in _HREF_LINKS_XPATH(selector.root):
        if a.get("href") not in hrefs:
            continue
        url = _http_url(a.get("href"), resolve)
        if url and host_of(url) == host_of(base) and urlsplit(url).path == parts.path:
            yield a, url, parse_qsl(urlsplit(url).query, keep_blank_values=True)


# A path's last segment that joining a link and canonicalising it keep as it is (unreserved
# characters, not a dot segment).
_PLAIN_SEGMENT_RE = compile_guarded(r"[\w~-][\w.~-]*", re.A)


def _plain_segment(href: str) -> str | None:
    """The last segment of the path ``href`` resolves to, known from the link alone: that of
    its own path where it is plain (``list.php`` in ``list.php?page=2``), which
    :func:`_http_url` keeps as it is; None where the path is empty (it takes the page's own),
    or where anything in the link (non-ASCII, ``%``, ``;``, ``\\``, tabs, newlines) can be
    decoded or parsed into something else. Asked before :func:`_http_url`, whose joining and
    canonicalising cost most of the search for an article's other pages."""
    href = href.strip()
    if not href.isascii() or _ALTERED_HREF_RE.search(href):
        return None
    try:
        own = urlsplit(href).path.rpartition("/")[2]
    except ValueError:
        return None  # (_http_url says what it is)
    return own if _PLAIN_SEGMENT_RE.fullmatch(own) else None


def _limitstart_pages(selector: Selector, base: str) -> list[str]:
    """Joomla's pagebreak pages of an article at ``base`` (no query): its own path with
    ``?limitstart=N`` (page N + 1), never ``showall=1`` (every page at once)."""
    pages: dict[int, str] = {}
    for _, url, params in _own_path_links(selector, base, "limitstart="):
        query = dict(params)
        start = query.get("limitstart", "")
        if query.get("showall") not in (None, "", "0") or not start.isdigit():
            continue
        pages.setdefault(int(start) + 1, url)
    return [pages[n] for n in sorted(pages) if n > 1][:_MOST_PAGES]


# The query parameter that numbers an article's pages where the query names the article
# (PowerEasy 2006's ShowArticle.asp?ArticleID=88&ArticlePage=2, KesionCMS's Show.asp?m=1&d=2418&p=2),
# in this order.
_PAGE_PARAMS = ("pageno", "page", "articlepage", "p", "pageindex", "pn")  # (ASP.NET's pageindex=2)


def _page_query_pages(selector: Selector, base: str) -> list[str]:
    """The pages of an article at ``base`` (no query) that its pager links as its own
    path with a page number alone in the query (FastAdmin's CMS, a mobile edition:
    ``/cms/a/102.html?page=2``): links worded as a pager's (a number, 下一页 ...)."""
    pages: dict[int, str] = {}
    for a, url, query in _own_path_links(selector, base, "="):
        if len(query) == 1 and query[0][0].lower() in _PAGE_QUERY_NAMES and query[0][1].isdigit():
            if _PAGER_TEXT_RE.match(_STRING_XPATH(a)):
                pages.setdefault(int(query[0][1]), url)
    return [pages[n] for n in sorted(pages) if n > 1][:_MOST_PAGES]


_PAGE_QUERY_NAMES = frozenset(("page", "p", "pageno", "pn", "pageindex"))


def _query_pages(selector: Selector, base: str) -> list[str]:
    """The other pages of an article its query names (``view.php?aid=8812``): links to
    the same path, with the same id parameter and a page parameter above 1, or above 0
    where the pager counts from 0 (EmpireCMS's ``ShowInfo.php?…&page=1`` reads 2)."""
    parts = urlsplit(base)
    ident = article_id(base)
    if ident is None or not parts.query:
        return []
    ident = str(ident)
    names = {k for k, v in parse_qsl(parts.query) if v == ident}
    if not names:
        return []  # (the id is the path's)
    lowered = {name.lower() for name in names}
    pages: dict[int, str] = {}
    from_zero = False
    resolve = link_base(selector, base)
    # (the links holding the id, asked of lxml: a page's other links never become objects)
    for a in _LINKS_HOLDING_XPATH(selector.root, ident=ident) if isinstance(selector.root, etree._Element) else []:
        href = a.get("href")
        url = _http_url(href, resolve)
        if not url or host_of(url) != host_of(base) or urlsplit(url).path != parts.path:
            continue
        query = {k.lower(): v for k, v in parse_qsl(urlsplit(url).query)}
        if any(query.get(name.lower()) == ident for name in names):
            # (not the id's own parameter: WordPress's ?p=123 names the post)
            number = next((query[p] for p in _PAGE_PARAMS if p in query and p not in lowered), "")
            if number.isdigit():
                pages.setdefault(int(number), url)
                from_zero = from_zero or _STRING_XPATH(a).strip(" []【】") == str(int(number) + 1)
    return [pages[n] for n in sorted(pages) if n > (0 if from_zero else 1)]


# Characters that parsing or percent-decoding may take out of a link or turn into others.
_ALTERED_HREF_RE = compile_guarded(r"[%;\\\t\n\r]")


def _cannot_be_page_of(href: str, ident: str) -> bool:
    """True when ``href`` cannot resolve to a page ``<ident>_<n>.html``: the resolved
    path's last segment is the link's own (its path is not empty), which does not hold
    ``ident``, and nothing in it (non-ASCII, ``%``, ``;``, ``\\``, tabs, newlines) can be
    decoded or parsed into something else. Asked before :func:`_http_url`, whose joining and
    canonicalising cost most of :func:`article_page_urls` on a page of many links."""
    if ident in href or not href.isascii() or _ALTERED_HREF_RE.search(href):
        return False
    try:
        return not _path_is_empty(href.strip())  # an empty path takes the page's own
    except ValueError:
        return False  # (_http_url says what it is)


def _path_is_empty(href: str) -> bool:
    """``not urlsplit(href).path`` (raising as it does) for a stripped ASCII link
    without tab or newline, at once for the usual shapes (a path, a relative link
    without a colon, an http(s) link): ``urlsplit`` took most of
    :func:`article_page_urls` on a page of many links (tests/test_navigation.py holds
    the two equal)."""
    head = href[:1]
    if head > " ":  # urlsplit strips a leading control character: left to it
        if head == "/" and href[1:2] != "/":
            return False  # /path
        if ":" not in href and head != "/":
            return head in "?#"  # no scheme, no host: the path runs to the first ? or #
        if m := _HTTP_HOST_RE.match(href):
            return href[m.end() : m.end() + 1] != "/"
    return not urlsplit(href).path


# An http(s) scheme and host, up to where the path, query or fragment starts; a host
# with a bracket does not match (urlsplit checks brackets, and raises on a lone one).
_HTTP_HOST_RE = compile_guarded(r"https?://[^/?#\[\]]*(?=[/?#]|$)")


def view_count_url(selector: Selector, base: str) -> str | None:
    """The DedeCMS script that writes the view count (``/plus/count.php?view=yes&aid=...``),
    on the page's own host and port: a counter on another host is not asked, nor one of a
    web archive's capture (it rarely holds the script's answer, and no answer of today's)."""
    if "/web/" in base and captured_host(base) is not None:
        return None
    sources = _values(selector, "//script/@src[contains(., 'count.php')]")
    sources.sort(key=lambda src: "view=yes" not in src)
    resolve = link_base(selector, base) if sources else base
    for src in sources:
        if (url := _http_url(src, resolve)) and host_of(url) == host_of(base):
            return url
    return None

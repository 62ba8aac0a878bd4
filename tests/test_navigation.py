"""Navigation decisions on the saved home and list pages."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from w3lib.url import canonicalize_url

from metrology_spider.assemble import html_selector, page_selector
from metrology_spider.navigation import (
    _CANONICAL_URL_RE,
    _is_canonical,
    _path_is_empty,
    article_link_items,
    article_links,
    article_page_urls,
    canonical_link,
    canonical_url,
    category_links,
    frame_links,
    is_article_url,
    link_base,
    listed_links,
    next_page_elsewhere,
    next_page_url,
    other_host_articles,
    page_kind,
    postback_pager,
    scripted_pager,
    sub_category_links,
    topic_links,
    view_count_url,
)
from tests.conftest import FIXTURES, response_for, time_limit

BASE = "http://www.chinajl.com.cn/"
HOSTS = {"www.chinajl.com.cn"}


def selector(path: str):
    """The page's selector as the spider reads a home or list page (``page_selector``)."""
    return page_selector(response_for(FIXTURES / "site" / path, BASE + path))


def test_scrapy_s_selector_and_the_spider_s_give_the_same_links():
    # The spider parses listings with lxml's plain parser, as it parses articles.
    pages = [p for p in (FIXTURES / "site").rglob("*.html") if p.name == "index.html" or p.name.startswith("list_")]
    assert len(pages) >= 5
    for page in pages:
        url = BASE + page.relative_to(FIXTURES / "site").as_posix()
        response = response_for(page, url)
        ours, scrapys = page_selector(response), response.selector
        assert type(ours.root) is not type(scrapys.root)
        for read in (article_link_items, category_links):
            assert read(ours, url, HOSTS) == read(scrapys, url, HOSTS), (page, read)
        assert next_page_url(ours, url) == next_page_url(scrapys, url), page


def test_home_page_categories_are_its_navigation_only():
    links = category_links(selector("index.html"), BASE, HOSTS)
    assert links == [BASE + "jiliangyuzhiliang/", BASE + "jiliangwenhuayanjiu/", BASE + "celiangjishu/"]


def test_home_page_links_never_lead_to_members_search_tags_scripts_or_other_hosts():
    sel = selector("index.html")
    followed = category_links(sel, BASE, HOSTS) + article_links(sel, BASE, HOSTS)
    assert followed
    for url in followed:
        assert url.startswith(BASE)
        assert not any(part in url for part in ("member", "plus", "tags", "search", "javascript", "mailto"))


def test_list_page_article_links_stay_on_the_allowed_hosts():
    links = article_links(
        selector("jiliangyuzhiliang/list_12_2.html"), BASE + "jiliangyuzhiliang/list_12_2.html", HOSTS
    )
    assert BASE + "jiliangyuzhiliang/63755.html" in links
    assert not any("example.com" in u for u in links)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("jiliangyuzhiliang/index.html", "jiliangyuzhiliang/list_12_2.html"),  # 下一页
        ("jiliangyuzhiliang/list_12_2.html", None),
        ("jiliangwenhuayanjiu/index.html", "jiliangwenhuayanjiu/list_31_2.html"),  # numbers only
        ("jiliangwenhuayanjiu/list_31_2.html", None),
        ("celiangjishu/index.html", "celiangjishu/list_45_2.html"),  # rel=next
        ("celiangjishu/list_45_2.html", None),
    ],
)
def test_next_page(page, expected):
    assert next_page_url(selector(page), BASE + page) == (BASE + expected if expected else None)


def test_next_page_by_text_in_a_mirror():
    html = '<body><div class="pages"><a href="list_2.html">2</a> <a href="list_2.html">下(xià)一頁</a></div></body>'
    assert next_page_url(Selector(text=html), BASE + "a/") == BASE + "a/list_2.html"


def test_next_page_ignores_javascript_links():
    html = '<body><a href="javascript:void(0)">下一页</a></body>'
    assert next_page_url(Selector(text=html), BASE + "a/") is None


def test_article_pages_in_order_from_any_page():
    first = "jiliangwenhuayanjiu/57604.html"
    assert article_page_urls(selector(first), BASE + first) == [
        BASE + "jiliangwenhuayanjiu/57604_2.html",
        BASE + "jiliangwenhuayanjiu/57604_3.html",
    ]
    second = "jiliangwenhuayanjiu/57604_2.html"
    assert BASE + "jiliangwenhuayanjiu/57604_3.html" in article_page_urls(selector(second), BASE + second)



def test_article_pages_behind_percent_escapes_and_other_hosts():
    # Links are looked at only when they can hold the id; an escaped one still can.
    page = Selector(
        text='<html><body><a href="%35%37604_2.html">2</a> <a href="/x/57604%5F3.htm">3</a> '
        '<a href="http://other.example/x/57604_4.html">4</a> <a href="57605_5.html">5</a> '
        '<a href="/x/1.html">1</a></body></html>'
    )
    assert article_page_urls(page, "http://h.example/x/57604.html") == [
        "http://h.example/x/57604_2.html",
        "http://h.example/x/57604_3.htm",
    ]


def test_the_pages_of_an_article_its_query_names():
    # DedeCMS's dynamic view: view.php?aid=8812&pageno=2; another article's pages are not its.
    url = "http://h.example/plus/view.php?aid=8812&pageno=1"
    page = Selector(
        text="<body>共3页: <b>1</b> <a href='view.php?aid=8812&pageno=2'>2</a> <a href='view.php?aid=8812&amp;pageno=3'>3</a>"
        " <a href='view.php?aid=8812&pageno=2'>下一页</a> <a href='view.php?aid=8813&pageno=2'>另一篇</a>"
        " <a href='/m/view.php?aid=8812&pageno=4'>手机版</a></body>"
    )
    assert article_page_urls(page, url) == [
        "http://h.example/plus/view.php?aid=8812&pageno=2",
        "http://h.example/plus/view.php?aid=8812&pageno=3",
    ]
    assert article_page_urls(page, "http://h.example/plus/view.php?pageno=1") == []


@pytest.mark.parametrize(
    ("url", "href"),
    [
        # PowerEasy 2006's pager, and KesionCMS's
        ("http://h.example/Article/ShowArticle.asp?ArticleID=88", "ShowArticle.asp?ArticleID=88&ArticlePage=2"),
        ("http://h.example/Item/Show.asp?m=1&d=2418", "Show.asp?m=1&d=2418&p=2"),
        # (ASP.NET's, AspNetPager's)
        ("http://h.example/bzh/view.aspx?newsid=88", "view.aspx?newsid=88&pageindex=2"),
    ],
)
def test_the_pages_of_an_article_its_query_numbers_by_other_names(url, href):
    page = Selector(text=f"<body><p>正文</p><div>[1] <a href='{href}'>[2]</a> <a href='{href}'>下一页</a></div></body>")
    (found,) = article_page_urls(page, url)
    assert found.endswith("2") and ("ArticlePage=2" in found or "p=2" in found or "pageindex=2" in found)
    # (WordPress's ?p=123 names the post: its p is no page number)
    wordpress = Selector(text="<body><a href='/?p=123&amp;page=2'>2</a> <a href='/?p=124'>下一篇</a></body>")
    assert article_page_urls(wordpress, "http://wp.example/?p=123") == ["http://wp.example/?p=123&page=2"]


def test_links_are_resolved_against_the_pages_base_on_its_own_host():
    # <base href> names the site's editing host: an article's pages and its count script
    # are where the base's path puts them, on the host that served the page.
    url = "http://h.example/news/2023/0518/41234.html"
    page = Selector(
        text='<html><head><base href="http://cms.h.example/news/2023/0518/"></head><body>'
        '<script src="../../../plus/count.php?view=yes&aid=41234"></script>'
        '<a href="41234_2.html">2</a></body></html>'
    )
    assert link_base(page, url) == "http://h.example/news/2023/0518/"
    assert article_page_urls(page, url) == ["http://h.example/news/2023/0518/41234_2.html"]
    assert view_count_url(page, url) == "http://h.example/plus/count.php?aid=41234&view=yes"  # (canonical)
    # A relative base moves the links' folder; an unusable one is no base.
    listing = Selector(text='<head><base href="/jiliangwenhuayanjiu/"></head><body><a href="57604.html">文</a></body>')
    assert article_links(listing, link_base(listing, BASE), HOSTS) == [BASE + "jiliangwenhuayanjiu/57604.html"]
    for odd in ("javascript:void(0)", "", "http://[oops/"):
        assert link_base(Selector(text=f'<head><base href="{odd}"></head>'), url) == url


@pytest.mark.parametrize("href", ["http://[oops/57604_2.html", "https://host:x-y/57604_2.html", "//[x"])
def test_a_link_that_cannot_be_parsed_is_no_link(href):
    # urllib and w3lib raise ValueError on these: the page's other links are still read.
    url = BASE + "jiliangwenhuayanjiu/57604.html"
    page = Selector(text=f'<body><a href="{href}">x</a><a href="57604_2.html">2</a><a href="{href}">y</a></body>')
    assert article_page_urls(page, url) == [BASE + "jiliangwenhuayanjiu/57604_2.html"]
    listing = Selector(text=f'<body><a href="{href}">下一页</a><a href="57604.html">文</a></body>')
    assert next_page_url(listing, BASE + "jiliangwenhuayanjiu/") is None
    assert article_links(listing, BASE + "jiliangwenhuayanjiu/", HOSTS) == [url]


def test_view_count_script():
    page = "jiliangwenhuayanjiu/57604.html"
    url = view_count_url(selector(page), BASE + page)
    assert url.startswith(BASE + "plus/count.php?") and "aid=57604" in url and "view=yes" in url
    assert (
        view_count_url(selector("jiliangyuzhiliang/63871.html"), BASE + "jiliangyuzhiliang/63871.html")
        is None
    )


@pytest.mark.parametrize(
    ("url", "kind", "article"),
    [
        ("http://www.chinajl.com.cn/", "home", False),
        ("http://www.chinajl.com.cn/index.html", "home", False),
        ("http://127.0.0.1:8000/", "home", False),
        ("http://www.chinajl.com.cn/jiliangyuzhiliang/", "list", False),
        ("http://www.chinajl.com.cn/jiliangyuzhiliang/list_12_2.html", "list", False),
        ("http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604.html", "article", True),
        ("http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604_2.html", "article", False),
        # Other sites' article URLs
        ("http://paper.example.cn/html/2024-01/09/content_25340717.htm", "article", True),
        ("http://www.example-gov.cn/art/2024/1/9/art_1621004_30332664.html", "article", True),
        ("http://news.example.cn/2023-06/15/c_1125597921.htm", "article", True),
        ("http://www.example.com/a/434365209_123753", "article", True),
        ("http://www.example.gov.cn/zwgk/202401/t20240109_4512.html", "article", True),
        ("http://blog.example.org/2024/05/metrology-day/", "article", True),
        # 纽约时报中文网's day folder and slug, and its bilingual and Traditional editions
        ("http://cn.nytimes.example/science/20240520/kilogram-redefined/", "article", True),
        ("http://cn.nytimes.example/science/20240520/kilogram-redefined/dual/", "article", True),
        ("http://cn.nytimes.example/science/20240520/", "list", False),
        # A folder named by a post's long number (豆瓣's notes, 网易博客's, bilibili's 专栏 with its slash)
        ("https://www.douban.example/note/862345671/", "article", True),
        ("http://jiliang.blog.163.example/blog/static/1233476520124201021334/", "article", True),
        ("https://www.bilibili.example/read/cv21873456/", "article", True),
        ("http://www.example.gov.cn/col/col1234/", "list", False),
        ("http://blog.example.com.cn/s/articlelist_1262356493_0_1.html", "list", False),
        # and their lists
        ("http://www.example-gov.cn/col/col1621004/index.html", "list", False),
        ("http://www.example-gov.cn/col/col1621004/index_2.html", "list", False),
        ("http://blog.example.org/2024/05/", "list", False),
        ("http://www.example.com/news/list_1621004_2.html", "list", False),
        # Scripts that list a category by an id (DouPHP's, old ASP sites') and those that show an article
        ("http://www.example.com/article_category.php?id=1", "list", False),
        ("http://www.example.com/news_list.php?id=3", "list", False),
        ("http://www.example.com/newsclass.asp?id=2", "list", False),
        ("http://www.example.com/ShowClass.asp?ClassID=3", "list", False),
        ("http://www.example.com/article.php?id=12", "article", True),
        ("http://www.example.com/news_show.php?id=12", "article", True),
        ("http://www.example.com/ShowArticle.asp?ArticleID=1234", "article", True),
        # JeeSite's articles, /f/view-{category}-{id}.html, and its lists
        ("http://www.example.com/f/view-2a7c5e-9f3e0c1a2b4d4e6f8a1b2c3d4e5f6a7b.html", "article", True),
        ("http://www.example.com/f/view-3-12.html", "article", True),
        ("http://www.example.com/f/list-2a7c5e.html", "list", False),
        # 74cms's news module, MacCMS's lists and articles, 博达 VSB's dynamic page, WordPress's /%post_id%.html
        ("http://www.example.com/news/news-show.php?id=14", "article", True),
        ("http://www.example.com/news/news-list.php?id=3", "list", False),
        ("http://www.example.com/index.php/art/type/id/1.html", "list", False),
        ("http://www.example.com/index.php/art/detail/id/12.html", "article", True),
        ("http://www.example.com/content.jsp?urltype=news.NewsContentUrl&wbtreeid=1021&wbnewsid=3460", "article", True),
        ("http://www.example.com/120.html", "article", True),
        ("http://www.example.com/1.html", "list", False),
        # Halo's posts at /archives/<slug> (not a month's archive)
        ("http://www.example.com/archives/jiliangfa-xiuzheng", "article", True),
        ("http://www.example.com/archives/2024/05/", "list", False),
        # cnblogs' archives of a month and of a day (not Typecho's post /archives/2024/)
        ("http://www.example.com/jiliang-dev/archive/2024/05.html", "list", False),
        ("http://www.example.com/jiliang-dev/archive/2024/05/20", "list", False),
        ("http://www.example.com/archives/2024/", "article", True),
        # 界面's numbered lists, an e-paper's pages and stories, a journal's papers (Magtech's)
        ("http://www.example.com/lists/174.html", "list", False),
        ("http://paper.example.cn/rmrb/html/2024-05/20/nbs.D110000renmrb_03.htm", "list", False),
        ("http://paper.example.cn/rmrb/html/2024-05/20/nw.D110000renmrb_20240520_1-03.htm", "article", True),
        ("http://journal.example.cn/CN/Y2024/V45/I5/601", "article", True),
        # Hexo's abbrlink permalinks (Butterfly's lists are cards of three: no list of many)
        ("http://www.example.com/posts/6f3e2a1b/", "article", True),
        ("http://www.example.com/posts/40521/", "article", True),
        # JPress's posts by their slug in /article/ (its categories at /article/category/<slug>)
        ("http://www.example.com/article/jiliang-zhanting", "article", True),
        ("http://www.example.com/article/category/kepu", "list", False),
        ("http://www.example.com/article/list-2", "list", False),
    ],
)
def test_page_kind(url, kind, article):
    assert page_kind(url) == kind
    assert is_article_url(url) is article


def test_a_list_page_presents_articles_whatever_their_urls():
    items = "".join(
        f'<li><a href="/news/show.php?item={n}">第{n}条计量新闻的完整标题在这里</a><span>2024-01-0{n}</span></li>'
        for n in range(1, 6)
    )
    html = f"""<body><ul class="menu"><li><a href="/about.php?p=1">关于</a></li><li><a href="/c.php">联系</a></li>
    <li><a href="/d.php">地图</a></li><li><a href="/e.php">帮助</a></li></ul>
    <ul class="list">{items}</ul><p><a href="/news/show.php?item=99">一篇孤立的链接也有标题长度</a></p></body>"""
    links = article_links(Selector(text=html), BASE + "news/", HOSTS)
    assert links == [BASE + f"news/show.php?item={n}" for n in range(1, 6)]


def test_a_list_s_items_are_counted_per_list_and_per_kind_of_item():
    def items(tag: str, first: int, n: int) -> str:
        return "".join(
            f'<{tag}><a href="/news/show.php?item={i}">第{i}条计量新闻的完整标题</a></{tag}>'
            for i in range(first, first + n)
        )

    # Under one parent: four <li> items (a list) and three <p> items (not one); a second
    # parent with three <li> items is a list of its own, not the first one's.
    html = f"<body><div>{items('li', 1, 4)}{items('p', 10, 3)}</div><div>{items('li', 20, 3)}</div></body>"
    links = dict(article_link_items(Selector(text=html), BASE + "news/", HOSTS))
    listed = {int(url.rsplit("=", 1)[1]) for url, is_listed in links.items() if is_listed}
    assert listed == {1, 2, 3, 4}
    assert set(links) == {BASE + f"news/show.php?item={i}" for i in [1, 2, 3, 4]}


def test_a_list_of_thousands_of_headlines_is_read_in_one_pass():
    # Each headline counted its list's items again: 4,000 of them took minutes.
    headlines = (f'<li><a href="/news/show.php?item={i}">第{i}条计量新闻的完整标题</a></li>' for i in range(4000))
    html = "<body><ul>" + "".join(headlines) + "</ul></body>"
    with time_limit(10):  # linear: a fraction of a second
        assert len(listed_links(Selector(text=html), BASE + "news/", HOSTS)) == 4000


def test_next_page_among_thousands_of_numbers_is_found_in_one_pass():
    # 4,000 numbers took over a minute when each looked at all the others.
    html = "<body><div>" + " ".join(f"<a href='p{i}.html'>{i}</a>" for i in range(1, 4000))
    html += "<span>4000</span><a href='p4001.html'>4001</a></div>" + "<span>7</span>" * 4000 + "</body>"
    with time_limit(10):  # linear: a fraction of a second
        assert next_page_url(Selector(text=html), BASE + "a/") == BASE + "a/p4001.html"


@pytest.mark.parametrize(
    "href",
    [
        "http://other.test/a/list_2.html",
        "//www.chinajl.com.cn.other.test/a/list_2.html",
        "http://www.chinajl.com.cn:8080/a/list_2.html",
    ],
)
def test_next_page_on_another_host_or_port_is_not_followed(href):
    html = f'<body><div class="pages"><a href="{href}">下一页</a></div></body>'
    assert next_page_url(Selector(text=html), BASE + "a/") is None
    same = '<body><div class="pages"><a href="list_2.html">下一页</a></div></body>'
    assert next_page_url(Selector(text=same), BASE + "a/") == BASE + "a/list_2.html"


@pytest.mark.parametrize(
    "src",
    [
        "http://other.test/plus/count.php?view=yes&aid=1",
        "//www.chinajl.com.cn.other.test/plus/count.php?aid=1",
    ],
)
def test_a_view_counter_on_another_host_is_not_asked(src):
    html = f'<body><p>浏览：<script src="{src}"></script></p></body>'
    assert view_count_url(Selector(text=html), BASE + "a/1.html") is None


def test_headlines_of_a_list_are_listed_and_footer_links_are_not():
    page = "jiliangyuzhiliang/list_12_2.html"
    sel = selector(page)
    links = article_links(sel, BASE + page, HOSTS)
    listed = listed_links(sel, BASE + page, HOSTS)
    assert BASE + "guanyuwomen/1.html" in links and BASE + "guanyuwomen/1.html" not in listed  # 关于我们
    assert BASE + "jiliangyuzhiliang/63755.html" in listed
    assert listed <= set(links)


# URLs near the portal's, with what canonicalize_url changes: case, default ports,
# ports out of range, dot and empty segments, escapes and reserved characters,
# non-ASCII, queries, fragments.
_URLS = st.builds(
    lambda scheme, host, port, segments, tail: f"{scheme}://{host}{port}/{'/'.join(segments)}{tail}",
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.sampled_from(["host", "HOST", "h-1.example.com", "127.0.0.1", "xn--fiqs8s.cn", "中国.cn", "a..b", "", "u@h"]),
    st.sampled_from(["", ":80", ":443", ":8000", ":0", ":080", ":65535", ":65536", ":99999", ":x"]),
    st.lists(
        st.lists(st.sampled_from([*"aZ09._~-%;:@!$&'()*+,= /\\中", "%7e", "%41", "%2F"]), max_size=5).map("".join),
        max_size=4,
    ),
    st.sampled_from(["", "?", "?b=2&a=1", "?a=1", "#", "#f"]),
)


# ... and URLs at the shortcut's edge: its shape with the characters around it.
_NEAR_CANONICAL = r"https?://[a-zA-Z0-9.-]{1,8}(:[0-9]{1,6})?/((%[0-9a-fA-F]{2}|[a-zA-Z0-9._~%;:@/-]|中){0,6}/?){0,3}"


@settings(max_examples=500, deadline=None)
@given(st.one_of(_URLS, st.from_regex(_NEAR_CANONICAL, fullmatch=True), st.from_regex(_CANONICAL_URL_RE, fullmatch=True)))
def test_canonical_url_is_w3lib_s_canonicalize_url(url):
    try:
        expected = canonicalize_url(url, keep_fragments=False)
    except ValueError:
        assert not _is_canonical(url)  # its errors are left to canonicalize_url
        return
    assert canonical_url(url) == expected


def test_canonical_url_takes_the_shortcut_for_the_portal_s_links():
    # The shortcut is what makes it cheaper: the portal's usual links take it.
    for url in ["http://www.chinajl.com.cn/", "http://127.0.0.1:45123/celiangjishu/list_45_2.html",
                "https://www.chinajl.com.cn/jiliangyuzhiliang/63902_2.html"]:  # fmt: skip
        assert _is_canonical(url)
    for url in ["http://Host/", "http://host/a?b=1", "http://host:99999/", "http://host/a/../b", "http://host", "ftp://host/"]:
        assert not _is_canonical(url)


# Links of every shape _path_is_empty is asked about (stripped, ASCII, no tab or
# newline): paths, relative links, http(s) links with and without a path, other
# schemes, hosts with brackets, leading control characters.
_HREFS = st.builds(
    lambda head, body: head + body,
    st.sampled_from(["", "/", "//", "http://", "https://", "HTTP://", "http:", "javascript:", "mailto:", "\x01", "?", "#", "."]),
    st.lists(st.sampled_from([*"ab1.-_/?#:[]@ \x02", "host", "[::1]", "57604_2.html"]), max_size=8).map("".join),
).map(str.strip)


@settings(max_examples=2000, deadline=None)
@given(_HREFS)
def test_path_is_empty_is_urlsplit_s(href):
    try:
        expected = not urlsplit(href).path
    except ValueError:
        with pytest.raises(ValueError):
            _path_is_empty(href)
        return
    assert _path_is_empty(href) == expected


def test_path_is_empty_answers_the_usual_links_without_urlsplit(monkeypatch):
    import metrology_spider.navigation as navigation

    monkeypatch.setattr(navigation, "urlsplit", None)  # a call would raise TypeError
    for href, empty in [("/a/b.html", False), ("b_2.html", False), ("?page=2", True), ("#top", True),
                        ("http://www.chinajl.com.cn/a/1.html", False), ("https://host", True), ("http://h?x", True)]:  # fmt: skip
        assert navigation._path_is_empty(href) is empty


LISTS = FIXTURES / "lists"


@pytest.mark.parametrize("name", sorted(json.loads((LISTS / "URLS.json").read_text(encoding="utf-8"))))
def test_a_list_page_gives_its_links(name):
    # Pages of templates nobody here designed (tests/fixtures/lists/README.md), read as
    # the spider reads a list page.
    url = json.loads((LISTS / "URLS.json").read_text(encoding="utf-8"))[name]
    truth = json.loads((LISTS / name).with_suffix(".json").read_text(encoding="utf-8"))
    selector = page_selector(response_for(LISTS / name, url))
    base = link_base(selector, url)
    items = article_link_items(selector, base, {urlsplit(url).netloc})
    if "kind" in truth:
        assert page_kind(url) == truth["kind"]
    assert [u for u, _ in items] == truth["articles"]
    assert [u for u, listed in items if listed] == truth["listed"]
    assert next_page_url(selector, base) == truth["next"]
    if "categories" in truth:  # (a home page)
        assert category_links(selector, base, {urlsplit(url).netloc}) == truth["categories"]
    assert postback_pager(selector) is truth.get("postback", False)
    assert scripted_pager(selector) is truth.get("scripted", False)
    if "topics" in truth:  # (a list that presents a topic among its articles)
        assert topic_links(selector, base, {urlsplit(url).netloc}) == truth["topics"]
    if "sub_categories" in truth:  # (a category's first page)
        assert sub_category_links(selector, base, {urlsplit(url).netloc}) == truth["sub_categories"]


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="/news/page/3/">下一页 »</a>',
        '<a href="/news/page/3/">下一页&gt;</a>',
        '<a href="/news/page/3/">较早文章</a>',
        '<a class="next page-numbers" href="/news/page/3/"><span>→</span></a>',
    ],
)
def test_the_next_page_by_its_words_arrows_or_class(pager):
    page = Selector(text=f'<body><a href="/news/">上一页</a> <span class="current">2</span> {pager}</body>')
    assert next_page_url(page, BASE + "news/page/2/") == BASE + "news/page/3/"


def test_a_pager_script_names_an_articles_pages_up_to_a_hundred():
    # TRS: createPageHTML(pages, current, name, suffix) names t…_1.html, t…_2.html; a script
    # that says a million is believed for a hundred.
    url = "http://www.example.gov.cn/xwdt/202405/t20240520_12345.html"
    script = '<script>createPageHTML({}, 0, "t20240520_12345", "html");</script>'
    page = Selector(text=f"<body><p>正文</p>{script.format(3)}</body>")
    assert article_page_urls(page, url) == [
        "http://www.example.gov.cn/xwdt/202405/t20240520_12345_1.html",
        "http://www.example.gov.cn/xwdt/202405/t20240520_12345_2.html",
    ]
    assert len(article_page_urls(Selector(text=f"<body>{script.format(10**6)}</body>"), url)) == 99
    # Another page's script is not this one's.
    assert article_page_urls(Selector(text=f"<body>{script.format(3).replace('12345', '12346')}</body>"), url) == []


def test_a_headline_that_is_a_number_is_followed_a_pagers_number_is_not():
    # PHPCMS's list pages /html/news/2.html look like articles: its pager's numbers are no
    # articles; an article whose headline is a number (a deleted one's id) still is.
    page = Selector(
        text="""<body><ul class="list"><li><a href="/news/7001.html">电子计价秤专项检定走进农贸市场</a></li>
        <li><a href="/news/99999.html">99999</a></li></ul>
        <div id="pages"><a href="/news/2.html">上一页</a> <a href="/news/2.html">2</a> <span>3</span>
        <a href="/news/4.html">4</a> <a href="/news/4.html">下一页</a></div></body>"""
    )
    assert article_links(page, BASE + "news/3.html", HOSTS) == [BASE + "news/7001.html", BASE + "news/99999.html"]


def test_a_blogs_archives_a_folders_index_and_the_footers_pages_are_no_categories():
    home = Selector(
        text="""<body><nav><a href="/category/news/">新闻</a> <a href="/xwzx/gzdt/">工作动态</a>
        <a href="/xwzx/gzdt/index.html">工作动态</a></nav><aside><a href="/2024/05/">2024年5月</a>
        <a href="/2024/05/20/">20</a> <a href="/author/hanqing/">韩青</a> <a href="/page/2/">2</a></aside>
        <div class="footer"><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a></div></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [BASE + "category/news/", BASE + "xwzx/gzdt/"]


def test_a_posts_short_slug_under_posts_is_no_category():
    """Hugo's posts are /posts/<slug>/, the slug as short as its author wrote it
    (/posts/gauge/): a headline leading there is a post, whatever its slug, not a
    category to walk (the post was walked as a list and never archived)."""
    entries = "".join(
        f'<article class="post-entry"><h2>{title}</h2><p>摘要……</p>'
        f'<a class="entry-link" href="/posts/{slug}/">{title}</a></article>'
        for slug, title in (("gauge", "压力表检定的五个常见问题"), ("jlr2024", "二〇二四年世界计量日活动回顾"))
    )
    home = Selector(
        text=f"""<body><nav><a href="/categories/jiliang/">计量</a> <a href="/posts/">文章</a></nav>
        <main>{entries}</main></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [BASE + "categories/jiliang/", BASE + "posts/"]


def test_a_home_page_that_is_a_frameset_is_read_through_its_frames():
    """An old site's home is a <frameset>: its menu and its news are frames' pages, walked
    as the home page (nothing was found, and the run failed); a banner's frame without
    links is no start page without links."""
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from metrology_spider.spiders.metrology import MetrologySpider

    home = "http://www.lantai-like.test/"
    frameset = (
        '<html><head><title>兰泰计量</title></head><frameset rows="90,*"><frame src="top.htm" name="top">'
        '<frameset cols="180,*"><frame src="left.htm"><frame src="main.htm" name="main">'
        '<frame src="http://ads.elsewhere.test/x.htm"></frameset></frameset></html>'
    )
    assert frame_links(Selector(text=frameset), home, {"www.lantai-like.test"}) == [
        home + "top.htm", home + "left.htm", home + "main.htm"
    ]
    assert frame_links(Selector(text="<body><a href='/news/'>新闻</a><iframe src='/ad.htm'></iframe></body>"), home,
                       {"www.lantai-like.test"}) == []  # fmt: skip
    crawler = get_crawler(MetrologySpider)
    spider = MetrologySpider.from_crawler(crawler, start_urls=home)
    response = HtmlResponse(home, body=frameset.encode(), encoding="utf-8", request=Request(home))
    requests = list(spider.parse_listing(response, home=True))
    assert [(r.url, r.cb_kwargs, r.meta.get("frame")) for r in requests] == [
        (home + page, {"home": True}, True) for page in ("top.htm", "left.htm", "main.htm")
    ]
    assert crawler.stats.get_value("metrology/start_pages_framed") == 1
    banner = HtmlResponse(home + "top.htm", body=b"<body><img src=logo.gif></body>", encoding="utf-8",
                          request=requests[0])  # fmt: skip
    assert list(spider.parse_listing(banner, home=True)) == []
    assert crawler.stats.get_value("metrology/start_pages_without_links") is None


def test_a_categorys_lists_by_a_script_and_an_id_are_its_sub_lists():
    """74cms's 资讯 home /news/ links its categories as news-list.php?id=3 in its body
    (eighteenth round): walked as lists (their articles were reached from nowhere else);
    the list's own pager is not."""
    url = "http://www.rcw-like.test/news/"
    page = Selector(
        text="""<body><div class="nav"><a href="/">首页</a> <a href="/news/">职场资讯</a></div>
        <div class="cat"><a href="/news/news-list.php?id=3">计量招聘动态</a> <a href="/news/news-list.php?id=4">行业政策</a></div>
        <div class="page"><a href="/news/news-list.php?id=3&amp;page=2">下一页</a></div>
        <div class="foot"><a href="/explain/explain-show.php?id=1">网站简介</a></div></body>"""
    )
    assert sub_category_links(page, url, {"www.rcw-like.test"}) == [
        "http://www.rcw-like.test/news/news-list.php?id=3",
        "http://www.rcw-like.test/news/news-list.php?id=4",
    ]


def test_a_posts_short_title_under_posts_or_p_is_no_category_and_docusaurus_pages_on():
    """Jekyll's and Hugo Stack's posts with short titles (/posts/jiayouji/ 加油机检定要点,
    /p/yalibiao/), linked from the home: posts, not categories (eighteenth round); a
    Docusaurus blog's 较旧的博文 is its next page."""
    home = Selector(
        text="""<body><nav><a href="/categories/">分类</a></nav><main>
        <div class="post"><a href="/posts/jiayouji/">加油机检定要点</a></div>
        <div class="post"><a href="/p/yalibiao/">压力表检定</a></div></main>
        <nav class="pagination-nav"><a class="pagination-nav__link pagination-nav__link--next" href="/page/2">
        <div class="pagination-nav__label">较旧的博文</div></a></nav></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [BASE + "categories/"]
    assert next_page_url(home, BASE) == BASE + "page/2"


def test_a_forums_boards_in_its_body_are_categories_in_both_url_styles():
    # Discuz! X without its portal: the home (forum.php) lists its boards in its body, its menu
    # holds only 论坛; a board's thread list is a category, in static and dynamic URLs alike.
    home = Selector(
        text="""<body><div id="nv"><a href="forum.php">论坛</a></div><table class="fl_tb"><tr>
        <td class="fl_g"><dl><dt><a href="forum-2-1.html">长度计量</a></dt></dl></td>
        <td class="fl_g"><dl><dt><a href="forum.php?mod=forumdisplay&amp;fid=36">热工计量</a></dt></dl></td>
        </tr></table><div id="ft"><a href="forum-9-1.html">站务</a></div></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [BASE + "forum-2-1.html", BASE + "forum.php?fid=36&mod=forumdisplay"]


def test_trs_pager_numbers_in_variables_of_its_script():
    script = "<script>var countPage = 2;var currentPage = 0;createPageHTML(countPage, currentPage, 'index', 'html');</script>"
    assert next_page_url(Selector(text=f"<body>{script}</body>"), BASE + "xwzx/gzdt/index.html") == (
        BASE + "xwzx/gzdt/index_1.html"
    )


def test_the_pages_of_a_post_whose_slug_is_chinese_whatever_its_spelling():
    # WordPress links /%e8%ae%a1…/2/ (lower case) or /计量日/2/; the URL fetched is canonical.
    url = "http://www.example.com/2024/05/%E8%AE%A1%E9%87%8F%E6%97%A5/"
    for link in ("/2024/05/%e8%ae%a1%e9%87%8f%e6%97%a5/2/", "/2024/05/计量日/2/"):
        page = Selector(text=f'<body><div class="page-links">页码：<span>1</span> <a href="{link}">2</a></div></body>')
        assert article_page_urls(page, url) == [url + "2/"]


def test_a_menus_paths_without_an_extension_are_categories_a_cms_s_tools_are_not():
    # Drupal's /news and /notices; EmpireCMS's guestbook under /e/tool/; a path in the text
    # (not the menu) without an extension is no category.
    home = Selector(
        text="""<body><nav class="primary-nav"><a href="/">首页</a> <a href="/news">新闻动态</a>
        <a href="/notices">通知公告</a> <a href="/user/login">登录</a>
        <a href="/e/tool/gbook/?bid=1">留言板</a></nav><main><a href="/about-us">本院概况</a></main></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [BASE + "news", BASE + "notices"]


def test_a_menus_server_pages_are_categories():
    # 中央社's /list/ahel.aspx, an ASP site's /newslist.asp, a JSP portal's /column/news.jsp in the
    # menu; not a page of its own (About.aspx, contact.php).
    home = Selector(
        text="""<body><nav class="mainMenu"><ul><li><a href="/list/aall.aspx">即時</a></li>
        <li><a href="/list/ahel.aspx">生活</a></li><li><a href="/newslist.asp">新闻</a></li>
        <li><a href="/column/news.jsp">动态</a></li><li><a href="/About/About.aspx">关于我们</a></li>
        <li><a href="/contact.php">联系我们</a></li></ul></nav></body>"""
    )
    assert category_links(home, BASE, HOSTS) == [
        BASE + "list/aall.aspx", BASE + "list/ahel.aspx", BASE + "newslist.asp", BASE + "column/news.jsp"
    ]


def _canonical(head: str, url: str) -> str | None:
    return canonical_link(html_selector(f"<html><head>{head}</head><body><p>正文</p></body></html>"), url)


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # Drupal's node and its path alias (absolute, relative, rel in any case, with shortlink).
        ('<link rel="canonical" href="http://s.cn/news/2024/05/20/jiliang-keji" /><link rel="shortlink" href="/node/134">',
         "http://s.cn/node/134", "http://s.cn/news/2024/05/20/jiliang-keji"),
        ('<link rel="Canonical" href="/news/2024/05/20/jiliang-keji">', "http://s.cn/node/134",
         "http://s.cn/news/2024/05/20/jiliang-keji"),
        # WordPress's ?p=123 and its permalink; a <base> on the page's host.
        ('<base href="http://s.cn/blog/"><link rel="canonical" href="2024/05/metrology-day/">', "http://s.cn/?p=123",
         "http://s.cn/blog/2024/05/metrology-day/"),
        # Its own URL, or the same id another way: nothing to say.
        ('<link rel="canonical" href="/news/2024/05/20/jiliang-keji">', "http://s.cn/news/2024/05/20/jiliang-keji", None),
        ('<link rel="canonical" href="https://s.cn/a/57604.html">', "http://s.cn/a/57604.html?from=rss", None),
        ('<link rel="canonical" href="/a/57604.html">', "http://s.cn/plus/view.php?aid=57604", None),
        # A template's mistakes: the home page, a list, a folder, the script without its
        # query, another article's number, another host, two links that disagree.
        ('<link rel="canonical" href="http://s.cn/">', "http://s.cn/node/134", None),
        ('<link rel="canonical" href="/news/">', "http://s.cn/news/2024/05/20/jiliang-keji", None),
        ('<link rel="canonical" href="/news/list_12_2.html">', "http://s.cn/node/134", None),
        ('<link rel="canonical" href="/show.php">', "http://s.cn/show.php?id=38", None),
        ('<link rel="canonical" href="/a/63990.html">', "http://s.cn/a/57604.html", None),
        ('<link rel="canonical" href="http://m.s.cn/news/2024/05/20/jiliang-keji">', "http://s.cn/node/134", None),
        ('<link rel="canonical" href="/news/2024/05/20/a-b"><link rel="canonical" href="/news/2024/05/21/c-d">',
         "http://s.cn/node/134", None),
        ('<link rel="canonical" href="javascript:void(0)">', "http://s.cn/node/134", None),
        ('<link rel="stylesheet" href="/news/2024/05/20/jiliang-keji">', "http://s.cn/node/134", None),
    ],
)
def test_an_article_named_by_its_canonical_link_only_where_that_is_trustworthy(head, url, expected):
    assert _canonical(head, url) == expected


def test_links_of_custom_sites_and_old_cmses():
    page = html_selector(
        """<body><div id="guide_nav"><a href="/list.php?fid=3">计量动态</a></div>
        <a href="/news/detail/12/;jsessionid=6F1E20834B2C7D9A">省局召开计量工作会议</a>
        <a href="/bencandy.php?fid=3&id=7">一则通知</a></body>"""
    )
    base = "http://www.example.cn/"
    # 齐博's menu (guide_nav) and its list.php?fid=: a category.
    assert category_links(page, base, {"www.example.cn"}) == ["http://www.example.cn/list.php?fid=3"]
    # Tomcat's ;jsessionid left out (one page, one URL); Django's detail path and 齐博's
    # bencandy.php are articles whatever the list around them.
    assert [url for url, _ in article_link_items(page, base, {"www.example.cn"})] == [
        "http://www.example.cn/news/detail/12/",
        "http://www.example.cn/bencandy.php?fid=3&id=7",
    ]


def test_a_categorys_sub_lists_are_lists_below_it_not_its_articles():
    page = html_selector(
        """<body><div class="content"><a href="/news/list-5.html">计量动态</a>
        <a href="/news/2024/05/20/jiliang-keyan/">计量科研成果通过鉴定</a>
        <a href="/news/?page=2">末页 »</a><a href="/wenhua/">文化</a></div></body>"""
    )
    assert sub_category_links(page, "http://www.example.cn/news/", {"www.example.cn"}) == [
        "http://www.example.cn/news/list-5.html"
    ]


def test_a_static_pages_tracking_parameters_are_left_out():
    # One article linked as /jiliang/106.html and /jiliang/106.html?from=timeline (a
    # list's tracker) is one page: followed once, under its own URL. A query a page reads
    # (?page=2) stays, as does any query of a script.
    page = Selector(
        text="""<body><ul>
        <li><a href="/jiliang/106.html?from=timeline">市计量所完成燃气表检定线改造</a></li>
        <li><a href="/jiliang/106.html?utm_source=wx&amp;utm_medium=share">市计量所完成燃气表检定线改造</a></li>
        <li><a href="/jiliang/106.html">市计量所完成燃气表检定线改造</a></li>
        <li><a href="/plus/view.php?aid=107&amp;from=timeline">县局开展加油机专项检查工作</a></li>
        </ul></body>"""
    )
    assert article_links(page, "http://www.jl.example/jiliang/", {"www.jl.example"}) == [
        "http://www.jl.example/jiliang/106.html",
        "http://www.jl.example/plus/view.php?aid=107&from=timeline",
    ]
    # A post in a folder of its own (Django's /news/<slug>/), beside its date: the same.
    page = Selector(
        text="""<body><ul>
        <li><a href="/news/ranqibiao/?from=timeline">市计量所完成燃气表检定线改造</a><span>2024-03-27</span></li>
        <li><a href="/news/ranqibiao/">市计量所完成燃气表检定线改造</a><span>2024-03-27</span></li>
        </ul></body>"""
    )
    assert article_links(page, "http://www.jl.example/news/", {"www.jl.example"}) == [
        "http://www.jl.example/news/ranqibiao/"
    ]


def test_a_list_walked_from_a_category_is_not_asked_for_as_an_article_too():
    """中企动力's sub-category /news/9.html is linked beside its articles on /news/8.html:
    the spider walks it as a list, and does not also ask for it as an article (a request
    for it as an article first would have the list's request dropped as a duplicate)."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from metrology_spider.spiders.metrology import MetrologySpider

    url = "http://www.hzjl-zq.test/news/8.html"
    crawler = get_crawler(MetrologySpider)
    spider = MetrologySpider.from_crawler(crawler, start_urls="http://www.hzjl-zq.test/")
    response = response_for(LISTS / "zqdl-category.html", url)
    response.request = Request(url, meta={"category": True})
    requests = list(spider.parse_listing(response))
    sub = "http://www.hzjl-zq.test/news/9.html"
    assert [r.callback.__name__ for r in requests if r.url == sub] == ["parse_listing"]
    assert "http://www.hzjl-zq.test/news_detail/101.html" in [r.url for r in requests if r.callback == spider.parse_article]


@pytest.mark.parametrize(
    "text", ["next &gt;&gt;", "&lt;&lt; prev", "Next page", "« Previous", "下一页 »", "下一页&gt;&gt;", "« 上一页", "【下一页】", "尾页 ›"]
)
def test_a_pager_link_worded_with_arrows_is_no_article(text):
    """archive.today's list of captures pages by `next >>`: its link, among the list's
    rows, is the next page, not an article (it was asked for as one: "no date"); a
    DTcms list's by `下一页 »` (its URL an article's shape)."""
    rows = "".join(f'<div><a href="/Xk3p{i}">第{i}篇计量新闻的完整标题 - 中国计量网</a></div>' for i in range(5))
    for href in ("/offset=20/www.example.cn", "/html/news/20240520/2.html"):  # (an article's shape too)
        page = Selector(text=f'<body><div>{rows}<div><a href="{href}">{text}</a></div></div></body>')
        assert href not in " ".join(url for url, _ in article_link_items(page, BASE, HOSTS))


def test_a_home_page_with_categories_that_pages_has_its_pages_walked():
    """A blog's home lists every post, paged (/page/2/), beside its menu's categories: a
    post in no category is listed there only (Hexo's), so the home's pages are walked too."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from metrology_spider.spiders.metrology import MetrologySpider

    name = "hugo-papermod-home.html"
    url = json.loads((LISTS / "URLS.json").read_text(encoding="utf-8"))[name]
    truth = json.loads((LISTS / name).with_suffix(".json").read_text(encoding="utf-8"))
    assert truth["categories"] and truth["next"]
    spider = MetrologySpider.from_crawler(get_crawler(MetrologySpider), start_urls=url)
    response = response_for(LISTS / name, url)
    response.request = Request(url)
    requests = list(spider.parse_listing(response, home=True))
    assert [r.meta.get("next_list_page") for r in requests if r.url == truth["next"]] == [True]


def test_bootstrap_cards_are_a_list_of_articles():
    """Bootstrap's cards (div.col > div.card > div.card-body > h5 > a): a card's body is alone
    in its card and its card alone in its column, so the columns are the list's items."""
    card = (
        '<div class="col-md-4"><div class="card"><img src="/i{0}.jpg"><div class="card-body">'
        '<h5 class="card-title"><a href="/news/post-{0}-jiliang-review/">第{0}篇计量帮扶行动走进工业园</a></h5>'
        '<p class="card-text">摘要</p></div></div></div>'
    )
    page = Selector(text='<body><div class="row">' + "".join(card.format(i) for i in range(5)) + "</div></body>")
    items = article_link_items(page, "http://h.cn/news/?category=industry", {"h.cn"})
    assert items == [(f"http://h.cn/news/post-{i}-jiliang-review/", True) for i in range(5)]


@pytest.mark.parametrize(
    "hostile",
    [
        # a link's class of a thousand page- words (a pattern backtracked cubically: 23 s)
        '<div class="pages"><a href="/news/list_2.html" class="{}">2</a></div>'.format("page-" * 1000),
        # a pager script's string of unclosed links (quadratic: 20 s at 80 KB)
        "<script>var pagehtml = '{}'; document.write(pagehtml);</script>".format("<a x" * 20000),
        "<script>var pagehtml = '{}'; document.write(pagehtml);</script>".format('<a href="list_2.html">' * 20000),
        # 10,000 links under 2,000 nested boxes, each link's frame looked for up to the top
        '<div class="w">' * 2000
        + "<ul>"
        + "".join(f"<li><a href='/news/2024/{i}.html'>相关新闻标题{i}</a></li>" for i in range(10000))
        + "</ul>"
        + "</div>" * 2000,
        # a JCMS list's records that never close (quadratic: 45 s at 540 KB)
        '<script type="text/xml"><datastore><recordset>{}</recordset></datastore></script>'.format(
            "<record><![CDATA[<li>x</li>" * 20000
        ),
    ],
)
def test_a_hostile_list_page_is_read_in_linear_time(hostile):
    page = Selector(text=f'<body><ul><li><a href="/news/2024/1.html">计量新闻标题一二三</a></li></ul>{hostile}</body>')
    with time_limit(10):  # linear: a fraction of a second
        next_page_url(page, BASE + "news/list_1.html")
        article_link_items(page, BASE + "news/list_1.html", HOSTS)


def test_a_pagers_summary_is_no_page_a_script_drives():
    # DedeCMS's single page: 共 1页 2条 holds a 1 and a 2, numbers of a summary, not pages.
    def scripted(pager: str) -> bool:
        return scripted_pager(Selector(text=f"<html><body><ul>{pager}</ul></body></html>"))

    assert not scripted('<li class="pagelist"><span class="pageinfo">共 <strong>1</strong>页<strong>2</strong>条</span></li><li class="thisclass">1</li>')
    assert not scripted('<li class="pagelist"><span class="pageinfo">共 <strong>1</strong>頁<strong>2</strong>條</span></li><li class="thisclass">1</li>')
    assert scripted('<div class="pagination">共 2 页 <span>1</span><span>2</span></div>')
    # EmpireCMS's single page: its count of records (2), then its one page (1), no link.
    assert not scripted('<div class="list_page"><a title="Total record">&nbsp;<b>2</b> </a>&nbsp;&nbsp;&nbsp;<b>1</b></div>')
    assert scripted('<div class="list_page"><a title="Total record">&nbsp;<b>31</b> </a>&nbsp;<b>1</b>&nbsp;<b>2</b></div>')
    assert scripted('<li class="pagelist"><span class="pageinfo">共 <strong>2</strong>页<strong>31</strong>条</span><b>1</b><b>2</b></li>')


def test_posts_in_dated_article_cards_are_articles_whatever_their_folder():
    # tailwind-nextjs-starter-blog (/blog/<slug>/, the date in the card's <dl>) and
    # gatsby-starter-blog (posts at the root, the date under the headline in the card's header).
    tw = """<body><ul><li class="py-5"><article class="flex flex-col"><dl><dt class="sr-only">发布于</dt><dd>
    <time dateTime="2024-05-20T11:40:00.000Z">2024年5月20日</time></dd></dl><div><h2><a href="/blog/metrology-day/">
    世界计量日当了一回讲解员</a></h2></div></article></li><li class="py-5"><article><dl><dd><time>2024年5月12日</time></dd>
    </dl><h2><a href="/blog/mass-comparator/">质量比较仪的日常维护要点</a></h2></article></li></ul></body>"""
    gatsby = """<body><ol><li><article class="post-list-item" itemscope itemtype="http://schema.org/Article"><header>
    <h2><a itemprop="url" href="/pt100/"><span itemprop="headline">铂电阻温度计的四线制接法</span></a></h2>
    <small>2024年05月06日</small></header><section><p>四线制接法可以消除引线电阻的影响。</p></section></article></li></ol></body>"""
    for html, links in ((tw, ["blog/metrology-day/", "blog/mass-comparator/"]), (gatsby, ["pt100/"])):
        found = dict(article_link_items(Selector(text=html), BASE, HOSTS))
        assert {url: listed for url, listed in found.items() if url in [BASE + link for link in links]} == {
            BASE + link: True for link in links
        }
        assert set(category_links(Selector(text=html), BASE, HOSTS)).isdisjoint(BASE + link for link in links)


def test_a_blogs_day_and_month_archives_on_its_home_are_not_its_posts():
    # cnblogs' home: each day's title links the day's archive (/archive/2024/05/20) above its
    # posts, and the sidebar the months' (/archive/2024/05.html): lists, never a post.
    days = "".join(
        f'<div class="day"><div class="dayTitle"><a href="/lab/archive/2024/05/{d}">2024年5月{d}日</a></div>'
        f'<div class="postTitle"><a href="/lab/p/1820{d}.html"><span>砝码检定中的空气浮力修正第{d}讲</span></a></div>'
        f'<div class="postCon">摘要：空气密度随温度和气压变化……<a href="/lab/p/1820{d}.html">阅读全文</a></div></div>'
        for d in (20, 14, 8, 2)
    )
    months = '<ul><li><a href="/lab/archive/2024/05.html">2024年5月(4)</a></li><li><a href="/lab/archive/2024/04.html">2024年4月(2)</a></li></ul>'
    html = f'<html><body><div id="mainContent">{days}</div><div id="sideBar"><h3>随笔档案</h3>{months}</div></body></html>'
    base = "http://blog.example.com/lab/"
    found = [url for url, _ in article_link_items(Selector(text=html), base, ["blog.example.com"])]
    assert found == [f"http://blog.example.com/lab/p/1820{d}.html" for d in (20, 14, 8, 2)]


def test_headlines_in_their_cards_headers_are_a_lists_not_the_pages_header():
    # 界面's list: each headline in div.news-header of its card (as Bootstrap's card-header):
    # not the page's header, where links are the site's.
    cards = "".join(
        f"<div class='news-view'><div class='news-header'><h3><a href='/article/1123{n}.html'>充电桩计量监管新规第{n}条解读</a></h3></div>"
        f"<div class='news-footer'><span>2024-05-2{n}</span></div></div>"
        for n in range(3)
    )
    html = f"<html><body><div class='header'><a href='/article/99999.html'>关于我们的网站介绍</a></div><div class='list'>{cards}</div></body></html>"
    items = dict(article_link_items(Selector(text=html), "http://www.example.com/lists/174.html", ["www.example.com"]))
    assert [items[f"http://www.example.com/article/1123{n}.html"] for n in range(3)] == [True, True, True]
    assert items["http://www.example.com/article/99999.html"] is False


def test_a_split_articles_page_jumper_names_its_pages():
    # EmpireCMS's [!--title.select--] and a DedeCMS template's jumper, the article's only pager.
    html = (
        "<html><body><h1>计量溯源性浅析</h1><p>计量溯源性是测量结果的属性。</p><div>本文共3页 跳转到："
        "<select name='pagejump' onchange='location.href=this.value'><option value='604.html' selected>第1页</option>"
        "<option value='604_2.html'>第2页</option><option value='604_3.html'>第3页</option></select></div></body></html>"
    )
    assert article_page_urls(Selector(text=html), BASE + "lunwen/604.html") == [BASE + "lunwen/604_2.html", BASE + "lunwen/604_3.html"]


def test_an_old_asp_sites_more_lists_are_its_categories():
    # A 质检所's home: menu cells and each box's 更多>> name news_more.asp?lm=N, its lists.
    assert page_kind("http://www.example.cn/news/news_more.asp?lm=5") == "list"
    html = (
        "<html><body><table><tr><td><a href='/'>首页</a></td><td><a href='/news/news_more.asp?lm=2'>质检动态</a></td>"
        "<td><a href='/news/news_more.asp?lm=5'>计量检定</a></td></tr></table>"
        "<table><tr><td><b>计量检定</b></td><td><a href='/news/news_more.asp?lm=5'>更多&gt;&gt;</a></td></tr>"
        "<tr><td><a href='/news/news_show.asp?id=327'>全市集贸市场计量器具专项检查结果公布</a></td></tr></table></body></html>"
    )
    found = category_links(Selector(text=html), "http://www.example.cn/", ["www.example.cn"])
    assert "http://www.example.cn/news/news_more.asp?lm=5" in found  # (its box's 更多>>)


def test_a_dated_item_links_a_post_named_after_its_title():
    # VuePress's index of posts: <li>2024-05-20 <a href="/kepu/2024/wenduji-jiaozhun.html">…</a></li>, two of them.
    html = (
        "<html><body><main><ul><li>2024-05-20 <a href='/kepu/2024/wenduji-jiaozhun.html'>温度计为什么要定期校准？</a></li>"
        "<li>2024-05-13 <a href='/kepu/2024/liangzhi-suyuan.html'>一文看懂量值溯源链的各级</a></li></ul></main></body></html>"
    )
    found = dict(article_link_items(Selector(text=html), "http://docs.example.org/kepu/", ["docs.example.org"]))
    assert found == {"http://docs.example.org/kepu/2024/wenduji-jiaozhun.html": True, "http://docs.example.org/kepu/2024/liangzhi-suyuan.html": True}


def test_a_hyweb_gip_sites_lp_pages_are_its_categories():
    # Taiwan's ministries on HyWeb's GIP: the menu's lp?ctNode=N&mp=1 lists, their items ct?xItem=N&ctNode=N&mp=1.
    html = (
        "<html><body><ul class='mainmenu'><li><a href='/wSite/lp?ctNode=3714&amp;mp=1'>新聞稿</a></li>"
        "<li><a href='/wSite/lp?ctNode=3715&amp;mp=1'>公告</a></li></ul><div class='news'><h2>最新消息</h2><ul>"
        "<li><a href='/wSite/ct?xItem=95384&amp;ctNode=3714&amp;mp=1'>標準局公布電子體溫計市場檢測結果</a></li></ul></div></body></html>"
    )
    found = category_links(Selector(text=html), "https://www.example.gov.tw/wSite/mp?mp=1", ["www.example.gov.tw"])
    assert "https://www.example.gov.tw/wSite/lp?ctNode=3714&mp=1" in found


def test_the_pages_of_an_id_html_article_named_with_a_dash():
    # 88140.html, its pages 88140-2.html (a pager's number and 下一页).
    page = Selector(text="<body><p>正文</p><div class='pagelist'><span>1</span> <a href='88140-2.html'>2</a> "
                    "<a href='88140-2.html'>下一页</a></div></body>")
    assert article_page_urls(page, "http://h.example/news/2024/0516/88140.html") == ["http://h.example/news/2024/0516/88140-2.html"]


def test_a_galleries_photo_pages_from_any_of_them():
    # 人民网's picture pages: c1008-40123456.html, -2, -3, linked by 上一张/下一张 (and thumbnails).
    url = "http://h.example/n1/2024/0518/c1008-40123456{}.html"
    first = Selector(text="<body><div class='pages'><a href='c1008-40123456-2.html'>下一张</a></div></body>")
    assert article_page_urls(first, url.format("")) == [url.format("-2")]
    second = Selector(text="<body><div class='pages'><a href='c1008-40123456.html'>上一张</a> <span>2/4</span> "
                      "<a href='c1008-40123456-3.html'>下一张</a></div></body>")
    assert article_page_urls(second, url.format("-2")) == [url.format("-3")]


def test_a_headline_whose_link_opens_the_article_by_a_script_naming_its_url():
    # An old list's popups: href="javascript:window.open('…')", a function of the page given the
    # URL; and an onclick's location beside an empty javascript: href.
    items = [
        """<a href="javascript:window.open('/news/2024/407.html')">关于征集计量比对项目的公告</a>""",
        """<a href="javascript:openWin('/news/2024/408.html');">关于开展计量器具专项检查的通知</a>""",
        """<a href="javascript:void(0)" onclick="location.href='/news/2024/409.html'">关于公布计量比对结果的通知</a>""",
        """<a href="javascript:showArticle(410)">关于举办计量培训班的通知</a>""",  # (a URL it builds: not followed)
    ]
    page = Selector(text="<html><body><ul>" + "".join(f"<li>{a}<span>2024-05-19</span></li>" for a in items) + "</ul></body></html>")
    found = article_links(page, "http://h.example/news/", ["h.example"])
    assert found == [f"http://h.example/news/2024/{n}.html" for n in (407, 408, 409)]


@pytest.mark.parametrize(
    ("more", "scripted"),
    [
        ('<div class="load-more"><a href="javascript:;" id="loadMore" data-page="2">加载更多</a></div>', True),
        ('<button type="button" class="btn-more" onclick="loadMore(this)">点击加载更多</button>', True),
        ('<a href="/news/index_2.html">加载更多</a>', False),  # (its link gives the next page: followed)
    ],
)
def test_a_load_more_button_naming_no_url_is_a_pager_a_script_drives(more, scripted):
    assert scripted_pager(Selector(text=f"<html><body><ul><li><a href='/a/1.html'>甲</a></li></ul>{more}</body></html>")) is scripted


def test_what_a_list_links_on_another_host_of_the_site():
    # The crawl stays on its hosts; what a list page links on the site's other host names (www.
    # or not, its m. mirror, another port) is counted and said, not followed.
    page = Selector(text="""<html><body><ul>
    <li><a href="/news/2024/301.html">甲</a></li>
    <li><a href="http://example.gov.cn/news/2024/302.html">乙</a></li>
    <li><a href="http://m.example.gov.cn:8080/news/2024/303.html">丙</a></li>
    <li><a href="http://www.samr.gov.cn/xw/2024/304.html">丁</a></li></ul>
    <div class="pagelist"><span class="thisclass">1</span> <a href="http://example.gov.cn/news/list_1_2.html">下一页</a></div></body></html>""")
    base, hosts = "http://www.example.gov.cn/news/", ["www.example.gov.cn"]
    found = other_host_articles(page, base, hosts)
    assert found == ["http://example.gov.cn/news/2024/302.html", "http://m.example.gov.cn:8080/news/2024/303.html"]
    assert next_page_elsewhere(page, base, hosts) == "http://example.gov.cn/news/list_1_2.html"
    every = [*hosts, "example.gov.cn", "m.example.gov.cn:8080"]
    assert (other_host_articles(page, base, every), next_page_elsewhere(page, base, every)) == ([], None)

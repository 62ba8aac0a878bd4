"""From pages to a record: what the assembly makes of a first page."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree
from scrapy.http import HtmlResponse, TextResponse

from metrology_spider.assemble import (
    ArticleAssembly,
    PageFailure,
    feet_under_bodies,
    page_selector,
    read_page,
)
from metrology_spider.items import Article, ExtractionFailure
from metrology_spider.normalize import normalize_article
from tests.conftest import page_cases, response_for

URL = "http://www.example.gov.cn/art/2024/1/9/art_1_2345.html"
ARTICLE = """<html><head><meta name="PubDate" content="2024-01-10 08:00"></head><body>
<h1>关于开展计量专项检查的通知</h1><p>发布时间：2024-01-09 10:20</p>
<div><p>各有关单位：为加强计量监督管理，决定开展专项检查。</p></div></body></html>"""
DRAWN = '<html><head><title>通知</title></head><body><div id="app"></div></body></html>'


def first_page(html: str, listed: bool) -> ArticleAssembly:
    assembly = ArticleAssembly(URL, listed=listed)
    assembly.add(HtmlResponse(URL, body=html.encode(), encoding="utf-8"))
    return assembly


def test_the_record_leaves_the_assembly_normalised():
    # Normalised where it is assembled (a re-extraction worker too), before any pipeline.
    html = ARTICLE.replace("专项检查的通知", "专项检查的通知（第２批）").replace(
        "决定开展专项检查。", "决定开展专项检查。\u3000\u3000检查Ａ类器具，图(a)所示。"
    )
    outcome = first_page(html, listed=True).outcome
    assert outcome.title == "关于开展计量专项检查的通知（第2批）"
    assert outcome.paragraphs == ["各有关单位：为加强计量监督管理，决定开展专项检查。 检查A类器具，图(a)所示。"]


def test_a_first_page_that_is_the_whole_article_is_normalised_as_it_is_read():
    # Where a worker reads the page, the normalising is done there too (readers.py);
    # the record is the same as normalised whole.
    html = ARTICLE.replace("专项检查的通知", "专项检查的通知（第２批）")
    reading = read_page(html, URL, first=True)
    assert reading.pages == [] and reading.normalized is not None
    assert reading.normalized["title"] == "关于开展计量专项检查的通知（第2批）"
    record = reading.extraction.result
    assert record.replace(**reading.normalized) == normalize_article(record)
    assert first_page(html, listed=True).outcome.title == "关于开展计量专项检查的通知（第2批）"
    # An article of several pages is normalised once whole (Traditional or not is
    # decided over all its text), and not as its first page is read.
    page, url = next((p, u) for p, u in page_cases() if u.endswith("/57604.html"))
    several = read_page(response_for(page, url).text, url, first=True)
    assert several.pages and several.normalized is None
    assert read_page(html, URL, first=False).normalized is None


def test_evidence_that_disagrees_is_counted():
    assembly = first_page(ARTICLE, listed=True)
    assert isinstance(assembly.outcome, Article)
    assert assembly.counts["evidence_disagreements/date"] == 1


def test_a_listed_article_that_cannot_be_read_is_a_failure_to_retry():
    outcome = first_page(DRAWN, listed=True).outcome
    assert isinstance(outcome, PageFailure) and outcome.kind == "extraction" and outcome.retry
    assert "no article could be read" in outcome.reason


def test_a_page_the_extractor_fails_on_is_a_failure_said_loudly_and_retried(monkeypatch, caplog):
    """An exception no rule foresaw, raised while a page is read, fails its article (retried
    by the next run) with an ERROR naming the URL: it takes neither the crawl nor a
    re-extraction's worker down."""
    import metrology_spider.assemble as assemble

    def broken(selector, url):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(assemble, "extract_page", broken)
    reading = read_page(ARTICLE, URL, True)
    assert not reading.extraction.result and "ValueError" in reading.extraction.result.reason
    outcome = first_page(ARTICLE, listed=True).outcome
    assert isinstance(outcome, PageFailure) and outcome.retry and "the extractor failed" in outcome.reason
    assert any(r.levelname == "ERROR" and URL in r.getMessage() for r in caplog.records)


def test_json_ld_nested_a_thousand_deep_is_no_evidence():
    # (json.loads raises RecursionError, no ValueError: the page is read without it)
    deep = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    reading = read_page(ARTICLE.replace("<body>", "<body>" + deep), URL, True)
    assert reading.extraction.result and reading.extraction.result.title == "关于开展计量专项检查的通知"


def test_an_unlisted_page_without_article_is_not_an_article():
    assert isinstance(first_page(DRAWN, listed=False).outcome, ExtractionFailure)


def test_a_listed_page_that_says_the_article_does_not_exist_is_not_an_article():
    gone = "<html><body><div class='msg'>你要查看的文档不存在或已被删除!</div></body></html>"
    outcome = first_page(gone, listed=True).outcome
    assert isinstance(outcome, ExtractionFailure) and outcome.not_found


@pytest.mark.parametrize(("page", "url"), page_cases()[::4])
def test_the_page_selector_holds_scrapys_tree_without_lxml_html_classes(page, url):
    # Extraction reads the same tree as response.selector would give (decoded and
    # parsed alike), made of lxml's plain elements (no Python class lookup per element).
    ours, scrapys = page_selector(response_for(page, url)).root, response_for(page, url).selector.root
    feet_under_bodies(scrapys)  # (the one difference: a <tfoot> written before its <tbody> moved under it)
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(scrapys, encoding="unicode")
    assert not any(isinstance(el, lxml.html.HtmlElement) for el in ours.iter())


def test_a_text_response_that_is_not_html_keeps_scrapys_selector():
    response = TextResponse(URL, body=b'{"a": 1}', encoding="utf-8")
    assert page_selector(response) is response.selector


def _split_page(n: int, links: str) -> str:
    text = {2: "二、期间核查应定期进行，核查结果记入台账，以便追溯。", 3: "三、核查用砝码本身也须定期送检，并妥善保存。"}[n]
    return f"""<html><body><h1>电子天平的期间核查</h1><p>发布时间：2021-03-06 08:45 来源：本站</p>
<div class="content"><p>{text}</p><div class="pagelist">{links}</div></div></body></html>"""


def test_no_page_of_an_article_is_read_twice():
    # A continuation page given as the start (it links to page 3, which links back to it).
    start = "http://www.example.cn/jishu/23458_2.html"
    pages = {
        start: _split_page(2, '<a href="23458.html">1</a><a href="#">2</a><a href="23458_3.html">3</a>'),
        "http://www.example.cn/jishu/23458_3.html": _split_page(
            3, '<a href="23458.html">1</a><a href="23458_2.html">2</a><a href="#">3</a>'
        ),
    }
    assembly = ArticleAssembly(start)
    asked = []
    while assembly.need is not None:
        asked.append(assembly.need)
        assembly.add(HtmlResponse(assembly.need, body=pages[assembly.need].encode(), encoding="utf-8"))
    assert asked == [start, "http://www.example.cn/jishu/23458_3.html"]
    assert len(assembly.outcome.paragraphs) == 2


def test_pages_that_only_repeat_the_first_pages_opening_add_nothing():
    # DedeCMS's image set, one image a page: each page prints the set's intro again.
    from metrology_spider.assemble import assemble_article

    intro = "世界计量日开放日活动现场，市民在检定实验室参观电子天平检定。"
    first = Article(url=URL, id=1, title="开放日图集", date=None, paragraphs=[intro, "图为参观现场。"])
    pages = [first.replace(paragraphs=[intro]), first.replace(paragraphs=[intro, "图为检定员讲解。"])]
    assert assemble_article(first, pages).paragraphs == [intro, "图为参观现场。", "图为检定员讲解。"]


def _stand_in(to: str, text: str = "页面已迁移，正在为您跳转……") -> str:
    return f'<html><head><script>window.location.href = "{to}";</script></head><body><p>{text}</p></body></html>'


MOVED = "http://www.example.gov.cn/art/2024/1/9/art_1_2346.html"


def test_a_script_that_sends_the_reader_to_the_moved_article_is_followed():
    # A moved post's old page (a line of text and a script that sends the reader on): the
    # page it leads to is the article's first page, the record under the linked URL, as
    # after an HTTP redirect; counted.
    assembly = first_page(_stand_in("/art/2024/1/9/art_1_2346.html"), listed=True)
    assert assembly.need == MOVED and assembly.wants_first_page and assembly.outcome is None
    assert assembly.counts["pages_script_redirect"] == 1
    assembly.add(HtmlResponse(MOVED, body=ARTICLE.encode(), encoding="utf-8"))
    assert isinstance(assembly.outcome, Article)
    assert assembly.outcome.url == URL and assembly.outcome.title == "关于开展计量专项检查的通知"


def test_a_script_redirect_loop_or_chain_ends_in_a_failure():
    # Back to a page already read: the page fails, as a listed article without text does.
    assembly = first_page(_stand_in("/art/2024/1/9/art_1_2346.html"), listed=True)
    assembly.add(HtmlResponse(MOVED, body=_stand_in(URL).encode(), encoding="utf-8"))
    assert isinstance(assembly.outcome, PageFailure) and assembly.outcome.kind == "extraction"
    assert "(to http://www.example.gov.cn/art/2024/1/9/art_1_2345.html), not followed: back to a page" in assembly.outcome.reason
    # A chain: three followed, the fourth page's script not.
    assembly = ArticleAssembly(URL, listed=True)
    for n in range(2346, 2351):
        if assembly.need is None:
            break
        assembly.add(HtmlResponse(assembly.need, body=_stand_in(f"/art/2024/1/9/art_1_{n}.html").encode(), encoding="utf-8"))
    assert assembly.counts["pages_script_redirect"] == 3 and isinstance(assembly.outcome, PageFailure)
    assert "the 4th page in a row" in assembly.outcome.reason


def test_a_script_redirect_is_followed_only_to_an_article_on_the_pages_host():
    for to in ("http://elsewhere.example.com/art/2024/1/9/art_1_2346.html", "/", "/index.html", "/login.html"):
        assembly = first_page(_stand_in(to), listed=True)
        assert isinstance(assembly.outcome, PageFailure), to
        assert not assembly.counts["pages_script_redirect"]
    # Nor from a page that says the article is gone, or that it is behind a login.
    for text in ("你要查看的文档不存在或已被删除!", "本文为会员内容，请登录后查看"):
        assembly = first_page(_stand_in("/art/2024/1/9/art_1_2346.html", text), listed=True)
        assert assembly.need is None and not assembly.counts["pages_script_redirect"], text
    # A page that holds its article is read, whatever its script (a mobile site's redirect).
    html = ARTICLE.replace("</head>", "<script>if (mobile) location.href = '/art/2024/1/9/art_1_2346.html';</script></head>")
    assert isinstance(first_page(html, listed=True).outcome, Article)

"""Extraction and normalisation on every saved page, against the record saved beside it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector

from metrology_spider.assemble import html_selector, page_selector, read_page
from metrology_spider.evidence import machine_evidence
from metrology_spider.extract import (
    BEIJING,
    article_id,
    extract_page,
    parse_article,
    parse_date,
    parse_view_count,
    record_id,
)
from metrology_spider.items import ExtractionFailure
from metrology_spider.normalize import normalize_article
from metrology_spider.pagelines import PageLines
from tests.conftest import FIXTURES, exported, extract_saved, page_cases, response_for, time_limit

CASES = page_cases()


@pytest.mark.parametrize(("page", "url"), CASES, ids=[str(p.relative_to(FIXTURES)) for p, _ in CASES])
def test_saved_page_gives_its_record(page: Path, url: str):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    article = extract_saved(page, url)
    if expected is None:
        assert article is None
        return
    record = exported(article)
    assert record.pop("crawled_at")  # the time of the (offline) fetch
    assert record.pop("warc") is None  # no capture here
    assert record.pop("gone_at") is None
    assert record == expected


def test_fixtures_cover_what_the_issue_names():
    records = {
        p.relative_to(FIXTURES).as_posix(): json.loads(p.with_suffix(".json").read_text()) for p, _ in CASES
    }
    articles = [r for r in records.values() if r]
    assert any(r["author"] is None for r in articles)  # empty author
    assert any(r["published_at"] for r in articles)  # a date with a time
    assert len({r["id"] for r in articles}) >= 12
    assert records["site/jiliangwenhuayanjiu/57604.html"]["views"] == 8309  # written by a script
    assert (
        records["mirror/jiliangyuzhiliang/63871.html"]["paragraphs"][0]
        == records["site/jiliangyuzhiliang/63871.html"]["paragraphs"][0]
    )
    assert sum(r is None for r in records.values()) >= 2  # pages that are not articles
    assert b"charset=gb2312" in (FIXTURES / "site/jiliangyuzhiliang/63755.html").read_bytes()


def test_gbk_page_declared_gb2312_keeps_characters_outside_gb2312():
    page = FIXTURES / "site/jiliangyuzhiliang/63755.html"
    article = parse_article(response_for(page, "http://h/x/63755.html").selector, "http://h/x/63755.html")
    assert article.author == "李喆"
    assert "王堃" in article.paragraphs[1] and "周镕" in article.paragraphs[2]
    assert article.paragraphs[-1].endswith("证书管理等问题。")  # the page was read to its end


def test_three_page_article_is_one_record_in_page_order():
    page = FIXTURES / "site/jiliangwenhuayanjiu/57604.html"
    record = exported(extract_saved(page, "http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604.html"))
    assert record["paragraphs"][0] == "原中国计量科学研究院研究员 沈平子"
    assert record["paragraphs"][4].startswith("为此,1908年")  # page 2
    assert record["paragraphs"][-1].startswith("我国于上世纪八十年代")  # page 3
    assert not any("上一页" in p or "共3页" in p for p in record["paragraphs"])


def _article(html: str, url: str = "http://www.chinajl.com.cn/jiliangyuzhiliang/1.html"):
    return parse_article(Selector(text=html), url)


def test_page_without_meta_line_is_not_an_article():
    failure = _article("<html><body><h1>关于我们</h1><p>中国计量网是计量行业门户网站。</p></body></html>")
    assert isinstance(failure, ExtractionFailure) and failure.field == "date"


def test_urls_without_a_number_that_differ_by_their_query_get_different_ids():
    # The archive's index is keyed by host and id: two articles sharing one would be one.
    show, view = "http://www.example.cn/show.php", "http://m.example.cn/view.php"
    assert record_id(show + "?slug=a") != record_id(show + "?slug=b")
    assert record_id(view + "?aid=23457") != record_id(view + "?aid=23458")
    assert record_id("http://blog.example.org/2024/05/day/") == record_id("http://blog.example.org/2024/05/day/")


def test_url_without_a_number_gets_a_stable_id_made_from_the_url():
    html = "<body><h1>标题</h1><p>发布时间:2017-01-01 作者:甲</p><p>正文第一段。</p></body>"
    first = _article(html, "http://blog.example.org/2024/05/metrology-day/")
    again = _article(html, "http://blog.example.org/2024/05/metrology-day/")
    other = _article(html, "http://blog.example.org/2024/05/other-day/")
    assert first.id == again.id != other.id
    assert 0 < first.id < 2**53  # exact in a float64, as pandas and JavaScript read it


def test_meta_with_labels_in_table_cells_and_body_after_br():
    html = """<html><head><title>测试标题_中国计量网</title></head><body><table>
    <tr><td>测试标题</td></tr>
    <tr><td>发布时间：2019-05-20</td><td>作者：</td><td>来源：本站</td><td>点击：12次</td></tr>
    <tr><td>第一段。<br><br>第二段。<br>分享到：微博</td></tr></table></body></html>"""
    article = _article(html)
    assert (article.title, article.date, article.author, article.source, article.views) == (
        "测试标题",
        date(2019, 5, 20),
        None,
        "本站",
        12,
    )
    assert article.paragraphs == ["第一段。", "第二段。"]


def test_title_from_the_page_title_when_nothing_stands_above_the_meta_line():
    html = """<html><head><title>计量检定规程JJG 1036-2008发布_计量与质量_中国计量网</title></head>
    <body><div class="info">发布时间:2017-01-01 作者:甲</div><div><p>正文。</p></div></body></html>"""
    assert _article(html).title == "计量检定规程JJG 1036-2008发布"


def test_meta_labels_and_values_in_cells_of_their_own():
    html = """<html><head><title>标题</title></head><body><table>
    <tr><td><h3>标题</h3></td></tr>
    <tr><td>发布时间：</td><td>2017-09-22 10:31</td><td>作者：</td><td></td>
        <td>来源：</td><td>江西省质监局</td><td>浏览：</td><td>1324</td></tr>
    <tr><td><p>第一段。</p><p>第二段。</p></td></tr></table></body></html>"""
    article = _article(html)
    assert (article.date, article.author, article.source, article.views) == (
        date(2017, 9, 22), None, "江西省质监局", 1324,
    )  # fmt: skip
    assert article.published_at == datetime(2017, 9, 22, 10, 31, tzinfo=BEIJING)
    assert article.paragraphs == ["第一段。", "第二段。"]


def test_meta_fields_in_brackets():
    html = """<body><h1>标题</h1><div>【发布时间：2017-09-22 10:31】【作者：张三】【来源：新华社(北京)】【点击：<b>12</b>次】
    【字体：大 中 小】</div><div><p>正文。</p></div></body>"""
    article = _article(html)
    assert (article.author, article.source, article.views) == ("张三", "新华社(北京)", 12)
    assert article.published_at == datetime(2017, 9, 22, 10, 31, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        # PowerEasy: 文章来源 starts with 文, which alone is a label only with its colon.
        (
            "作者：林秀英&nbsp;&nbsp;&nbsp;&nbsp;文章来源：鹤川市质量技术监督局&nbsp;&nbsp;&nbsp;&nbsp;点击数：35&nbsp;&nbsp;更新时间：2010-3-5",
            ("林秀英", "鹤川市质量技术监督局", 35),
        ),
        ("文：林秀英 发布时间：2010-3-5 文章来源：本站", ("林秀英", "本站", None)),
        # MetInfo: 点击次数, not 点击 followed by 次数.
        ("发布时间：2010-03-05 10:00:00 点击次数：<span>216</span>", (None, None, 216)),
        # Discuz! X's portal: 原作者 (作者 after a character of a word) and 来自 with its colon.
        (
            "2010-3-5 08:30<span>|</span> 发布者: admin<span>|</span> 查看: 1234<span>|</span> 评论: 0"
            "<span>|</span>原作者: 严立群<span>|</span>来自: 东江省计量测试学会",
            ("严立群", "东江省计量测试学会", 1234),
        ),
        # Counts with thousands separators (WordPress themes).
        ("2010年3月5日 阅读(1,234) 8 条评论", (None, None, 1234)),
        ("发布时间：2010-03-05 浏览：12,345次", (None, None, 12345)),
        # A video's page: 视频来源; 作者单位 names the author's employer, not the author.
        ("发布时间：2010-03-05 视频来源：北川市融媒体中心", (None, "北川市融媒体中心", None)),
        ("作者单位：华川市计量检测研究院 发布时间：2010-03-05 作者：王立明", ("王立明", None, None)),
        # A value in ASCII parentheses right after its label is no mirror's reading.
        ("发布时间：2010-03-05 来源(新华社) 阅读 (1234)", (None, "新华社", 1234)),
    ],
    ids=[
        "poweReasy", "wen-colon", "metinfo", "discuz-x-portal", "thousands-brackets", "thousands-times",
        "video-source", "author-employer", "values-in-parentheses",
    ],
)
def test_meta_labels_of_other_cmses(meta, expected):
    html = f"""<body><h1>计量器具检定工作会议召开</h1><div class="info">{meta}</div>
    <div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div></body>"""
    article = _article(html)
    assert (article.author, article.source, article.views) == expected
    assert article.date == date(2010, 3, 5)


def test_a_link_whose_text_starts_with_weizhi_is_no_breadcrumb():
    # 位置 alone is the breadcrumb's label only with its colon: 位置度公差 is a term.
    html = """<body><div class="side"><ul><li><a href="/p/7.html">位置度公差的最大实体要求</a></li></ul></div>
    <h1>标题</h1><p>发布时间:2017-01-01</p><div class="text"><p>正文第一段。</p></div></body>"""
    assert _article(html).category == []
    html = html.replace("<h1>", '<div>位置：<a href="/">首页</a> &gt; <a href="/jl/">计量知识</a></div><h1>')
    assert _article(html).category == ["计量知识"]


def test_a_discuz_x_breadcrumb_without_label_under_a_title_crediting_the_software():
    html = """<head><title>计量器具检定工作会议召开 - 行业动态 - 计量家园 -  Powered by Discuz!</title></head>
    <body><div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm" title="首页">计量家园</a>
    <em>&rsaquo;</em> <a href="portal.php">门户</a> <em>&rsaquo;</em> <a href="/list-3-1.html">行业动态</a>
    <em>&rsaquo;</em> 查看内容</div></div><h1 class="ph">计量器具检定工作会议召开</h1>
    <p class="xg1">2010-3-5 08:30</p><div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div></body>"""
    assert _article(html).category == ["门户", "行业动态"]


def test_a_wordpress_post_author_in_its_hcard_and_a_promotion_box_left_out():
    html = """<body><article><h1 class="entry-title">电子天平读数总在跳？先检查环境因素</h1>
    <div class="single-meta"><time class="entry-date published" datetime="2021-03-04T08:00:00+08:00">2021年3月4日</time>
    <span class="byline"><span class="author vcard"><a class="url fn n" href="/author/zhouyi">周毅</a></span></span>
    <span class="views">阅读(1,234)</span></div>
    <div class="entry-content"><p>不少实验室反映，电子天平的读数总是跳个不停，其实多半是环境因素造成的。</p>
    <p>如果以上因素都排除了，读数仍然不稳，就需要联系计量技术机构进行检定或校准了。</p></div>
    <div class="s-weixin"><ul><li><strong>微信公众号</strong></li><li>扫码关注，第一时间收到更新</li></ul></div>
    </article><ol class="comment-list"><li class="comment"><div class="author vcard"><strong class="fn">实验室小刘</strong></div>
    <p>我们实验室就是离心机放在天平旁边，挪开之后好多了。</p></li></ol></body>"""
    article = _article(html)
    assert (article.author, article.views) == ("周毅", 1234)
    assert article.paragraphs == [
        "不少实验室反映，电子天平的读数总是跳个不停，其实多半是环境因素造成的。",
        "如果以上因素都排除了，读数仍然不稳，就需要联系计量技术机构进行检定或校准了。",
    ]
    # A commenter's hCard, or the blog owner's in a sidebar, is no author.
    sidebar = '<div class="widget"><div class="vcard"><span class="fn">博主老周</span></div></div>'
    html = html.replace('<span class="author vcard">', "<span>").replace("</body>", sidebar + "</body>")
    # (the byline's link to the author's archive names the author without its hCard)
    assert _article(html).author == "周毅"
    assert _article(html.replace('href="/author/zhouyi"', 'href="/about/"')).author is None


def test_credits_keywords_and_notices_after_a_body_of_br_lines_are_not_body():
    html = """<body><h1>东江首个碳计量中心揭牌</h1><div class="about"><p>2021-03-04 08:30 来源：澜涛新闻</p></div>
    <div class="news_txt">3月3日，东江省碳计量中心在东江市揭牌成立，这是省内首个碳计量平台。<br><br>
    中心首批已建成烟气流速、气体浓度等6项计量标准，可覆盖火电、钢铁等行业。</div>
    <div class="news_editor">责任编辑：许涵　校对：刘威</div>
    <div class="news_keyword">关键词 &gt;&gt; 碳计量,碳排放,计量</div>
    <div class="news_bl"><p>澜涛新闻报料：021-96xxxx</p><p>澜涛新闻，未经授权不得转载</p></div></body>"""
    assert _article(html).paragraphs == [
        "3月3日，东江省碳计量中心在东江市揭牌成立，这是省内首个碳计量平台。",
        "中心首批已建成烟气流速、气体浓度等6项计量标准，可覆盖火电、钢铁等行业。",
    ]


def test_a_value_ends_where_a_date_follows_it():
    # 作者：甲 2021-03-04 10:20:12 (ECShop, 腾讯新闻): the date is not part of the name.
    html = """<body><h1>网购计量器具的注意事项</h1><p>作者：店小二&nbsp;&nbsp;2021-03-04 10:20:12</p>
    <div class="text"><p>购买电子秤、血压计等计量器具时，要看清产品是否有制造计量器具许可标志。</p></div></body>"""
    article = _article(html)
    assert article.author == "店小二"
    assert article.published_at == datetime(2021, 3, 4, 10, 20, 12, tzinfo=BEIJING)


def test_counts_in_a_list_of_other_articles_after_the_body_are_not_the_views():
    html = """<body><h1>东江质检开展加油机专项检查</h1><div class="meta"><span>东江质检</span><span>2021-03-04 08:30</span></div>
    <article><p>东江市市场监管局近日对全市加油站的加油机开展了专项计量检查。</p>
    <p>检查共抽查加油机120台，发现3台超差，已责令停用并限期整改。</p></article>
    <div class="feed"><div class="feed-title">相关推荐</div><div><a href="/i/1.html">计量那些事儿</a></div>
    <div><span>8,906阅读</span><span>41评论</span><span>2021-03-01 21:10</span></div></div></body>"""
    assert _article(html).views is None


def test_a_trail_of_arrows_from_its_channel_is_a_breadcrumb():
    # 千龙网 (2005): 汽车 >> 车坛动态 >> 业界新闻, no home crumb; one >> of a "more" link is none.
    html = """<body><table><tr><td><a href="http://auto.example.com">汽车</a>&nbsp;>>&nbsp;
    <a href="/auto/developments.htm">车坛动态</a>&nbsp;>>&nbsp;业界新闻</td></tr></table>
    <h1>新能源汽车计量检测中心通过验收</h1><p>2005-07-18 13:03:17</p>
    <div><p>新能源汽车计量检测中心日前通过专家组验收，将为整车企业提供充电桩计量检测服务。</p></div></body>"""
    assert _article(html).category == ["汽车", "车坛动态", "业界新闻"]
    more = html.replace("&nbsp;>>&nbsp;业界新闻", "")
    assert _article(more).category == []


def test_a_trail_of_spaced_hyphens_ending_with_zhengwen_and_font_tools_is_a_breadcrumb():
    # DedeCMS's print-like dynamic view: 清河计量网 - 计量动态 - 正文 [大 中 小]; a menu of
    # spaced hyphens (新闻 - 体育 - 娱乐) stays no breadcrumb.
    html = """<head><title>能源计量审查_清河计量网</title></head><body>
    <div><a href="/">清河计量网</a> - <a href="/a/jiliangdongtai/">计量动态</a> - 正文 &nbsp;
    [<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>]</div>
    <h1>重点用能单位能源计量审查</h1><p>发布时间：2024-05-20 10:00</p>
    <div><p>市局组织对十家重点用能单位开展能源计量审查，审查组现场向企业反馈了整改意见。</p></div></body>"""
    assert _article(html).category == ["计量动态"]
    menu = html.replace(" - 正文 &nbsp;", " - 计量技术 &nbsp;")
    assert _article(menu).category == []


def test_a_breadcrumb_found_by_its_label_may_separate_crumbs_by_spaced_hyphens():
    html = """<body><div class="position">当前位置：<a href="/">首 页</a> - <a href="/xwzx/">新闻中心</a> -
    <a href="/xwzx/gzdt/">工作动态</a></div><div class="nav"><a href="/">新闻</a> - <a href="/ty/">体育</a></div>
    <h1>市计量所完成年度强检任务</h1><p>发布时间：2021/3/4 9:05:00</p>
    <div class="text"><p>今年以来，市计量所共完成各类强制检定计量器具检定三万余台件。</p></div></body>"""
    article = _article(html)
    assert article.category == ["新闻中心", "工作动态"]
    assert article.published_at == datetime(2021, 3, 4, 9, 5, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("head", "trail"),
    [
        # The site's name begins the <title>'s last part (网易 of 网易商业报道).
        ("<title>燃气表检定新规出台_量衡商业报道</title>",
         '<a href="http://www.liangheng-example.com">量衡</a> --&gt; <a href="/biz/">商业频道</a> --&gt; 正文'),
        # A <title> that is the site's name alone (a forum's every thread).
        ("<title>量衡论坛娱乐</title>",
         '<a href="/ent/">量衡论坛娱乐</a> &gt; 电影版区 &gt; <a href="forum.php?code=18">周末影评</a>'),
        # The site's name in <meta name="SiteName">, the crumb longer than it.
        ('<title>燃气表检定新规出台</title><meta name="SiteName" content="信息公开专栏">',
         '<a href="http://xxgk.example.gov.cn/">东川省政府信息公开专栏</a>&gt;&gt;<a href="/szf/">东川省人民政府</a>&gt;&gt;政府信息公开'),
    ],
)
def test_a_trail_that_starts_with_the_sites_name_leaves_it_out(head, trail):
    html = f"""<html><head>{head}</head><body><table><tr><td class="p2">{trail}</td></tr></table>
    <h1>燃气表检定新规出台</h1><p>发布时间：2005-04-25 08:24</p>
    <div><p>新修订的膜式燃气表检定规程自下月起实施，检定周期和抽样方法都有调整。</p></div></body></html>"""
    category = _article(html).category
    assert category and category[0] in ("商业频道", "电影版区", "东川省人民政府"), category


def test_a_drupal_submitted_by_line_names_the_author():
    html = """<body><h1>省局召开计量工作会议</h1><div class="submitted">提交者 周立平 于 2021-03-04 10:20</div>
    <div class="field--name-body"><p>会议总结了2020年全省计量工作，部署了2021年重点任务。</p></div></body>"""
    assert _article(html).author == "周立平"


def test_a_data_table_and_the_attachments_in_a_notice_are_body():
    html = """<body><h1>关于2021年第一季度计量器具监督抽查情况的通告</h1><p>发布时间：2021-03-04 浏览次数：<span>322</span></p>
    <div class="text"><p>为加强计量监督管理，我局组织对全县集贸市场、加油站在用的计量器具开展了监督抽查。</p>
    <p>现将抽查情况通告如下，各类计量器具抽查结果见下表。</p>
    <table><tr><td>序号</td><td>器具类别</td><td>合格率</td></tr><tr><td>1</td><td>电子计价秤</td>
    <td><p class="MsoNormal"><span lang="EN-US">94.8%<o:p></o:p></span></p></td></tr></table>
    <p>附件：1.<a href="/f/1.xls">不合格名单.xls</a></p><p><a href="/f/2.doc">2.计量器具强制检定申请表.doc</a></p>
    <p>对抽查不合格的计量器具，我局已依法责令使用单位停止使用、限期改正。</p>
    <div class="page"><a href="?p=1">1</a> <a href="?p=2">2</a></div>
    <table class="pager"><tr><td>1</td><td>2</td><td>3</td></tr></table><p>东溪县市场监督管理局</p></div></body>"""
    article = _article(html)
    assert article.paragraphs == [
        "为加强计量监督管理，我局组织对全县集贸市场、加油站在用的计量器具开展了监督抽查。",
        "现将抽查情况通告如下，各类计量器具抽查结果见下表。",
        *("序号", "器具类别", "合格率", "1", "电子计价秤", "94.8%"),
        "附件：1.不合格名单.xls",
        "2.计量器具强制检定申请表.doc",
        "对抽查不合格的计量器具，我局已依法责令使用单位停止使用、限期改正。",
        "东溪县市场监督管理局",
    ]
    assert article.views == 322


def test_labels_in_spans_written_without_a_space_between_them():
    # DedeCMS templates: <span>来源：未知</span><span>作者：admin</span> reads 来源：未知作者：admin.
    html = """<body><h1>市计量所完成年度强检任务</h1><div class="info"><span>时间：2021-03-04 10:20</span><span>来源：未知</span><span>作者：admin</span></div>
    <div class="content"><p>今年以来，市计量所共完成各类强制检定计量器具检定三万余台件。</p>
    <p>其中加油机八百余台，电子计价秤两万余台。</p></div><p>摄影：王昊 图片来源：东江省计量测试研究院</p></body>"""
    article = _article(html)
    assert (article.source, article.author) == ("未知", "admin")
    # A label after a character of a word without its colon is none, and 图片来源 is the picture's.
    assert _article(html.replace("作者：admin", "工作者admin")).author is None
    assert _article(html.replace("来源：未知", "")).source is None


def test_a_text_logo_that_is_the_whole_title_of_the_page_is_not_the_headline():
    # <title> holds the site's name alone, and the header shows it as a big bold logo.
    html = """<head><title>华衡计量网</title></head><body><table><tr><td><font size=5><b>华衡计量网</b></font></td></tr>
    <tr><td>您现在的位置：<a href="/">华衡计量网</a> &gt;&gt; <a href="/news/">新闻中心</a></td></tr>
    <tr><td><font size=5><b>华衡市开展集贸市场计量器具专项整治</b></font></td></tr>
    <tr><td>发布时间:2004-11-08 10:21:00 文章来源:中国计量网</td></tr>
    <tr><td><font size=3>为保护消费者权益，华衡市质监局近日开展集贸市场计量器具专项整治。<br><br>
    此次整治共检查集贸市场二十六个，检定计量器具一千余台件。</font></td></tr></table></body>"""
    article = _article(html, "http://www.huaheng-example.cn/news/12345.html")
    assert article.title == "华衡市开展集贸市场计量器具专项整治"


def test_an_event_notice_keeps_its_time_place_and_organisers():
    html = """<body><h1>关于开展“5·20世界计量日”计量惠民服务活动的通知</h1><p>发布时间：2021-05-10</p>
    <div class="content"><p>为迎接世界计量日，我局定于5月20日组织开展计量惠民服务活动，现将有关事项通知如下：</p>
    <p>时间：2021年5月20日上午9:00至11:30</p><p>地点：云溪市人民广场东侧</p>
    <p>主办单位：云溪市市场监督管理局</p><p>承办单位：云溪市计量测试所</p>
    <p>活动现场将免费检测市民自带的血压计、体温计、家用电子秤等民用计量器具。</p></div>
    <div class="foot"><p>主办单位：云溪市市场监督管理局 地址：云溪市文化路66号</p><p>云ICP备05012893号</p></div></body>"""
    article = _article(html)
    assert article.paragraphs[1:5] == [
        "时间：2021年5月20日上午9:00至11:30",
        "地点：云溪市人民广场东侧",
        "主办单位：云溪市市场监督管理局",
        "承办单位：云溪市计量测试所",
    ]
    assert article.paragraphs[-1] == "活动现场将免费检测市民自带的血压计、体温计、家用电子秤等民用计量器具。"
    assert article.date == date(2021, 5, 10)


def test_a_csdn_poster_line_and_a_platform_statement_after_the_body():
    html = """<body><h1 class="title-article">千分尺示值误差的校准要点</h1>
    <div class="article-info-box"><a class="follow-nickName">量值溯源小周</a> 于 2021-03-04 08:30:00 发布</div>
    <div id="content_views"><p>千分尺是长度计量中最常用的通用量具之一，校准时要先检查外观和各部分的相互作用。</p>
    <p>示值误差用量块检定，受检点应均匀分布在测量范围内。</p>
    <p><b>特别声明：</b>以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。</p></div>
    <h3>全部评论</h3><div class="comment"><span>3楼</span><span>2021.03.05 10:18</span><p>写得很清楚，收藏了。</p></div></body>"""
    article = _article(html)
    assert article.author == "量值溯源小周"
    assert article.paragraphs == [
        "千分尺是长度计量中最常用的通用量具之一，校准时要先检查外观和各部分的相互作用。",
        "示值误差用量块检定，受检点应均匀分布在测量范围内。",
    ]
    # A comment's date after 全部评论 is not the article's.
    article = _article(html.replace(" 于 2021-03-04 08:30:00 发布", ""))
    assert article is not None and getattr(article, "date", None) != date(2021, 3, 5)


def test_elements_hidden_by_a_class_of_the_pages_own_style_are_not_read():
    # DedeCMS's strings against copying: <span class="Qtw537">内容来自dedecms</span>, hidden by
    # a rule of the page's <style>; a rule for a descendant or a state hides no other element.
    html = """<head><style>.Qtw537 { display:none; } .mobile .nav{display:none} .tip:hover{visibility:hidden}</style></head>
    <body><h1>市场监管总局通报计量器具抽查情况</h1><p>发布时间：2023-06-15 09:30</p><div class="article-content">
    <p>本次抽查涉及电子计价秤、燃油加油机等5类产品，不合格产品检出率为5.4%。<span class='Qtw537'>内容来自dedecms</span></p>
    <p class="nav">针对抽查发现的问题，总局已督促相关省级部门依法处理。</p>
    <p class="tip">对涉嫌作弊的2批次电子计价秤，已移送执法部门立案调查。</p>
    <div>------分隔線------</div></div></body>"""
    assert _article(html).paragraphs == [
        "本次抽查涉及电子计价秤、燃油加油机等5类产品，不合格产品检出率为5.4%。",
        "针对抽查发现的问题，总局已督促相关省级部门依法处理。",
        "对涉嫌作弊的2批次电子计价秤，已移送执法部门立案调查。",
    ]


def test_white_text_on_no_background_is_hidden_and_on_a_coloured_bar_is_read():
    # DedeCMS's other way of hiding its strings: <font color='#FFFFFF'> in the text. A
    # white date on a coloured header cell (搜狐's, 2005) is seen, and is the date.
    html = """<body><h1>电子计价秤抽查结果公布</h1><table><tr><td bgcolor="cc3300">
    <font color=#ffffff>2023年6月15日09:30</font></td></tr></table><div class="content">
    <p>本次抽查涉及电子计价秤、燃油加油机等5类产品，<font color='#FFFFFF'>织梦好，好织梦</font>不合格产品检出率为5.4%。</p>
    <p>针对抽查发现的问题，总局已督促相关省级部门依法处理。<font color="white">本文来自织梦</font></p>
    <table bgcolor="#FFFFFF"><tr><td><font color="#fff">copyright dedecms</font></td></tr></table></div></body>"""
    record = _article(html)
    assert record.published_at == datetime(2023, 6, 15, 9, 30, tzinfo=record.published_at.tzinfo)
    assert record.paragraphs == [
        "本次抽查涉及电子计价秤、燃油加油机等5类产品，不合格产品检出率为5.4%。",
        "针对抽查发现的问题，总局已督促相关省级部门依法处理。",
    ]


def test_a_training_notice_keeps_its_sections_and_deadline():
    html = """<body><h1>关于举办2023年度计量检定员培训班的通知</h1><p>发布时间:2023-03-01 作者: 来源:计量测试学会 浏览:1256</p>
    <div class="content"><p>各有关单位：学会定于2023年4月举办计量检定员培训班，现将有关事项通知如下：</p>
    <p>一、培训时间：2023年4月10日至14日</p><p>二、培训地点：华阳市计量测试研究院培训中心</p>
    <p>三、请各单位于3月25日前填写报名回执表并发送至学会培训部。报名截止时间：2023年3月25日17:00。</p>
    <p>培训结束经考核合格者，由学会颁发培训合格证书。</p><p>检测项目误差限为±0.3%，见下表。</p>
    <table><tr><td>序号</td><td>项目</td><td>最大允许误差</td></tr><tr><td>1</td><td>电子计价秤</td><td>±0.3%</td></tr>
    </table></div></body>"""
    article = _article(html)
    assert article.paragraphs[1:] == [
        "一、培训时间：2023年4月10日至14日",
        "二、培训地点：华阳市计量测试研究院培训中心",
        "三、请各单位于3月25日前填写报名回执表并发送至学会培训部。报名截止时间：2023年3月25日17:00。",
        "培训结束经考核合格者，由学会颁发培训合格证书。",
        "检测项目误差限为±0.3%，见下表。",
        *("序号", "项目", "最大允许误差", "1", "电子计价秤", "±0.3%"),
    ]
    assert (article.date, article.views) == (date(2023, 3, 1), 1256)


def test_a_publication_date_that_reads_as_no_date_is_a_failure_not_a_neighbours_date():
    html = """<body><h1>东江启动加油机计量专项检查</h1><p>发布时间：3小时前 来源：东江日报 微信 微博</p>
    <div class="text"><p>东江市市场监管局今起对全市加油站的加油机开展计量专项检查。</p>
    <p>检查将持续至月底，重点查处计量作弊行为。</p></div>
    <div class="side"><p><a href="/a/1.html">市局召开计量工作会议</a></p><p>2024-11-23</p></div></body>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and failure.field == "date"
    assert "3小时前" in failure.reason
    # Nor is the date of a list after the body (24小时热榜) the article's.
    side = '<div class="side">'
    listed = html.replace("发布时间：3小时前 ", "").replace(side, side + "<div>24小时热榜</div>")
    assert isinstance(_article(listed), ExtractionFailure)
    # With the date readable, the source ends before the share links.
    article = _article(html.replace("3小时前", "2024-11-25 09:30"))
    assert (article.date, article.source) == (date(2024, 11, 25), "东江日报")


def test_photo_credits_corrections_and_picture_labels_are_not_the_author_or_body():
    html = """<body><h1>计量院发布新一代千克基准研究进展</h1><div class="pages-date">2021-03-04 08:30 来源：新华社</div>
    <div class="pages_content"><p>图为计量院实验室。　新华社记者 李贺 摄</p>
    <p>新华社北京3月4日电（记者 王立新、赵雪）计量院近日发布新一代千克基准研究进展。</p>
    <p>研究团队将测量不确定度降至2×10<sup>-8</sup>以下。</p>
    <table><tr><td>指标</td><td>要求</td><td>批准日期</td></tr><tr><td>不确定度</td><td>≤0.5%</td><td>2021-03-01</td></tr></table>
    <p>【我要纠错】 责任编辑：孟晓婷</p></div></body>"""
    article = _article(html)
    assert article.author == "王立新、赵雪"
    assert article.paragraphs[-6:] == ["指标", "要求", "批准日期", "不确定度", "≤0.5%", "2021-03-01"]
    credit = "<p>文：周立平　图：陈思远</p>"
    credits = html.replace("（记者 王立新、赵雪）", "").replace("<p>【我要纠错】", credit + "<p>【我要纠错】")
    assert _article(credits).author == "周立平"
    # 资料图：… right under the meta line is a caption, not a label.
    content = '<div class="pages_content">'
    caption = html.replace(content, content + "<p>资料图：千克基准装置</p>")
    assert _article(caption).paragraphs[0] == "资料图：千克基准装置"


def test_a_page_whose_text_is_in_an_iframe_gives_no_record():
    # Title and date are there, the text is not: neither a list of other pages nor the
    # footer stands in for it.
    html = """<body><h1>临波市开展眼镜制配场所计量专项检查</h1><p>发布时间：2024-04-11 16:20 来源：临波市市场监督管理局</p>
    <div class="content"><iframe src="/content/123.html"></iframe></div>
    <div class="side"><div>通知公告</div>
    <p><a href="/n/1.html">关于举办2024年度计量检定员继续教育培训班的通知</a>2024-11-19</p>
    <p><a href="/n/2.html">关于征集2025年地方计量技术规范制修订项目的通知</a>2024-11-05</p>
    <p><a href="/n/3.html">2024年第三季度计量器具型式评价结果公示</a>2024-10-28</p></div>
    <div class="foot"><p>关于我们 | 联系我们 | 网站地图</p><p>主办：东江省恒准计量信息中心 地址：计量路18号</p>
    <p>东ICP备06012345号-2 东公网安备 33010602001234号</p></div></body>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and failure.field == "paragraphs"


def test_a_paper_keeps_its_keywords_and_its_tables_of_figures():
    html = """<body><h1>数字压力计示值误差测量结果的不确定度评定</h1><p>发布时间：2024-03-12 作者：周立平</p>
    <div class="content"><p>摘要：本文依据校准规范，对数字压力计示值误差的测量不确定度进行评定。</p>
    <p>关键词：数字压力计；校准；示值误差；测量不确定度</p>
    <p>校准结果见下表，各测量点的示值误差均在最大允许误差以内。</p>
    <table><tr><td>测量点/MPa</td><td>示值/MPa</td><td>误差/MPa</td></tr><tr><td>0</td><td>0.0000</td><td>+0.0014</td></tr>
    <tr><td>1</td><td>1.0012</td><td>+0.0012</td></tr></table>
    <p>【打印】【关闭】</p><p>本文网址：http://www.example.cn/jishu/57890.html</p></div></body>"""
    article = _article(html)
    assert article.paragraphs == [
        "摘要：本文依据校准规范，对数字压力计示值误差的测量不确定度进行评定。",
        "关键词：数字压力计；校准；示值误差；测量不确定度",
        "校准结果见下表，各测量点的示值误差均在最大允许误差以内。",
        *("测量点/MPa", "示值/MPa", "误差/MPa", "0", "0.0000", "+0.0014", "1", "1.0012", "+0.0012"),
    ]


def test_a_notice_whose_tables_hold_dates_keeps_its_body():
    # The dates of a data table's cells are the table's: they do not make the body a list
    # of comments (whose score falls with each dated line).
    html = """<body><h1>市场监管总局关于发布计量技术规范的公告</h1><p>发布日期：2021-03-04</p>
    <div class="content"><p>根据计量法有关规定，现发布以下国家计量技术规范，自公布之日起施行。</p>
    <table><tr><td>编号</td><td>名称</td><td>批准日期</td><td>实施日期</td></tr>
    <tr><td>JJF 101-2021</td><td>计量技术规范第1项</td><td>2021-01-01</td><td>2021-04-01</td></tr><tr><td>JJF 102-2021</td><td>计量技术规范第2项</td><td>2021-02-01</td><td>2021-05-01</td></tr><tr><td>JJF 103-2021</td><td>计量技术规范第3项</td><td>2021-03-01</td><td>2021-06-01</td></tr><tr><td>JJF 104-2021</td><td>计量技术规范第4项</td><td>2021-04-01</td><td>2021-07-01</td></tr></table>
    <p>各地市场监管部门要做好规范的宣贯和实施工作，确保规范落到实处。</p>
    <p>市场监管总局</p><p>2021年3月1日</p></div></body>"""
    article = _article(html)
    assert article.paragraphs[0] == "根据计量法有关规定，现发布以下国家计量技术规范，自公布之日起施行。"
    assert "2021-04-01" in article.paragraphs
    assert article.paragraphs[-2:] == ["市场监管总局", "2021年3月1日"]


def test_a_deleted_article_and_a_teaser_behind_a_login_give_no_record():
    html = """<body><h1>关于开展加油机计量专项检查的通知</h1><p>发布时间：2024-05-20 10:00 来源：市场监管局</p>
    <div class="content"><p>对不起，您访问的内容已删除。</p></div></body>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and failure.not_found
    html = html.replace(
        "<p>对不起，您访问的内容已删除。</p>",
        "<p>市场监管局近日部署开展加油机计量专项检查，重点查处作弊行为。</p><p>检查分三个阶段进行。</p>"
        "<p>登录后阅读全文</p><form><p>用户名：</p><p>密 码：</p></form>",
    )
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and "login" in failure.reason
    assert _article(html.replace("<p>登录后阅读全文</p>", "")) is not None


def test_a_topic_page_is_no_article_whatever_its_list_items_dates():
    # The date of the first of a list of like dated items is the item's, not the page's.
    html = """<body><h1>民生计量专项行动专题</h1><div class="lead"><p>为保障群众切身利益，全省开展民生计量专项行动，本专题集中报道各地工作进展。</p></div>
    <ul class="list"><li><a href="/n/1.html">计量专项检查工作进展第1则</a><span>2024-05-19</span></li><li><a href="/n/2.html">计量专项检查工作进展第2则</a><span>2024-05-18</span></li><li><a href="/n/3.html">计量专项检查工作进展第3则</a><span>2024-05-17</span></li><li><a href="/n/4.html">计量专项检查工作进展第4则</a><span>2024-05-16</span></li><li><a href="/n/5.html">计量专项检查工作进展第5则</a><span>2024-05-15</span></li></ul></body>"""
    assert isinstance(_article(html), ExtractionFailure)


def test_a_tag_line_of_phpcms_is_not_body():
    html = """<body><h1>电能表检定规程解读</h1><p>发布时间：2024-05-20 09:00 来源：本站</p><div class="content">
    <p>新版检定规程对电能表的检定项目和方法作了调整，计量技术机构应及时更新检定装置。</p>
    <p>相关热词搜索：<a href="/tag/1.html">计量</a> <a href="/tag/2.html">电能表</a></p></div></body>"""
    assert _article(html).paragraphs == ["新版检定规程对电能表的检定项目和方法作了调整，计量技术机构应及时更新检定装置。"]


def test_a_short_body_keeps_its_heading_beside_a_longer_sidebar_text():
    # The box of the text holds a heading, one paragraph and its page list (links): as
    # good as its paragraph alone, it is the body, heading and all.
    html = """<body><div class="main"><h1>浅谈电子天平的期间核查</h1>
    <div class="info">发布时间：2021-03-06 08:45 来源：本站</div>
    <div class="arcbody"><p><strong>三、结语</strong></p>
    <p>电子天平的校准和期间核查是保证称量结果可靠的两个环节，二者不可相互替代，实验室应做好记录。</p>
    <div class="pages"><a href="/j/1.html">1</a> <a href="/j/1_2.html">2</a> <a href="#">3</a></div></div></div>
    <div class="side"><h3>网站简介</h3><p>本站由计量技术研究所主办，传播计量法律法规、计量技术知识和行业动态，为计量工作者提供交流学习的平台。</p></div></body>"""
    assert _article(html).paragraphs[:2] == [
        "三、结语",
        "电子天平的校准和期间核查是保证称量结果可靠的两个环节，二者不可相互替代，实验室应做好记录。",
    ]


def test_a_cnblogs_poster_below_the_body_is_the_author():
    html = """<head><title>计量标准考核中的常见问题 - 张衡之 - 博客园</title></head>
    <body><h1 class="postTitle"><a id="cb_post_title_url" href="/p/1.html">计量标准考核中的常见问题</a></h1>
    <div id="cnblogs_post_body"><p>做长度校准的同事常问，按GUM法算出的扩展不确定度到底靠不靠谱。</p>
    <p>最直接的办法，就是用蒙特卡洛法再算一遍，两相比较。</p></div>
    <div class="postDesc">posted @ 2021-03-04 08:30&nbsp; 张衡之&nbsp; 阅读(1234)&nbsp; 评论(5)&nbsp; 编辑</div></body>"""
    article = _article(html)
    assert (article.author, article.views, article.date) == ("张衡之", 1234, date(2021, 3, 4))


def test_a_state_media_page_with_a_kicker_a_subtitle_and_a_byline_line():
    html = """<head><meta name="publishdate" content="2021-03-04"><meta name="author" content="104570">
    <meta name="source" content="来源：东江日报"></head><body>
    <h3 class="pre">守护“油箱里的公平”</h3><h1>南陵市加油机计量在线监测全覆盖</h1>
    <h4 class="sub">二千余台加油机的数据实时上传，异常时自动预警</h4>
    <p class="author">本报记者&nbsp;&nbsp;郑雨桐</p>
    <div class="box">2021年03月04日08:30&nbsp;&nbsp;|&nbsp;&nbsp;来源：<a href="/">东江日报</a></div>
    <div class="text"><p>记者从南陵市市场监管局获悉，全市加油机已全部接入计量在线监测平台。</p>
    <p>平台对每一笔加油数据进行比对，发现异常即向执法人员推送预警。</p></div>
    <div class="related"><ul><li><a href="/n1/2021/0225/c1-1.html">东江省开展计量器具专项检查</a> 2021年02月25日</li>
    </ul></div></body>"""
    article = _article(html)
    # The subtitle (a heading, with a comma) does not end the meta lines under the title;
    # the date-time without a label keeps its time (the machine's date is the same day, without
    # one); the byline stands on its own line; a number is no author.
    assert article.date == date(2021, 3, 4)
    assert article.published_at == datetime(2021, 3, 4, 8, 30, tzinfo=BEIJING)
    assert (article.author, article.source) == ("郑雨桐", "东江日报")
    assert article.paragraphs == [
        "记者从南陵市市场监管局获悉，全市加油机已全部接入计量在线监测平台。",
        "平台对每一笔加油数据进行比对，发现异常即向执法人员推送预警。",
    ]


def test_meta_author_and_source_only_where_they_name_one():
    html = """<head><meta name="author" content="Discuz! Team and Comsenz UI Team">
    <meta name="source" content="来源：东江日报"></head><body><h1>计量器具检定工作会议召开</h1>
    <div>2010-03-05 08:30</div><div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div></body>"""
    article = _article(html)
    assert (article.author, article.source) == (None, "东江日报")


@pytest.mark.parametrize(
    ("meta", "author", "source", "views"),
    [
        # The words that lead into a count are no part of the value before them (eighteenth round)
        ("来源：县卫健局 本文已被浏览 358 次", None, "县卫健局", 358),
        ("来源：区局&nbsp;已阅读 358 次", None, "区局", 358),
        ("来源：区局&nbsp;被浏览 358 次", None, "区局", 358),
        ("来源：区局&nbsp;共 358 人浏览", None, "区局", 358),
        # a count behind an eye icon, with its 次 (PbootCMS's mobile template)
        ('作者：黄敏&nbsp;&nbsp;<i class="fa fa-eye"></i> 97次', "黄敏", None, 97),
        # a reporter's role before the name: kept, as the page writes it
        ("作者：通讯员 罗佳 来源：市计量所", "通讯员 罗佳", "市计量所", None),
        # a count run into a follow button (微博's 阅读数：12,345<a>+关注</a>): the whole count
        ("阅读数：12,345<a class='W_btn_b'><em>+</em>关注</a>", None, None, 12345),
        ("阅读数：856<a class='W_btn_b'><em>+</em>关注</a>", None, None, 856),
        ("阅读 10万+", None, None, None),
        ("阅读 1,234万", None, None, None),  # (rounded: no count, and never 1)
        # a newspaper's page after its name; an author's employer after the name (twenty-fourth round)
        ("来源：中华质量报 第3版　人气：1,024", None, "中华质量报", 1024),
        ("作者：张立　单位：江东省计量科学研究院", "张立", None, None),
        ("作者：张立 工作单位：江东省计量院 来源：本站", "张立", "本站", None),
        # a value ends where its element ends against the next (spans written without a space between)
        ("<span>来源：国家认监委官网</span><span>检测小编</span><span>阅读 56</span>", None, "国家认监委官网", 56),
        ("<span>作者：李思远</span><span><a href='/gzh/jlkp/'>计量科普</a></span>", "李思远", None, None),
        ("<span>来源：</span><span>市计量所</span><span>原创</span>", None, "市计量所", None),
        ("作者：<a href='/u/1'>张</a>三 来源：<b>市计量所</b>", "张三", "市计量所", None),
    ],
)
def test_a_meta_lines_values_end_before_a_counts_words(meta, author, source, views):
    html = f"""<body><h1>计量器具检定工作会议召开</h1><div class="info">发布时间：2024-05-16 {meta}</div>
    <div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div></body>"""
    article = _article(html)
    assert (article.author, article.source, article.views) == (author, source, views)


@pytest.mark.parametrize(
    ("trail", "category"),
    [
        # 74cms's last crumb (eighteenth round)
        ("您的位置：<a href='/'>首页</a> &gt;&gt; <a href='/news/'>职场资讯</a> &gt;&gt; 资讯详情", ["职场资讯"]),
        # 博达 VSB's: the headline cut short, its ... after it
        ("<a href='/'>首页</a>&gt;&gt;<a href='/xwzx.htm'>新闻中心</a>&gt;&gt;<a href='/xwzx/gzdt.htm'>工作动态</a>"
         "&gt;&gt;省市场监管局组织开展社会公用计...", ["新闻中心", "工作动态"]),
        # an old county site's label
        ("当前栏目：<a href='/html/jlgz/index.html'>计量工作</a>", ["计量工作"]),
        ("所在栏目：<a href='/'>首页</a> &gt; <a href='/html/jlgz/index.html'>计量工作</a>", ["计量工作"]),
        # a Bootstrap corporate theme's placeholder for the page itself (twenty-third round)
        ("<a href='/'>首页</a> &gt; <a href='/news/'>新闻中心</a> &gt; 新闻正文", ["新闻中心"]),
        # a company's short name for its home, the <title> ending with its whole name
        ("您的位置：<a href='/cn/'>衡准仪器</a> &gt; <a href='/cn/news/'>新闻中心</a> &gt; <a href='/cn/news/gs/'>公司新闻</a>",
         ["新闻中心", "公司新闻"]),
    ],
)
def test_a_trails_label_and_last_crumb(trail, category):
    html = f"""<head><title>省市场监管局组织开展社会公用计量标准比对-衡准仪器有限公司</title></head>
    <body><div class="nav"><a href="/">首页</a></div><div class="location">{trail}</div>
    <h1>省市场监管局组织开展社会公用计量标准比对</h1><div class="info">发布时间：2024-05-16</div>
    <div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div></body>"""
    assert _article(html).category == category


@pytest.mark.parametrize(
    "credits",
    ["（文/计量学院 张晓宁 图/刘洋 编辑：孙丽 审核：陈建国）", "（文字：许文斌\u3000摄影：丁雪）", "文/张晓宁 图/刘洋"],
)
def test_a_line_of_credits_after_the_text_is_no_paragraph(credits):
    """A university's 新闻网 and a province's platform close the text with its credits
    (eighteenth round): who wrote, photographed, edited it; no paragraph of the text."""
    html = f"""<body><h1>计量学院举办计量文化节</h1><div class="info">作者：张晓宁 发布时间：2024-05-20</div>
    <div class="text"><p>5月20日，计量学院举办第十届计量文化节，师生五百余人参加。</p>
    <p>文化节期间还举办了计量知识竞赛和实验室开放日活动。</p><p>{credits}</p></div>
    <div class="share">分享到：</div></body>"""
    article = _article(html)
    assert article.paragraphs == [
        "5月20日，计量学院举办第十届计量文化节，师生五百余人参加。",
        "文化节期间还举办了计量知识竞赛和实验室开放日活动。",
    ]
    assert article.author == "张晓宁"
    # Without 作者, the writer's credit is the author still
    assert _article(html.replace("作者：张晓宁 ", "")).author == ("许文斌" if "许文斌" in credits else
                                                              "计量学院 张晓宁" if "学院" in credits else "张晓宁")  # fmt: skip


@pytest.mark.parametrize(
    ("script", "views"),
    [
        ('<script>ajax("/hits", function (d) { document.getElementById("hits").innerHTML = d.count; });</script>', None),
        ('<script src="/js/hits.js?id=1234"></script>', None),
        ("", 0),  # (printed: no script fills it)
    ],
)
def test_a_zero_count_a_script_fills_in_is_no_count(script, views):
    """开普云's 浏览次数：<span id="hits">0</span>, which a script fills in by the element's
    id (eighteenth round): the count is the script's, not in the page."""
    html = f"""<body><h1>计量器具检定工作会议召开</h1><div class="info">发布时间：2024-05-16 浏览次数：<span id="hits">0</span></div>
    <div class="text"><p>会议总结了去年的检定工作，部署了今年的重点任务。</p></div>{script}</body>"""
    assert _article(html).views == views


def test_a_page_whose_only_prose_is_the_sites_footer_has_no_body():
    """MacCMS's list page at an article's URL (eighteenth round): headlines as links, their
    dates, and the footer's 本网站为非营利性站点 © 2024 …: no article (it was archived, the
    footer its text)."""
    items = "".join(f'<li><a href="/index.php/art/detail/id/{i}.html">第{i}期计量知识问答</a><span>2024-07-0{i}</span></li>' for i in range(1, 6))
    html = f"""<body><div class="nav"><a href="/">首页</a></div><h2>计量资讯</h2><ul class="list">{items}</ul>
    <div class="foot"><p>本网站为非营利性站点 © 2024 衡准计量知识库</p></div></body>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and failure.field == "paragraphs"


@pytest.mark.parametrize(
    ("meta", "views", "source"),
    [
        # a reading time and a length are no counts (Hugo's LoveIt, eighteenth round)
        ("约 1523 字 预计阅读 4 分钟", None, None),
        ("阅读时长 4 分钟", None, None),
        # a copy's source (a CSDN copy's 转载自, 转自)
        ("转载自：市场监管半月谈", None, "市场监管半月谈"),
        ("转自：计量测试圈", None, "计量测试圈"),
    ],
)
def test_a_blogs_meta_line(meta, views, source):
    html = f"""<body><h1>计量器具检定规程选用指南</h1><div class="post-meta">发布于 2024-05-16 {meta}</div>
    <div class="post-content"><p>选用检定规程时，应首先确认被检器具的型号和准确度等级。</p></div></body>"""
    article = _article(html)
    assert (article.views, article.source) == (views, source)


@pytest.mark.parametrize(
    "end", ["坚持原创技术分享，您的支持将鼓励我继续创作！", "Licensed under CC BY-NC-SA 4.0", "最后修改：2024 年 05 月 22 日",
            "最后更新于 May 22, 2024 10:30 CST"],
)
def test_a_blog_themes_end_matter_is_no_paragraph(end):
    """NexT's reward line, Stack's licence and 最后更新于, Handsome's 最后修改： under the text
    (eighteenth round)."""
    html = f"""<body><h1>计量器具检定规程选用指南</h1><div class="post-meta">发布于 2024-05-16</div>
    <div class="post-body"><p>选用检定规程时，应首先确认被检器具的型号和准确度等级。</p>
    <p>规程更新后，应及时组织人员学习，并核对检定装置是否满足新要求。</p><p>{end}</p></div></body>"""
    assert _article(html).paragraphs == [
        "选用检定规程时，应首先确认被检器具的型号和准确度等级。",
        "规程更新后，应及时组织人员学习，并核对检定装置是否满足新要求。",
    ]


def test_a_dates_own_word_after_it_says_publication_or_update():
    """A CSDN copy (eighteenth round): 已于 2024-05-22 10:12:33 修改 by the headline,
    于 2024-05-20 10:12:33 首次发布 under it: the publication's is the one that says so."""
    html = """<body><h1>计量检定规程解读</h1><div class="meta"><span>已于&nbsp;2024-05-22 10:12:33&nbsp;修改</span>
    <span>阅读量1.2k</span></div><div class="up-time"><span>于&nbsp;2024-05-20 10:12:33&nbsp;首次发布</span></div>
    <div class="article"><p>检定规程是计量检定工作的技术依据。</p></div></body>"""
    article = _article(html)
    assert (article.date, article.published_at) == (date(2024, 5, 20), datetime(2024, 5, 20, 10, 12, 33, tzinfo=BEIJING))
    # An update's date alone is the date still
    only = html.replace('<div class="up-time"><span>于&nbsp;2024-05-20 10:12:33&nbsp;首次发布</span></div>', "")
    assert _article(only).date == date(2024, 5, 22)


def test_a_code_blocks_line_numbers_and_a_headings_anchor_are_no_text():
    """Hexo's code block, its line numbers in <td class="gutter">, and VuePress's heading
    anchor <a class="header-anchor">#</a> (eighteenth round: "1", "2" and "# 要点" were
    paragraphs)."""
    html = """<body><h1>用脚本批量计算测量不确定度</h1><div class="post-meta">发表于 2024-05-20</div>
    <div class="post-body"><p>下面的脚本读入测量数据，计算平均值和实验标准偏差。</p>
    <h2 id="要点"><a class="header-anchor" href="#要点">#</a> 要点</h2>
    <figure class="highlight python"><table><tr><td class="gutter"><pre><span class="line">1</span><br><span class="line">2</span></pre></td>
    <td class="code"><pre><span class="line">data = read(&quot;a.csv&quot;)</span><br><span class="line">print(mean(data))</span></pre></td></tr></table></figure>
    <p>计算结果还应按有效数字的规则修约后再报告。</p></div></body>"""
    paragraphs = _article(html).paragraphs
    assert "1" not in paragraphs and "2" not in paragraphs
    assert "要点" in paragraphs and not any(p.startswith("#") for p in paragraphs)
    assert paragraphs[0] == "下面的脚本读入测量数据，计算平均值和实验标准偏差。"


@pytest.mark.parametrize("href", ["/author/zhou-min/", "/authors/zhoumin", "/?author=3"])
def test_a_link_to_the_authors_page_under_the_headline_names_the_author(href):
    """Ghost's, Halo's and WordPress's bylines without a label (eighteenth round)."""
    html = f"""<body><h1>计量器具检定规程选用指南</h1><div class="post-meta"><a href="{href}">周敏</a> · 2024-05-16</div>
    <div class="post-content"><p>选用检定规程时，应首先确认被检器具的型号和准确度等级。</p></div>
    <aside><a href="/authors/admin">站长</a></aside></body>"""
    assert _article(html).author == "周敏"


def test_a_time_element_that_says_when_the_page_was_changed_is_no_publication_date():
    """VitePress's 最近更新于: <time datetime> under the text (eighteenth round) beat the date
    shown under the headline; WordPress's <time class="updated"> is an update's too."""
    html = """<body><h1>电子秤检定作业指导</h1><div class="meta"><span class="meta-content">2024-05-20 09:15</span></div>
    <div class="vp-doc"><p>电子秤检定前应先检查外观、铭牌和检定标记。</p><p>检定时按规程选取检定点，逐点记录示值误差。</p></div>
    <p class="VPLastUpdated">最近更新于: <time datetime="2024-05-22T02:30:00.000Z">2024/5/22 10:30</time></p></body>"""
    article = _article(html)
    assert (article.date, article.published_at) == (date(2024, 5, 20), datetime(2024, 5, 20, 9, 15, tzinfo=BEIJING))
    wordpress = html.replace('<p class="VPLastUpdated">最近更新于: <time', '<p><time class="updated"')
    assert _article(wordpress).date == date(2024, 5, 20)


def test_a_blogs_own_label_for_its_author():
    """Typecho Handsome's meta row: 博主： and the post's author (eighteenth round); the
    words 博主原创 in a sentence label nothing."""
    html = """<body><h1>量值溯源的几个误区</h1><ul class="post-meta"><li>博主： <a href="/about/">郑计量</a></li>
    <li>2024 年 05 月 20 日</li></ul><div class="entry-content"><p>本文为博主原创文章，讲一讲量值溯源工作中的几个常见误区。</p>
    <p>溯源不等于检定，校准结果也需要使用者自己确认是否满足要求。</p></div></body>"""
    article = _article(html)
    assert article.author == "郑计量"
    assert article.paragraphs[0] == "本文为博主原创文章，讲一讲量值溯源工作中的几个常见误区。"


def test_meta_in_a_definition_list():
    html = """<body><h1>标题</h1><dl class="meta"><dt>发布时间：</dt><dd>2017-09-22</dd>
    <dt>来源：</dt><dd>中国计量网</dd></dl><div class="text"><p>正文。</p></div></body>"""
    article = _article(html)
    assert (article.date, article.source, article.paragraphs) == (date(2017, 9, 22), "中国计量网", ["正文。"])


def test_page_tools_and_share_bar_above_the_body_are_not_the_body():
    html = """<body><div class="box"><h1>标题</h1><div>发布时间:2017-01-01 作者:甲 来源:乙 浏览:3</div>
    <div>【字体：大 中 小】【打印】【关闭】</div><div>分享到：微信</div></div>
    <div class="text"><p>正文第一段。</p><p>上一篇:别的文章</p></div><div class="side"><p>侧栏文字</p></div></body>"""
    assert _article(html).paragraphs == ["正文第一段。"]


def test_a_byline_ends_before_the_label_after_it():
    # 联合早报's 文／陈慧玲 beside 发布 / 2024年5月20日 5:00 AM: the name, not 陈慧玲 发布.
    html = """<body><div class="box"><h1>新加坡推出新版计量法规</h1><div class="byline"><span>文／陈慧玲</span>
    <span>发布 / 2024年5月20日 5:00 AM</span></div></div><div class="text"><p>新加坡企业发展局日前宣布，新版法令明年实施。</p>
    <p>所有用于贸易的称重器具须每年接受检定。</p></div></body>"""
    article = _article(html)
    assert (article.author, article.date.isoformat(), article.published_at.hour) == ("陈慧玲", "2024-05-20", 5)
    # (names side by side stay: 文/张三 李四)
    assert _article(html.replace("文／陈慧玲", "文/张三 李四").replace("发布 / ", "")).author == "张三 李四"


def test_a_qr_codes_prompt_inside_the_text_is_not_the_text():
    html = """<body><div class="box"><h1>标题</h1><div>发布时间:2017-01-01 作者:甲</div></div>
    <div class="text"><p>正文第一段，讲的是计量检定。</p><div class="qr">扫一扫在手机打开当前页<img src="/qr.png"></div>
    <p>用手机扫描二维码查看本页</p><p>正文第二段，扫一扫下载的说明在此。</p></div></body>"""
    assert _article(html).paragraphs == ["正文第一段，讲的是计量检定。", "正文第二段，扫一扫下载的说明在此。"]


def test_article_with_empty_body_is_a_failure_rather_than_the_sidebar():
    html = """<body><div class="main"><h1>标题</h1><p>发布时间:2017-01-01 作者:甲</p></div>
    <div class="side"><ul><li><a href="/a/1.html">其他文章一</a></li><li><a href="/a/2.html">其他文章二</a></li></ul></div></body>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure) and failure.field == "paragraphs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-09-22", (date(2017, 9, 22), None)),
        ("2017-09-22 10:31", (date(2017, 9, 22), datetime(2017, 9, 22, 10, 31, tzinfo=BEIJING))),
        ("2017/9/2 8:05:09", (date(2017, 9, 2), datetime(2017, 9, 2, 8, 5, 9, tzinfo=BEIJING))),
        ("2017年09月22日", (date(2017, 9, 22), None)),
        ("日期 20.05.2024", (date(2024, 5, 20), None)),  # 德国之声's day first, with dots
        ("2024-05-20 HKT 15:30", (date(2024, 5, 20), datetime(2024, 5, 20, 15, 30, tzinfo=BEIJING))),
        ("20.05.2024 10:15", (date(2024, 5, 20), datetime(2024, 5, 20, 10, 15, tzinfo=BEIJING))),
        ("版本 1.2.2024.5", (None, None)),
        ("2024年5月20日（週一） 15:30", (date(2024, 5, 20), datetime(2024, 5, 20, 15, 30, tzinfo=BEIJING))),
        ("2017-02-30", (None, None)),
        ("不详", (None, None)),
        ("发布时间：二〇二一年三月四日", (date(2021, 3, 4), None)),
        (
            "二零二〇年十二月三十一日 下午3:05",
            (date(2020, 12, 31), datetime(2020, 12, 31, 15, 5, tzinfo=BEIJING)),
        ),
        # A twelve-hour clock's half past midnight (WordPress zh_CN's ag:i, .NET's tt hh:mm:ss), and noon.
        ("2024/5/23 上午 12:40:00", (date(2024, 5, 23), datetime(2024, 5, 23, 0, 40, tzinfo=BEIJING))),
        ("2024-05-23 下午12:40", (date(2024, 5, 23), datetime(2024, 5, 23, 12, 40, tzinfo=BEIJING))),
        ("2024年5月20日 下午3点05分", (date(2024, 5, 20), datetime(2024, 5, 20, 15, 5, tzinfo=BEIJING))),
        ("2024/05/20（一）14:35", (date(2024, 5, 20), datetime(2024, 5, 20, 14, 35, tzinfo=BEIJING))),  # (Taiwan's weekday)
        ("發布日期：110年3月4日", (date(2021, 3, 4), None)),  # Taiwan's calendar: 民國110年
        ("民國99年3月4日", (date(2010, 3, 4), None)),
        ("成立110年，今年前三季度", (None, None)),
        ("2110年3月4日", (None, None)),
        # Day first where the month cannot be (Hong Kong); 05/06 stays month first.
        ("日期：20/05/2024", (date(2024, 5, 20), None)),
        ("05/06/2024", (date(2024, 5, 6), None)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8309", 8309),
        ("8309次", 8309),
        ("1,234", 1234),
        ("12,345 次", 12345),
        ("1,2345", None),  # (no grouping of thousands, nor a count: never its first digit)
        ("document.write('8159');", 8159),
        ('document.write("7");', 7),
        ("", None),
        ("--", None),
    ],
)
def test_parse_view_count(text, expected):
    assert parse_view_count(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604.html", 57604),
        ("http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604_2.html", 57604),
        ("http://www.chinajl.com.cn/jiliangwenhuayanjiu/", None),
        # No id in the last segment: an id parameter of the query names the article.
        ("http://m.example.cn/view.php?aid=23457", 23457),
        ("http://www.example.cn/show.asp?ID=38&page=2", 38),
        ("http://www.example.cn/article-38.html", None),
        ("http://www.example.cn/view.php?page=2", None),
        # TRS WCM: the day, then the document's number (its continuation page _1 too).
        ("http://www.example.gov.cn/zw/202103/t20210304_326789.html", 326789),
        ("http://www.example.gov.cn/zw/202103/t20210304_326789_1.html", 326789),
        ("http://paper.example.cn/html/content_20210304.htm", 20210304),
        # A token of letters and digits: its digits are pieces of it (环球网, 央视网, 网易).
        ("https://www.example.com/article/4HpQ5Kx207R", None),
        ("https://tv.example.com/2024/05/20/ARTIcXr6ZkN8kCtDAyN2fRIp240520.shtml", None),
        ("http://biz.example.com/05/0425/08/1I606VE600020QGP.html", None),
        # Tokens after a word or joined by _ (新浪博客's, every post of a blog holding its 0102; LOFTER's
        # blog token, then the post's); not numbers joined so (TRS's, 搜狐's).
        ("http://blog.example.com.cn/s/blog_4b3f6a0d0102e5zq.html", None),
        ("http://jiliang.example.com/post/1e3a5672_2b8f0a1c9", None),
        ("http://www.example.gov.cn/art/2024/art_0a1b2c3d4e5f60718293a4b5c6d7e8f9.html", None),
        ("http://www.example.gov.cn/art/2024/5/21/art_1621004_30332664.html", 30332664),
        ("http://www.example.com/a/434365209_123753", 434365209),
        ("http://www.example.cn/news/news12345.html", 12345),
        # A number no int64 holds (pandas, DuckDB, Arrow): hashed.
        ("http://www.example.cn/a/20210304553101231876.html", None),
        ("http://www.example.cn/s?id=1826543219876543210", 1826543219876543210),
        # PbootCMS's 兼容模式: the route in the query.
        ("http://www.example.org.cn/?tzgg/57.html", 57),
        ("http://www.example.org.cn/index.php?news/58.html&p=2", 58),
        ("http://bbs.example.edu.cn/archiver/?tid-1011.html", 1011),  # Discuz!'s archiver
        # 大汉 JCMS's art_<column>_<article>: the article's number however long the column's.
        ("http://scjg.example.gov.cn/art/2024/5/20/art_1228969894_58801234.html", 58801234),
        ("http://scjg.example.gov.cn/art/2024/5/20/art_1621004_30332664.html", 30332664),
        ("http://www.example.ac.cn/node/12", 12),  # Drupal's node
    ],
)
def test_article_id(url, expected):
    assert article_id(url) == expected


def test_a_url_without_a_number_has_one_id_however_it_is_spelt():
    spellings = [
        "http://www.example.com/2024/05/%E8%AE%A1%E9%87%8F%E6%97%A5/",
        "http://www.example.com/2024/05/%e8%ae%a1%e9%87%8f%e6%97%a5/",
        "http://www.example.com/2024/05/计量日/",
    ]
    assert len({record_id(url) for url in spellings}) == 1


def test_private_use_characters_never_reach_a_record():
    html = """<html><head><title>计量日\ue60e活动_中国计量网</title></head><body><h1>\ue60e计量日活动</h1>
    <p><i>\ue631</i>发布时间：2024-05-20 <i>\ue60e</i>来源：本站\ue60e</p>
    <div><p>\ue60e今年的世界计量日，各地开展了形式多样的宣传活动。</p><p>\ue631</p></div></body></html>"""
    record = exported(normalize_article(_article(html)))
    assert record["title"] == "计量日活动" and record["source"] == "本站"
    assert record["paragraphs"] == ["今年的世界计量日，各地开展了形式多样的宣传活动。"]
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in json.dumps(record, ensure_ascii=False))


def test_the_visible_publication_date_wins_over_machine_evidence_and_the_disagreement_is_reported():
    html = """<html><head><meta name="PubDate" content="2024-01-10 08:00"></head><body>
    <h1>关于开展计量专项检查的通知</h1><p>发布时间：2024-01-09 10:20</p>
    <div><p>各有关单位：为加强计量监督管理，决定开展专项检查。</p></div></body></html>"""
    extraction = extract_page(Selector(text=html), "http://www.example.gov.cn/art/2024/1/9/art_1_2345.html")
    assert extraction.result.date == date(2024, 1, 9)
    assert extraction.disagreements == ["date"]
    agreeing = html.replace("2024-01-10 08:00", "2024-01-09 10:20")
    assert extract_page(Selector(text=agreeing), "http://x/a/1.html").disagreements == []


def test_an_unlabelled_date_gives_way_to_machine_evidence_and_the_disagreement_is_reported():
    html = """<html><head><meta name="publishdate" content="2024-05-20"></head><body>
    <h1>市计量院完成燃气表检定装置建标考核</h1><div><span id="pubtime_baidu">2024-05-21 08:00:00</span></div>
    <div><p>近日，市计量院大流量燃气表检定装置顺利通过社会公用计量标准考核，将于下月投入使用。</p></div></body></html>"""
    extraction = extract_page(Selector(text=html), "http://news.example.cn/a/20240520/12345.html")
    assert extraction.result.date == date(2024, 5, 20)
    assert extraction.disagreements == ["date"]


def test_machine_readable_evidence_alone_gives_title_date_and_author():
    html = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
    "@type": "NewsArticle", "headline": "充电桩计量检定全面推开", "datePublished": "2024-03-05T01:30:00Z",
    "author": {"@type": "Person", "name": "刘畅"}}</script></head><body><header>质量观察网</header>
    <h1>充电桩计量检定全面推开</h1><div class="c"><p>随着新能源汽车快速增长，充电桩计量成为车主关心的问题。</p></div></body></html>"""
    article = _article(html, "http://www.example.com/a/434365209_123753")
    assert (article.title, article.author, article.id) == ("充电桩计量检定全面推开", "刘畅", 434365209)
    assert article.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=BEIJING)  # UTC -> Beijing


def test_text_around_comments_is_read_where_it_stands():
    html = """<html><body><div><p>计量<!-- 注释 -->检定<b>规程</b><!--x-->发布</p><!--y-->尾注
    <p><a href="/a">链接<!--in-->文本</a><!--z-->文字<?php echo 1; ?>完</p>
    <select><option>甲</option><!--c-->乙</select><div style="display:none"><!--c-->隐藏</div>
    <div hidden><!--c-->也隐藏</div><h2><!--h-->小标题</h2></div></body></html>"""
    lines = PageLines(Selector(text=html).root.find("body")).lines
    assert [line.text for line in lines] == ["计量检定规程发布", "尾注", "链接文本文字完", "小标题"]
    assert [(line.chars, line.link_chars, line.heading) for line in lines] == [(8, 0, 0), (2, 0, 0), (7, 4, 0), (3, 0, 2)]
    assert [line.block.tag for line in lines] == ["p", "div", "p", "h2"]


def test_elements_hidden_by_their_attributes_are_not_read():
    html = """<html><body><div><p style="color: red">看得见的一行</p>
    <p style="DISPLAY : NONE">隐藏一</p><div style="font-size:12px;visibility: hidden"><p>隐藏二</p></div>
    <p hidden>隐藏三</p><span hidden="hidden">隐藏四</span><p>后面<span style="display:none">隐藏五</span>的字</p>
    </div></body></html>"""
    body = Selector(text=html).root.find("body")
    assert [line.text for line in PageLines(body).lines] == ["看得见的一行", "后面的字"]
    body.set("style", "display:none")
    assert PageLines(body).lines == []


def test_microdata_is_read_in_page_order():
    html = """<html><head><meta itemprop="headline" content="元数据标题"></head><body>
    <div itemscope itemtype="http://schema.org/NewsArticle"><h2 itemprop="headline">栏目标题</h2>
    <h1 itemprop="headline">  电能表   抽检结果公布 </h1>
    <time itemprop="datePublished" datetime="2024-03-05T08:00:00+08:00">3月5日</time>
    <span itemprop="author" itemscope>记者 <span itemprop="name">王晓</span></span>
    <div class="text" itemprop="articleBody"><p>抽检覆盖全省各地市。</p></div>
    <div class="more" itemprop="articleBody"><p>另一段。</p></div></div></body></html>"""
    evidence = machine_evidence(Selector(text=html).root)
    # Each found later goes first; meta tags after them.
    assert evidence.titles == ["电能表 抽检结果公布", "栏目标题", "元数据标题"]
    assert evidence.dates == ["2024-03-05T08:00:00+08:00"]
    assert evidence.authors == ["王晓"]
    assert evidence.body.get("class") == "text"


def test_founders_property_comment_gives_its_date_wherever_it_stands():
    # 方正's <!--enpproperty …<date>…</date>…--> in the body, or beside the <html> element.
    inside = "<html><body><!-- other --><!--  enpproperty <articleid>1</articleid><date>2024-05-20 10:04:35.0</date>/enpproperty--><p>正文</p></body></html>"
    beside = "<!--enpproperty <date>2024-05-21</date>/enpproperty--><html><body><p>正文</p></body></html>"
    assert machine_evidence(Selector(text=inside).root).dates == ["2024-05-20 10:04:35"]
    assert machine_evidence(Selector(text=beside).root).dates == ["2024-05-21"]
    assert machine_evidence(Selector(text="<html><body><!-- <date>2024-05-22</date> --></body></html>").root).dates == []


_HOSTILE = st.sampled_from(
    ["1" * 60 + "!", "打印 " * 300 + "x", "-" * 20000 + "x", "发布时间：" * 500, "2020-01-01 " * 2000,
     "作者" * 3000 + "：", "<a href='/x'>" + "9" * 3000 + "</a>", "（" * 5000 + "记者", " " * 50000 + "x",
     "【" * 3000 + "字体：", "阅读" + "1" * 5000 + "次", "Saturday, " * 3000]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_HOSTILE, min_size=1, max_size=4))
def test_hostile_lines_are_read_in_bounded_time(pieces):
    # Lines that make backtracking regular expressions take hours: each page is read
    # in well under the deadline (milliseconds here), to a record or a failure.
    body = "".join(f"<p>{piece}</p>" for piece in pieces)
    html = f"<body><h1>标题在这里</h1><p>发布时间：2020-01-01</p>{body}<p>正文内容，测试一下。</p></body>"
    with time_limit(5):
        result = _article(html)
    assert result or isinstance(result, ExtractionFailure)


@pytest.mark.parametrize(
    "nesting",
    ["<font color=#ffffff>字", "<div onclick=\"location.href='/a/1.html'\">", "<blockquote>引"],
)
def test_deeply_nested_new_markup_is_read_in_bounded_time(nesting):
    # White fonts looked up through their ancestors, onclick links, quotes: each ancestor
    # walk is bounded, so 5,000 nested elements are read in well under a second or two.
    html = "<body><h1>标题在这里</h1><p>发布时间：2020-01-01</p>" + nesting * 5000 + "正文内容，测试一下。</body>"
    with time_limit(5):
        result = _article(html)
    assert result or isinstance(result, ExtractionFailure)


def test_deeply_nested_page_gives_a_record_or_a_failure_not_a_crash():
    html = "<body><h1>标题在这里</h1><p>发布时间：2020-01-01</p>" + "<div>" * 5000 + "正文。" + "</div>" * 5000
    result = _article(html + "</body>")
    assert result or isinstance(result, ExtractionFailure)


def test_a_page_that_says_the_article_does_not_exist_is_marked_not_found():
    page = FIXTURES / "site/jiliangyuzhiliang/99999.html"  # DedeCMS: 文档不存在或已被删除
    url = "http://www.chinajl.com.cn/jiliangyuzhiliang/99999.html"
    failure = parse_article(response_for(page, url).selector, url)
    assert isinstance(failure, ExtractionFailure) and failure.not_found
    drawn = '<html><head><title>计量新闻</title></head><body><div id="app"></div></body></html>'
    failure = _article(drawn)
    assert isinstance(failure, ExtractionFailure) and not failure.not_found


@pytest.mark.parametrize(
    "text",
    ["发布时间:2008-04-13 作者:", "来源：", "作者", "中作者", "發(fā)布時間", "浏览 12 次", "", "文：", "编辑 文", "阅读(12)"],
)
def test_a_label_ending_a_line_is_found_as_the_anchored_pattern_finds_it(text):
    import re

    from metrology_spider.extract import _LABEL_RE, _ends_with_label

    assert _ends_with_label(text) == bool(re.compile(f"(?:{_LABEL_RE.pattern})$").search(text))


@pytest.mark.parametrize("name", ["siteserver-channel", "vsb-list"])
def test_a_channels_list_page_read_as_an_article_is_none(name):
    # SiteServer's /channels/12.html has an article's URL shape: read as one, its only
    # "body" lines were a headline with its date and the pager (a record of junk before).
    page = FIXTURES / "lists" / f"{name}.html"
    url = "http://www.dcjly-example.org.cn/channels-like/12.html"
    failure = parse_article(page_selector(response_for(page, url)), url)
    assert isinstance(failure, ExtractionFailure) and failure.field in ("paragraphs", "date"), failure  # (no record)


@pytest.mark.parametrize(
    "pager",
    [
        "共 3 条 第 1/2 页 首页 上一页 [1][2] 下一页 末页 转到 页",  # SiteServer
        "共12条  1/3  首页 上页 下页 尾页 转到",  # 博达 VSB
        "共2页/24条记录 首页 上一页 下一页 尾页 当前第1页 转到第 页",  # JEECMS
    ],
)
def test_pagers_of_other_cmses_are_no_body(pager):
    html = f"""<body><h1>计量标准考核工作稳步推进</h1><p>发布时间：2024-05-27 10:30</p>
    <div class="content"><p>今年以来，全省共完成计量标准考核三百余项，考核周期平均缩短五个工作日。</p>
    <p>下一步将继续推行计量标准考核网上办理，方便企业就近申请。</p><p>{pager}</p></div></body>"""
    assert _article(html).paragraphs == [
        "今年以来，全省共完成计量标准考核三百余项，考核周期平均缩短五个工作日。",
        "下一步将继续推行计量标准考核网上办理，方便企业就近申请。",
    ]


def test_a_day_or_a_year_in_a_url_is_no_articles_number():
    # Joomla's alias of a title without Latin letters is its creation time: every such
    # article had the id 2024 (the crawl dropped all but one as the same article); a year
    # beside the number in a slug likewise. WordPress's plain /?p=123 names its post.
    joomla = "http://www.example.org.cn/index.php/news/"
    ids = {record_id(joomla + alias) for alias in ("41-2024-05-28-02-15-36", "40-2024-05-24-08-00-00", "31-2024-zhaopin")}
    assert len(ids) == 3 and 2024 not in ids
    assert article_id(joomla + "4123-2024-05-28-02-15-36") == 4123
    assert record_id("http://a.cn/2024-05-20-jiliang.html") != record_id("http://a.cn/2024-05-20-biaozhun.html")
    assert article_id("http://blog.example.cn/?p=134") == 134 == article_id("http://blog.example.cn/index.php?p=134")
    assert article_id("http://www.example.cn/show.php?p=2") is None  # (a page number elsewhere)


def test_an_empty_value_between_bars_is_none():
    # 齐博's meta line: 发布时间:… | 作者: | 来源:本站原创 | 浏览:208次 (the author was "|").
    html = """<body><div class="main_title"><h1>计量检定人员继续教育工作部署</h1></div>
    <div class="info">发布时间:2024-05-16 15:02:44 | 作者: | 来源:本站原创 | 浏览:208次</div>
    <div class="content"><p>省局近日印发通知，部署本年度计量检定人员继续教育工作，要求各单位按期完成学时。</p>
    <p>通知明确了培训内容和考核方式。</p></div></body>"""
    article = _article(html, "http://www.qibo-example.cn/bencandy.php?fid=3&id=123")
    assert (article.author, article.source, article.views, article.id) == (None, "本站原创", 208, 123)


def test_a_framework_detail_path_and_a_year_in_a_slug():
    assert article_id("http://www.example.cn/news/detail/12/") == 12  # Django's /news/detail/12/
    slugs = ("2024-shijie-jiliangri", "2024-niandu-jiliang-jihua")  # (both had the id 2024)
    ids = {record_id(f"http://www.example.cn/news/2024/05/12/{slug}/") for slug in slugs}
    assert len(ids) == 2 and 2024 not in ids
    assert article_id("http://www.example.cn/news/2024.html") == 2024  # (a number alone is one)


def test_a_placeholder_author_gives_way_to_a_named_one():
    # 佚名, as old article systems print an empty author field, stands aside for the
    # reporter's byline; where nothing names the author it is kept as written (as 未知 for
    # a source).
    html = """<body><h1>南陵市开展集贸市场计量专项检查</h1>
    <div class="info">发布时间：2009-3-18 9:05:41　作者：佚名　来源：南陵日报</div>
    <div class="text"><p>（记者 郑雨桐）3月中旬，南陵市市场监管局对全市集贸市场在用衡器开展专项检查。</p>
    <p>检查共抽测电子秤二百余台，对未按期检定的衡器责令停用并送检。</p></div></body>"""
    assert _article(html).author == "郑雨桐"
    assert _article(html.replace("（记者 郑雨桐）", "")).author == "佚名"


def test_a_poll_is_no_text_but_a_form_around_the_page_is_read():
    # DedeCMS's {dede:vote} poll under the text (its question and options beside radio
    # buttons) is a form's, not the article's; ASP.NET wraps a whole page in one <form>,
    # a checkbox in it (记住我) and all.
    text = """<p>5月20日上午，以“计量与可持续发展”为主题的世界计量日纪念活动在东江市举行，三百余名代表参加了活动。</p>
    <p>会上发布了计量惠民服务十项举措，内容涵盖集贸市场公平秤设置和民用“三表”免费检定等方面。</p>"""
    poll = """<form action="/plus/vote.php" method="post"><p>您认为哪项计量惠民举措最实用？</p>
    <input type="radio" name="v" value="1">公平秤<input type="radio" name="v" value="2">免费检定
    <input type="submit" value="投票"></form>"""
    page = f"""<body><h1>东江市举行世界计量日纪念活动</h1><div class="info">发布时间：2024-05-20 来源：本站</div>
    <div class="content">{text}{poll}</div></body>"""
    assert _article(page).paragraphs == [
        "5月20日上午，以“计量与可持续发展”为主题的世界计量日纪念活动在东江市举行，三百余名代表参加了活动。",
        "会上发布了计量惠民服务十项举措，内容涵盖集贸市场公平秤设置和民用“三表”免费检定等方面。",
    ]
    wrapped = page.replace("<body>", '<body><form id="Form1" action="Default.aspx" method="post">').replace(
        "</body>", '<input type="checkbox" name="remember">记住我</form></body>'
    ).replace(poll, "")
    assert len(_article(wrapped).paragraphs) == 2


def test_a_frameset_says_its_text_is_in_its_frames():
    # An old site's article page as a frameset: no record, and a reason that says why.
    html = """<html><head><title>关于计量器具检定的通知</title></head><frameset rows="80,*">
    <frame src="/top.html"><frame src="/biaozhun/2090.html"></frameset></html>"""
    failure = _article(html)
    assert isinstance(failure, ExtractionFailure)
    assert failure.reason == "the page is a frameset: its text is in its frames (/top.html, /biaozhun/2090.html), not read"


def test_a_page_a_script_sends_on_says_so():
    # A page with no text whose script sends the reader on: no record, and the reason names
    # where to (the crawl runs no script: the assembly follows it to an article, test_assemble.py).
    for html, to in [
        ('<html><head><script>window.location.href = "/biaozhun/2080.html";</script></head><body></body></html>', "/biaozhun/2080.html"),
        ("<html><body><script>location.replace('/a/1.html')</script></body></html>", "/a/1.html"),
    ]:
        failure = _article(html)
        assert isinstance(failure, ExtractionFailure)
        assert failure.reason == f"the page sends the reader on by a script (to {to})"


def test_a_floor_named_before_its_date_is_no_poster():
    # phpwind and Discuz! print the floor beside the post's date: 楼主 发表于: 2024-05-18 16:45.
    from metrology_spider.extract import _poster

    for floor in ("楼主", "沙发", "板凳", "2楼", "#3"):
        assert _poster([f"{floor} 发表于: 2024-05-18 16:45"]) is None, floor
    assert _poster(["量具老张 发表于 2024-05-18 16:45"]) == "量具老张"


def test_a_forums_read_permission_message_says_the_text_is_behind_a_login():
    # Discuz!'s 抱歉，本帖要求阅读权限高于 30 才能浏览 at the thread's URL: the reason says so
    # (it said the article ended before any text).
    url = "http://bbs.jlxs-dz-example.cn/thread-1017-1-1.html"
    page = FIXTURES / "shapes" / "neg-discuz-read-permission.html"
    failure = parse_article(page_selector(response_for(page, url)), url)
    assert isinstance(failure, ExtractionFailure)
    assert failure.reason == "the article's text is behind a login", failure.reason


def test_amp_players_fallback_text_is_not_read():
    # <amp-video> and <amp-iframe> hold the words a browser without them shows.
    html = (
        "<html><body><p>第一段正文，内容足够长，讲的是计量检定的事情。</p><amp-video src='/v.mp4'>"
        "<div fallback>您的浏览器不支持HTML5视频播放。</div></amp-video><amp-iframe src='/x'>"
        "<div placeholder>点击查看更多</div></amp-iframe><p>第二段。</p></body></html>"
    )
    texts = _line_texts(html)
    assert texts == ["第一段正文，内容足够长，讲的是计量检定的事情。", "第二段。"]


def test_a_run_of_thousands_of_digits_is_no_id_and_no_count():
    """Python refuses int() of more than 4,300 digits (a ValueError): a URL or a count
    script of such a run is no id (the URL's hash stands in) and no count."""
    url = "http://www.example.cn/news/2024/" + "9" * 4400 + ".html"
    assert article_id(url) is None and record_id(url) == record_id(url) > 0
    assert parse_view_count("document.write('" + "9" * 4400 + "');") is None
    parse_view_count("1," + ",".join(["234"] * 2000))  # (no ValueError)
    assert parse_view_count("document.write('8309');") == 8309 and parse_view_count("1,234,567") == 1234567


_HOSTILE_BODY = "".join(f"<p>计量是实现单位统一、保障量值准确可靠的活动，第{i}段正文内容。</p>" for i in range(20))
_HOSTILE_ARTICLE = (
    "<html><head><title>计量新闻标题_中国计量网</title>{head}</head><body>{before}<h1>计量新闻标题</h1>"
    '<div class="info">发布时间：2024-05-20 10:15 来源：中国计量报</div><div class="content">{body}</div>{after}</body></html>'
)


@pytest.mark.parametrize(
    "parts",
    [
        # a PubDate repeating its date 40,000 times (each date found checked against all before)
        {"head": '<meta name="PubDate" content="{}">'.format("2024年5月20日 " * 40000)},
        # 2,000 nested headlines, each holding the text of all inside it (12 s and 2 GB)
        {"after": '<div>{}</div>'.format(('<span itemprop="headline">' + "x" * 1000) * 2000 + "</span>" * 2000)},
        # 3,000 unclosed <font>s in a sidebar before the article: libxml2 stops at 2,048 levels
        # and ended the document there (the article lost: "no date")
        {"before": "<div>" + "<font color=red>热点" * 3000 + "</div>"},
        # 20,000 <time>s under 2,000 nested boxes, each walked to the top
        {"after": '<div class="box">' * 2000 + '<time datetime="2024-05-20">x</time>' * 20000 + "</div>" * 2000},
    ],
)
def test_a_hostile_article_page_is_read_whole_in_linear_time(parts):
    html = _HOSTILE_ARTICLE.format(head=parts.get("head", ""), before=parts.get("before", ""), body=_HOSTILE_BODY, after=parts.get("after", ""))
    with time_limit(10):  # linear: a fraction of a second
        reading = read_page(html, "http://www.example.cn/news/2024/12345.html", True)
    assert reading.extraction.result and reading.extraction.result.date == date(2024, 5, 20)


def test_a_hex_token_is_no_id():
    """市场监管总局's art_<32 hex>.html: its digits are no number (two articles whose tokens
    share a run would share an id); the URL's hash stands in."""
    one = "http://www.samr.gov.cn/jls/tzgg/art/2024/art_0a1b2c3d4e5f60718293a4b5c6d7e8f9.html"
    two = "http://www.samr.gov.cn/jls/tzgg/art/2024/art_9f9e9d9c9b9a60718293f1f2f3f4f5f6.html"
    assert article_id(one) is None and record_id(one) != record_id(two)
    assert article_id("http://www.example.gov.cn/art/2024/5/13/art_1023_45602.html") == 45602


def test_yuelan_counts_are_views():
    for line in ("阅览次数：356", "被阅览数：356 次", "阅览数：356"):
        html = f"""<html><body><h1>我院举办计量术语专题讲座</h1><p>发布时间：2005-08-03 {line}</p>
        <div><p>我院于8月2日举办《通用计量术语及定义》专题讲座，全院技术人员参加了学习。</p></div></body></html>"""
        assert extract_page(Selector(text=html), "http://www.example.cn/News_View.asp?NewsID=105").result.views == 356


def test_a_mirror_s_proxy_link_has_its_target_s_id():
    url = "http://proxy.jlmirror.test/go/?url=http%3A%2F%2Fwww.chinajl.com.cn%2Fjiliangyuzhiliang%2F65001.html"
    assert article_id(url) == record_id(url) == 65001
    assert article_id("http://proxy.jlmirror.test/go/?url=http://www.chinajl.com.cn/jiliangyuzhiliang/65010.html") == 65010


def _line_texts(html: str) -> list[str]:
    """The lines a reader sees on a page (the line walk's texts)."""
    return [line.text for line in PageLines(Selector(text=html).root).lines]


def test_superscripts_and_subscripts_of_digits_are_unicodes_own():
    # A metrology text's exponents and formulas: flattened, 10<sup>-6</sup> read 10-6 and
    # 10<sup>6</sup> read 10 6 (two numbers side by side). Others are read as written.
    html = (
        "<html><body><p>不确定度为1.5×10<sup>6</sup>，漂移5×10<sup> -8 </sup>，体积20 m<sup>3</sup>，"
        "Ca<sup>2+</sup>离子，CO<sub>2</sub>和H<sub>2</sub>O，常数K<sub>J</sub>，文献<sup>[1]</sup>，"
        "<sup><b>2</b></sup>号。</p><p>时间<span>09:30</span><span>2345次阅读</span></p></body></html>"
    )
    texts = _line_texts(html)
    assert texts == [
        "不确定度为1.5×10⁶，漂移5×10⁻⁸，体积20 m³，Ca²⁺离子，CO₂和H₂O，常数KJ，文献[1]，2号。",
        "时间09:30 2345次阅读",
    ]


def test_a_number_split_over_elements_is_one_unless_a_side_is_a_time_or_date():
    # Word splits a number over its runs, <font> soup and keyword links too; two numbers side by
    # side are two values where one is a whole time or date (a meta line, a calendar badge).
    html = (
        "<html><body><p class=MsoNormal><span lang=EN-US>0.0</span><span lang=EN-US>2 mm</span>，共"
        "<span lang=EN-US>1</span><span lang=EN-US>28</span>台。</p><td>依据<span>JJG 5</span><span>2</span>—2013</td>"
        "<p>罚款 <a class=keylink href=/tag/3>3</a>0000 元</p>"
        "<p>发布时间：<span>2024-05-20</span><span>10:00</span><span>2345</span>次阅读</p>"
        "<p><b>26</b><span>2024-05</span></p><p><span>2024-05</span><b>16</b></p><p>2024-1<b>2</b></p></body></html>"
    )
    texts = _line_texts(html)
    assert texts == [
        "0.02 mm，共128台。", "依据JJG 52—2013", "罚款 30000 元", "发布时间：2024-05-20 10:00 2345次阅读", "26 2024-05",
        "2024-05 16", "2024-12",
    ]  # fmt: skip


_BADGE_PAGE = """<html><head><title>新一代压力校验仪发布_衡准仪器</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻中心</a></div>
<div class="news-head">{badge}<div class="news-title"><h1>新一代压力校验仪发布</h1>
<p class="news-meta"><span>技术部</span> <span>533</span></p></div></div>
<div class="news-body"><p>本月，公司在苏州举行新品发布会，推出新一代智能压力校验仪，近百位用户代表参加。</p>
<p>新产品准确度达到0.02级，内置电动造压模块，可在不接外部气源的情况下完成自动校验。</p></div>
<div class="foot">版权所有 衡准仪器有限公司</div></body></html>"""


@pytest.mark.parametrize(
    "badge",
    [
        '<div class="news-date"><b>27</b><span>2024-03</span></div>',  # (the day above, inline)
        '<div class="news-date"><h3>27</h3><p>2024-03</p></div>',  # (Bootstrap's: the day and month in blocks)
        '<div class="p_date"><p>2024-03</p><span>27</span></div>',  # (中企动力's: the year and month first)
        '<div class="p_date"><span>2024-03</span><b>27</b></div>',  # (the year and month first, inline)
        '<div class="date"><div>2024.03</div><div>27</div></div>',
    ],
)
def test_a_calendar_badge_is_read_in_the_shapes_templates_write_it(badge):
    article = _article(_BADGE_PAGE.format(badge=badge), "http://www.hengzhun.test/news/201.html")
    assert article and article.date == date(2024, 3, 27) and article.published_at is None


@pytest.mark.parametrize(
    "cells", ["<tr><td>27</td><td>2024-03</td></tr>", "<tr><td>27</td></tr><tr><td>2024-03</td></tr>"]
)
def test_a_day_and_a_month_in_cells_of_a_table_are_no_badge(cells):
    html = _BADGE_PAGE.format(badge=f"<table>{cells}</table>")
    assert isinstance(_article(html, "http://www.hengzhun.test/news/201.html"), ExtractionFailure)


def test_a_formulas_copy_for_screen_readers_and_its_tex_are_not_read():
    # MathJax 2 and KaTeX keep a MathML copy of each formula out of sight by a style sheet the
    # page links (KaTeX's holds the TeX too); MathJax 3's <mjx-assistive-mml> is its only text.
    html = (
        "<html><body><p>由欧姆定律 <span class=mjx-chtml><span class=mjx-math aria-hidden=true>R=U/I</span>"
        "<span class=MJX_Assistive_MathML><math><mi>R</mi><mo>=</mo><mi>U</mi><mo>/</mo><mi>I</mi></math></span></span>"
        " 可知，密度 <span class=katex><span class=katex-mathml><math><semantics><mrow><mi>ρ</mi></mrow>"
        "<annotation encoding='application/x-tex'>\\rho</annotation></semantics></math></span>"
        "<span class=katex-html aria-hidden=true>ρ</span></span>，包含因子 <mjx-container><mjx-math aria-hidden=true>"
        "</mjx-math><mjx-assistive-mml><math><mi>k</mi><mo>=</mo><mn>2</mn></math></mjx-assistive-mml></mjx-container>。"
        "</p></body></html>"
    )
    texts = _line_texts(html)
    assert texts == ["由欧姆定律 R=U/I 可知，密度 ρ，包含因子 k=2。"]


def test_each_line_of_a_pre_is_a_line():
    html = (
        "<html><body><p>示例：</p><pre>\nimport statistics\nx = [<b>20.012</b>, 20.015]\n\n"
        "print(statistics.stdev(x))</pre><pre style='display:none'>甲\n乙</pre><p>后</p>"
        "<pre><code>0 25.12\n1 25.10</code></pre></body></html>"
    )
    texts = _line_texts(html)
    assert texts == [
        "示例：", "import statistics", "x = [20.012, 20.015]", "print(statistics.stdev(x))", "后", "0 25.12", "1 25.10"
    ]


_WIDGET_PAGE = """<body><div class="box"><h1>区计量所开展电子计价秤专项检查</h1>
<div class="info"><span>发布时间：2024-05-22 10:45</span> <span>作者：王明</span> <span>来源：区计量所</span> {meta}</div></div>
<div class="text">{before}<p>区计量所近日对辖区农贸市场的电子计价秤开展专项检查，共检查计价秤一百二十台。</p>
<p>检查发现问题计价秤三台，已责令经营者停止使用并送检。</p>{after}</div></body>"""
_WIDGET_TEXT = ["区计量所近日对辖区农贸市场的电子计价秤开展专项检查，共检查计价秤一百二十台。", "检查发现问题计价秤三台，已责令经营者停止使用并送检。"]


@pytest.mark.parametrize(
    "meta",
    [
        '<a href="javascript:;" class="tts-btn"><img src="/tts.png" alt="">语音播报</a>',
        "<span>朗读本文</span>", "<span>无障碍阅读</span>", "<span>视力保护色</span>", "<span>长者模式</span>",
        "<span>我要纠错</span>", "<span>收藏</span>", "<a>点赞</a><span>(12)</span>", "<span>🔊</span>",
        '<span class="dy"><a href="javascript:window.print()">打印</a></span><span class="sc"><a>收藏</a></span>',
        "<span>字数 2,360</span><span>约 8 分钟读完</span>", "<span>全文 2,360 字</span>", "<span>本文字数：2.1k</span>",
        '<span id="busuanzi_container_page_pv">本文总阅读量<span id="busuanzi_value_page_pv"></span>次</span>',
    ],
)
def test_a_widgets_words_after_a_credit_are_not_its_value(meta):
    # (the widget's words written against the source's span as well as one space after it)
    for html in (_WIDGET_PAGE.format(meta=meta, before="", after=""),
                 _WIDGET_PAGE.replace("</span> {meta}", "</span>{meta}").format(meta=meta, before="", after="")):  # fmt: skip
        article = _article(html)
        assert (article.author, article.source, article.paragraphs) == ("王明", "区计量所", _WIDGET_TEXT), meta


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<div class="readbox"><span>朗读本文：</span><audio controls src="/a.mp3">您的浏览器不支持</audio></div>', ""),
        ('<div class="tts-bar">智能朗读：<a>播放</a> <a>暂停</a></div>', ""),
        ('<div class="wp_audio_player"><span>语音播报</span><audio src="/a.mp3"></audio></div>', ""),
        ('<div class="video">播放器容器</div>', '<div class="dz"><a><img src="/dz.png"/></a><br/>已有<span>8</span>人点赞</div>'),
        ("", '<div class="helpful"><span>本文对您是否有帮助？</span><a>有帮助(12)</a>&nbsp;&nbsp;<a>没帮助(1)</a></div>'),
        ("", '<div class="ewm"><img src="/qrcode.php?url=x"/><p>微信扫一扫，分享到朋友圈</p></div><p>手机看新闻</p>'),
        ("", "<p>喜欢 (26)</p><p>如果觉得本文对您有帮助，欢迎打赏支持！</p>"),
        ("", '<p class="tags">本文标签：<a>计量器具</a> <a>型式评价</a></p>'),
        ("", '<p>阅读量：<span id="views"></span></p><p>视频加载中...</p>'),
    ],
)
def test_a_widgets_words_inside_the_text_are_not_the_text(before, after):
    assert _article(_WIDGET_PAGE.format(meta="", before=before, after=after)).paragraphs == _WIDGET_TEXT


@pytest.mark.parametrize(
    "counter",
    [
        '<span class="leancloud_visitors"><em>阅读量 </em><i class="leancloud-visitors-count">0</i></span>',
        '<span>阅读量 <span class="waline-pageview-count" data-path="/post/10.html">0</span></span>',
        '<span>阅读 <span id="busuanzi_value_page_pv">0</span></span>',
        '<span>阅读 <span id="twikoo_visitors">0</span></span>',
    ],
)
def test_a_blog_counters_placeholder_zero_is_no_count(counter):
    article = _article(_WIDGET_PAGE.format(meta=counter, before="", after=""))
    assert (article.views, article.author, article.source) == (None, "王明", "区计量所")
    # (the same count written by the page itself is one)
    assert _article(_WIDGET_PAGE.format(meta="<span>阅读 0</span>", before="", after="")).views == 0


def test_a_count_in_brackets_after_a_space_and_hong_kongs_colons_are_read():
    html = _WIDGET_PAGE.format(meta='<span class="post-views"> 阅读 (1,024)</span>', before="", after="")
    assert _article(html).views == 1024
    hk = html.replace("作者：王明", "文﹕王明").replace("来源：区计量所", "來源︰区计量所")
    article = _article(hk)
    assert (article.author, article.source, article.views) == ("王明", "区计量所", 1024)


@pytest.mark.parametrize(
    "meta",
    [
        '<span class="author">作者：王明</span> <span class="view">浏览 56</span> <span class="zan">点赞 12</span>',
        '<span class="author">作者：王明</span> <span class="view">浏览 56</span> <span class="zan">赞 12</span>',
        '<span class="author">作者：王明</span> <span class="view">浏览 56</span> <span class="zan">喜欢 (3)</span>',
        "<span>作者：王明</span><span>阅读 56</span><span>点赞 12</span>",
    ],
)
def test_a_like_count_after_the_view_count_is_not_it(meta):
    article = _article(_WIDGET_PAGE.replace("<span>作者：王明</span> ", "").format(meta=meta, before="", after=""))
    assert (article.views, article.author, article.source) == (56, "王明", "区计量所")


def test_a_paywalls_teaser_is_no_article():
    for wall in ('<div class="paywall-prompt"><p>此文章为早报订户专享</p><p>订阅配套每月只需9.90元，即可无限阅读早报全部内容。</p></div>',
                 '<aside class="gh-post-upgrade-cta"><h2>此文章仅限付费订阅者阅读</h2><a href="/#/portal">立即订阅</a></aside>'):  # fmt: skip
        failure = _article(_WIDGET_PAGE.format(meta="", before="", after=wall))
        assert isinstance(failure, ExtractionFailure) and "behind a login" in failure.reason


@pytest.mark.parametrize(
    "after",
    [
        '<div class="video-box"><p>▼ 觀看影片 ▼</p><iframe src="/v"></iframe></div>',
        '<p class="before_ir">☆自由時報電子報提醒您：請遵守法律規定，切勿以身試法☆</p>',
        '<p>（編輯：林淑媛）1130520</p>',
        "<p>翻译：王相宜</p>",
        '<figure><img src="/a.jpg"><figcaption><span class="vh">图像加注文字，</span>导航卫星上的原子钟需要定期校准。</figcaption></figure>',
    ],
)
def test_prompts_notices_editor_lines_and_labels_for_screen_readers_are_not_the_text(after):
    style = "<style>.vh{clip:rect(0 0 0 0);clip-path:inset(50%);height:1px;overflow:hidden;position:absolute;width:1px}</style>"
    paragraphs = _article(style + _WIDGET_PAGE.format(meta="", before="", after=after)).paragraphs
    assert paragraphs[:2] == _WIDGET_TEXT
    assert paragraphs[2:] in ([], ["导航卫星上的原子钟需要定期校准。"])


@pytest.mark.parametrize(
    ("meta", "author", "views"),
    [
        # lucide's and a sprite's icons drawn in <svg>; a dot in its own span before a count
        ('<span>作者：刘洋</span><span class="dot">·</span><span><svg class="lucide lucide-eye" viewBox="0 0 24 24">'
         '<path d="M1 1"/></svg>1,286</span>', "刘洋", 1286),
        ('<span><svg class="Icon_icon__7hTq2"><use href="#icon-user"></use></svg>陈静</span> '
         '<span><svg class="Icon_icon__7hTq2"><use xlink:href="#icon-eye"></use></svg>2,048</span>', "陈静", 2048),
        ('<span class="page-author-info" aria-label="作者"><svg class="icon author-icon" name="author"><path d="M1 1"/>'
         '</svg><span><span class="page-author-item">王工</span></span></span>', "王工", None),
    ],
)
def test_icons_drawn_in_svg_label_the_author_and_views(meta, author, views):
    html = _WIDGET_PAGE.replace("<span>作者：王明</span> ", "").format(meta=meta, before="", after="")
    article = _article(html)
    assert (article.author, article.views) == (author, views)


def test_a_themes_licence_box_and_an_images_preview_mask_are_not_the_text():
    after = """<div class="ant-image"><img class="ant-image-img" src="/a.jpg"><div class="ant-image-mask">
    <div class="ant-image-mask-info"><span class="anticon anticon-eye"></span>预览</div></div></div>
    <div class="license-box my-3"><div class="license-title"><div>区计量所开展电子计价秤专项检查</div>
    <div>http://www.chinajl.com.cn/jiliangyuzhiliang/1.html</div></div><div class="license-meta">
    <div class="license-meta-item"><div>作者</div><div>王明</div></div></div></div>"""
    assert _article(_WIDGET_PAGE.format(meta="", before="", after=after)).paragraphs == _WIDGET_TEXT


def test_the_byline_and_date_under_a_standfirst_are_read():
    # 德国之声's old template: the headline, its intro, then the details list (日期 20.05.2024).
    html = """<body><div class="col"><h1>德国计量院推出新一代光钟</h1><p class="intro">德国科学家研制的光钟误差极小，可能成为“秒”的新定义的基础。</p>
    <ul class="smallList"><li><strong>日期</strong> 20.05.2024</li><li><strong>作者</strong> 文山</li>
    <li><strong>相关主题</strong> <a href="/zh/t-1">德国</a></li></ul>
    <div class="longText"><p>位于不伦瑞克的德国联邦物理技术研究院周一宣布，其研制的新一代锶光晶格钟已连续运行一年，误差不超过十的负十八次方。</p>
    <p>研究院院长表示，光钟的精度已比目前用于定义秒的铯原子钟高出约一百倍。</p></div></div>
    <div class="side"><p>热门：<span>2024年5月18日</span></p></div></body>"""
    article = _article(html, "http://www.dw.example/zh/x/a-69123456")
    assert (article.date.isoformat(), article.author) == ("2024-05-20", "文山")
    assert article.paragraphs[-1] == "研究院院长表示，光钟的精度已比目前用于定义秒的铯原子钟高出约一百倍。"


def test_an_image_credit_in_a_caption_is_no_meta_line():
    # 星島's caption and its 圖片來源 above the text: the caption and the text both kept.
    html = """<body><div class="box"><h1>海关抽查街市电子磅</h1><div class="date">发布时间：2024-05-20 10:00</div></div>
    <div class="article-content"><figure><img src="/a.jpg"><figcaption>海关人员在街市检查电子磅。<br>图片来源：政府新闻处</figcaption>
    </figure><p>香港海关今日公布，本月抽查街市电子磅三百台，其中十二台不准确，已检控有关商户。</p>
    <p>海关提醒市民，如怀疑电子磅不准确，可致电海关热线举报。</p></div></body>"""
    article = _article(html)
    assert article.paragraphs[-2:] == ["香港海关今日公布，本月抽查街市电子磅三百台，其中十二台不准确，已检控有关商户。", "海关提醒市民，如怀疑电子磅不准确，可致电海关热线举报。"]
    assert "海关人员在街市检查电子磅。" in article.paragraphs and article.source is None


def test_a_photographers_credit_is_not_the_byline():
    # 自由時報: the photo above the text credits its photographer (（記者張嘉明攝）), the text's
    # own byline under it names the reporters.
    html = """<body><div class="box"><h1>标检局抽查加油枪计量准确度</h1><div class="time">2024/05/20 10:30</div></div>
    <div class="text"><div class="photo"><img src="/a.jpg"><p>检验人员以标准量器检查加油枪的计量准确度。（記者張嘉明攝）</p></div>
    <p>〔記者王小明、李大華／台北報導〕经济部标准检验局今日公布加油枪计量抽查结果，合格率达百分之九十八。</p>
    <p>标检局表示，不合格的加油枪已要求业者限期改善。</p></div></body>"""
    assert _article(html).author == "王小明、李大華"
    # (a photographer's credit alone names no author)
    assert _article(html.replace("〔記者王小明、李大華／台北報導〕", "")).author is None


def test_an_update_time_alone_under_the_publication_line_is_not_the_text():
    # 香港01: 出版：<time> and, in a block of its own under it, 更新：<time>.
    html = """<body><div class="box"><h1>机电署抽查的士咪表</h1><div class="times"><div class="publish-time"><span>出版：</span>
    <time datetime="2024-05-20T15:30:00+08:00">2024-05-20 15:30</time></div><div class="update-time"><span>更新：</span>
    <time datetime="2024-05-20T18:02:00+08:00">2024-05-20 18:02</time></div></div></div>
    <div class="text"><p>机电工程署今日公布，上月抽查的士咪表三百部，其中三部走快，已票控有关车主。</p>
    <p>机电署提醒乘客，如怀疑咪表不准，可记下车牌向署方举报。</p></div></body>"""
    article = _article(html)
    assert article.paragraphs == ["机电工程署今日公布，上月抽查的士咪表三百部，其中三部走快，已票控有关车主。", "机电署提醒乘客，如怀疑咪表不准，可记下车牌向署方举报。"]
    assert (article.date.isoformat(), article.published_at.hour) == ("2024-05-20", 15)


# --- the twenty-first round of probes: blog platforms' and themes' own markup ---


@pytest.mark.parametrize(
    ("meta", "views"),
    [
        # 简书's spans side by side: the word count's number is not the views' (字数 980阅读 88)
        ("<span>字数 980</span><span>阅读 88</span>", 88),
        ("<span>评论 3</span><span>阅读 56</span>", 56),
        ("<span>151 阅读</span> <span>0 评论</span>", 151),
        # a minified theme's fields set apart by slashes, no space (Joe's …/1,286 阅读/9 点赞)
        ("<span>3 评论</span><span>/</span><span>1,286 阅读</span><span>/</span><span>9 点赞</span>", 1286),
        # a date's slash is still a date's (2024/05/20阅读: no count)
        ("<span>2024/05/20</span><span>阅读</span>", None),
    ],
)
def test_a_count_belongs_to_the_word_it_stands_by(meta, views):
    html = _WIDGET_PAGE.format(meta=meta, before="", after="")
    article = _article(html)
    assert (article.views, article.author, article.source) == (views, "王明", "区计量所"), meta


_BLOG_POST = """<html><body><div id="header"><h1><a href="/lab/">计量实验室手记</a></h1></div>
<div class="post"><h1 class="postTitle"><a href="/lab/p/18203456.html"><span>天平日常核查的三个步骤</span></a></h1>
<div class="postBody"><div id="cnblogs_post_body"><p>电子天平在每天使用前都应进行日常核查，核查内容包括水平、零点和示值。</p>
<p>示值核查一般选用接近常用称量的砝码，记录示值与砝码标称值之差。</p>
<div id="MySignature"><p>作者：<a href="/lab/">李工</a></p><p>出处：<a href="/lab/">{site}/lab/</a></p>
<p>本文版权归作者所有，欢迎转载，但请保留此段声明。</p></div></div>
<div id="blog_post_info_block"><div id="BlogPostCategory">分类: <a href="/lab/category/1.html">质量管理</a></div>
<div id="blog_post_info"><div id="green_channel"><a>好文要顶</a> <a>关注我</a> <a>收藏该文</a></div>
<div id="author_profile"><div class="author_profile_info"><a href="/lab/">李工</a></div>
<div class="author_profile_info"><a>粉丝 - 86</a> <a>关注 - 4</a></div></div><div class="follow-tip"><a>+加关注</a></div>
<div id="div_digg"><div class="diggit">5</div><div class="buryit">0</div></div></div>
<div id="post_next_prev">« 上一篇： <a href="/lab/p/18190022.html">量块的清洗与保养</a></div></div>
<div class="postDesc">posted @ <span id="post-date">2024-05-20 10:21</span>&nbsp;<a href="/lab/">李工</a>&nbsp;阅读(<span>123</span>)&nbsp;评论(<span>1</span>)&nbsp;<a>编辑</a>&nbsp;<a>收藏</a>&nbsp;<a>举报</a></div>
</div></div><div id="comment_form"><div class="feedback_area_title">评论列表</div>
<div class="feedbackListSubtitle">#1楼 2024-05-21 09:13 小周</div><p>谢谢，很实用。</p></div></body></html>"""


def test_a_saved_blog_posts_line_under_its_widgets_is_read_and_its_own_address_is_no_source():
    # cnblogs' saved page: the post's category, buttons, author card and like counts stand
    # between the text and its posted @ line; the signature's 出处 is the blog's own address.
    site = "http://blog.example.com"
    article = _article(_BLOG_POST.format(site=site), f"{site}/lab/p/18203456.html")
    assert (article.date, article.published_at.strftime("%H:%M"), article.author, article.views) == (
        date(2024, 5, 20), "10:21", "李工", 123,
    )  # fmt: skip
    assert article.source is None
    assert article.paragraphs[:2] == [
        "电子天平在每天使用前都应进行日常核查，核查内容包括水平、零点和示值。",
        "示值核查一般选用接近常用称量的砝码，记录示值与砝码标称值之差。",
    ]
    # (another site's address is a source all the same)
    other = _article(_BLOG_POST.format(site="http://www.other-lab.example"), f"{site}/lab/p/18203456.html")
    assert other.source == "http://www.other-lab.example/lab/"


def test_the_lines_after_the_text_stop_at_the_comments_heading():
    # 掘金's page: the author's card after the comments' heading counts the author's readers
    # (文章被阅读 23,456), not the post's.
    html = (
        "<html><body><h1>万用表自动采集的超时问题</h1><div class='meta'><span>计量码农</span> <time>2024-05-10 07:40</time></div>"
        "<article><p>用程序驱动数字多用表采集电压时，读取常常超时，原因在于积分时间设置得过长。</p>"
        "<p>把超时时间调到五秒后问题解决，采集稳定。</p></article>"
        "<div>分类：</div><div><a>后端</a></div><div>标签：</div><div><a>Python</a></div>"
        "<div class='title'>评论 2</div><div class='info'><a>计量码农</a></div><div>计量工程师</div>"
        "<div class='stat'>文章被阅读 23,456</div></body></html>"
    )
    article = _article(html, "http://juejin.example/post/7367777777777777777")
    assert (article.date, article.views) == (date(2024, 5, 10), None)


def test_an_edited_posts_byline_keeps_its_author():
    # CSDN writes 已于 <time> 修改 in place of 于 <time> 发布 once a post is edited.
    for words in ("于&nbsp;2024-05-12 08:00:00&nbsp;发布", "已于&nbsp;2024-05-22 09:00:00&nbsp;修改"):
        html = (
            "<html><body><h1 class='title-article'>校准管理软件选型的几点体会</h1><div class='bar-content'>"
            f"<a class='follow-nickName' href='/lab_wang'>软件小王</a> <span class='time'>{words}</span></div>"
            "<div class='up-time'>于 2024-05-12 08:00 首次发布</div>"
            "<article><p>选型前应先梳理本单位的计量管理流程，明确哪些环节必须由软件完成。</p>"
            "<p>再请供应商到现场演示，避免买来的软件与需求脱节。</p></article></body></html>"
        )
        article = _article(html, "http://blog.example.net/lab_wang/article/details/138990777")
        assert (article.author, article.date) == ("软件小王", date(2024, 5, 12)), words


def test_a_themes_bread_list_is_the_breadcrumb_and_its_overdue_notice_no_text():
    # Halo's and Typecho's Joe theme: ul.joe_bread__bread (首页 / 计量技术 / 正文), and its
    # 温馨提示：本文最后更新于…，若内容或图片失效… box above the text.
    html = (
        "<html><body><div class='joe_bread'><ul class='joe_bread__bread'><li class='item'><a href='/'>首页</a></li>"
        "<li class='line'>/</li><li class='item'><a href='/categories/tech'>计量技术</a></li><li class='line'>/</li>"
        "<li class='item'>正文</li></ul></div><h1 class='joe_detail__title'>热电偶冷端补偿的做法</h1>"
        "<div class='meta'><span>2024-05-20</span> <span>· 412 阅读</span></div>"
        "<div class='joe_detail__overdue'><div class='title'><span>温馨提示：</span></div>"
        "<div class='content'>本文最后更新于2024-05-22，若内容或图片失效，请留言反馈。</div></div>"
        "<article><p>热电偶测量的是测量端与参考端之间的温差，参考端温度变化会带来误差。</p>"
        "<p>常用的补偿办法有冰点槽法和补偿导线法。</p></article></body></html>"
    )
    article = _article(html, "http://blog.example.org/archives/thermocouple-cjc")
    assert article.category == ["计量技术"]
    assert article.paragraphs == ["热电偶测量的是测量端与参考端之间的温差，参考端温度变化会带来误差。", "常用的补偿办法有冰点槽法和补偿导线法。"]
    assert article.views == 412


# --- the twenty-first round: news apps, e-papers, journals and institutions ---


def _news(meta: str = "", before: str = "", after: str = "", url: str = "http://news.example.cn/article/11234567.html"):
    html = (
        "<html><body><h1>充电桩计量监管跟上了吗</h1>"
        f"<div class='meta'>{meta or '<span>2024-05-20 10:21</span> <span>来源：区计量所</span>'}</div>"
        f"<div class='article-content'>{before}<p>近期，多地消费者反映部分充电桩计费电量与车辆显示不一致，计量问题受到关注。</p>"
        f"<p>市场监管部门表示，将把充电桩纳入强制检定目录，开展专项检查。</p>{after}</div></body></html>"
    )
    return _article(html, url)


_NEWS_TEXT = ["近期，多地消费者反映部分充电桩计费电量与车辆显示不一致，计量问题受到关注。", "市场监管部门表示，将把充电桩纳入强制检定目录，开展专项检查。"]


@pytest.mark.parametrize(
    "wall",
    [
        "<div class='vip-guide'><p>剩余85%内容为界面VIP会员专享</p><p><a href='/vip/buy'>开通VIP会员 解锁全文</a></p></div>",
        "<p class='cons'>您已阅读24%（586字），剩余76%（1855字）包含更多重要信息，订阅以继续阅读</p><a>订阅财新通</a> <a>已订阅用户请登录</a>",
    ],
)
def test_an_outlets_paywall_in_its_own_words_is_no_article(wall):
    failure = _news(after=wall)
    assert isinstance(failure, ExtractionFailure) and "behind a login" in failure.reason


def test_credits_in_an_outlets_own_shapes():
    # 界面's 记者 | 甲; 财新's 责任编辑：甲 | 版面编辑：乙 and its copyright notice; an e-paper's
    # 本报通讯员 张 帆 (a name of two characters padded to three).
    article = _news(before="<p>记者 | 陈茜</p><p>编辑 | 刘海川</p>")
    assert article.author == "陈茜"
    article = _news(
        after="<p class='editor'>责任编辑：何书 | 版面编辑：钟毅</p><p>本网所刊载内容之知识产权为本网专属所有。未经许可，禁止进行转载、摘编、复制及建立镜像等任何使用。</p>"
    )
    assert article.paragraphs == _NEWS_TEXT
    assert _news(before="<p>本报通讯员 张 帆</p>").author == "张帆"
    assert _news(before="<p>本报记者 刘晓明 通讯员 陈 静</p>").author == "刘晓明"


def test_a_source_glued_to_the_reporters_span_and_the_update_after_the_publication():
    # 澳門日報's spans side by side: 來源：澳門日報</span><span>記者 陳嘉豪; its time line with
    # the update's labelled after the publication's unlabelled one.
    article = _news(meta="<span>2024年5月20日 09:30</span> <span class='source'>来源：澳门日报</span><span class='reporter'>记者 陈嘉豪</span>")
    assert (article.source, article.author) == ("澳门日报", "陈嘉豪")
    article = _news(meta="<span class='time'>澳門時間 2024年5月18日 09:30</span> ｜ <span>更新時間：2024年5月18日 18:05</span>")
    assert (article.date, article.published_at.strftime("%H:%M")) == (date(2024, 5, 18), "09:30")


@pytest.mark.parametrize(
    "line",
    [
        "<div class='readAll'><p>打开APP阅读全文</p></div>",
        "<div class='open-app-btn'>打开腾讯新闻，阅读体验更佳</div>",
        "<div id='player_0'></div><p class='video-tip'>您的浏览器不支持视频播放，请使用Chrome等浏览器观看</p>",
    ],
)
def test_an_apps_prompt_and_a_players_fallback_are_no_text(line):
    assert _news(after=line).paragraphs == _NEWS_TEXT


@pytest.mark.parametrize(
    ("meta", "views"),
    [
        ("<span>发布时间：2024-05-20</span>　<span>浏览数：<em>77</em></span>", 77),
        ("<span><i class='iconfont icon-shijian'></i> 2024-05-20</span><span><i class='iconfont icon-liulan'></i> 1024</span>", 1024),
        ("<span><i class='iconfont icon-shijian'></i> 2024-05-20</span><span><i class='iconfont icon-yanjing'></i> 356</span>", 356),
    ],
)
def test_a_company_sites_view_counts(meta, views):
    assert _news(meta=meta).views == views


_PAPER = """<html><body><h1 class="ptitle">电子天平偏载误差的快速检测方法研究</h1>
<table class="meta"><tr><td class="lab">作者：</td><td>陈思远<sup>1</sup>，刘洋<sup>1,2</sup>，李强<sup>*</sup></td></tr>
<tr><td class="lab">单位：</td><td>1. 东江省计量测试研究院，东阳 310000；2. 东阳精测仪器有限公司，东阳 322100</td></tr>
<tr><td class="lab">发布日期：</td><td>2024-05-22</td></tr><tr><td class="lab">点击次数：</td><td>415</td></tr></table>
<p>摘要：提出了一种利用四角同步加载的电子天平偏载误差快速检测方法，并与传统逐点加载方法进行了比对。</p>
<p>偏载误差是电子天平检定的重要项目之一，传统方法需逐点加载砝码，耗时较长。</p></body></html>"""


def test_a_journal_papers_meta_table_and_its_authors_marks():
    # A Magtech paper page: an affiliation row (单位：1. …；2. …) in the meta table above 发布日期,
    # the authors' <sup> marks to their affiliations.
    article = _article(_PAPER, "http://journal.example.cn/CN/Y2024/V45/I5/606")
    assert (article.date, article.views, article.author) == (date(2024, 5, 22), 415, "陈思远，刘洋，李强")
    # (its id is no first page, which the next volume's papers use again)
    assert article.id != 606
    # A DOI's digits are no date: a page whose only date is in its DOI has none.
    doi = _PAPER.replace("<tr><td class=\"lab\">发布日期：</td><td>2024-05-22</td></tr>", "").replace(
        "<table", "<p>DOI：10.3969/j.issn.1000-0000.2024.05.03</p><table"
    )
    failure = _article(doi, "http://journal.example.cn/CN/Y2024/V45/I5/606")
    assert isinstance(failure, ExtractionFailure) and failure.field == "date"


def test_a_notices_attachments_under_its_closing_source_line_are_kept():
    # CNAS's layout: the text ends with 来源：认可四处, the attachments' table under it.
    html = (
        "<html><body><h1>认可委发布新版认可规则</h1><div class='date'>发布日期：2024-05-20</div>"
        "<div class='content'><p>认可委近日发布新版认可规则文件，明确了远程评审的适用条件，调整了监督评审的周期。</p>"
        "<p>新版文件自2024年9月1日起实施，各获准认可机构应在实施日期前完成体系文件的转换。</p>"
        "<p style='text-align:right'>来源：认可四处</p></div><div class='attachment'><table><tr><td colspan='2'><b>相关附件</b></td></tr>"
        "<tr><td>1</td><td><a href='/files/rl01.pdf'>认可规则 2024版.pdf</a></td></tr>"
        "<tr><td>2</td><td><a href='/files/note.docx'>修订说明.docx</a></td></tr></table></div>"
        "<div class='footer'>主办单位：认可委 京ICP备09000000号</div></body></html>"
    )
    article = _article(html, "http://www.cnas.example.cn/xwbd/2024/05/912345.shtml")
    assert article.source == "认可四处"
    assert article.paragraphs[-3:] == ["相关附件", "认可规则 2024版.pdf", "修订说明.docx"]


@pytest.mark.parametrize("headline", ["GB/T 8170—2008 数值修约规则解读", "JJF 1033－2023 计量标准考核规范解读"])
def test_a_standards_number_in_the_last_crumb_is_not_split(headline):
    # The slash of GB/T and the dash of a standard's number are no crumbs' separators
    # (VuePress theme-hope's crumbs end with the page's headline, which is dropped).
    html = (
        "<html><body><ul class='vp-breadcrumb'><li><a href='/'>首页</a></li><li><a href='/standards/'>标准解读</a></li>"
        f"<li class='is-active'><a href='/standards/x.html'><span>{headline}</span></a></li></ul>"
        f"<h1>{headline}</h1><div class='meta'><span>2024年5月20日</span></div>"
        "<div class='content'><p>该标准规定了数值修约的规则和极限数值的表示与判定方法，适用于科学技术与生产活动。</p>"
        "<p>修约间隔一经确定，修约值即为该数值的整数倍。</p></div></body></html>"
    )
    assert _article(html, "http://docs.example.org/standards/x.html").category == ["标准解读"]


def test_an_author_named_in_a_description_list_or_before_a_dot():
    # Tailwind Next.js Starter Blog: <dt class="sr-only">作者</dt><dd>…<dt class="sr-only">姓名</dt>
    # <dd>赵一鸣</dd>… (labels for screen readers only); a byline with a dot in a span of its
    # own after it (文 / 王磊<span>·</span>2024年5月18日).
    html = (
        "<html><head><style>.sr-only{position:absolute;clip:rect(0,0,0,0)}</style></head><body><article>"
        "<header><dl><dt class='sr-only'>发布于</dt><dd><time datetime='2024-05-20T03:40:00.000Z'>2024年5月20日</time></dd></dl>"
        "<h1>世界计量日当了一回讲解员</h1></header><dl><dt class='sr-only'>作者</dt><dd><ul><li><img alt='avatar' src='/a.png'/>"
        "<dl><dt class='sr-only'>姓名</dt><dd>赵一鸣</dd><dt class='sr-only'>微博</dt><dd><a href='https://weibo.example/u/1'>@计量赵工</a></dd></dl>"
        "</li></ul></dd></dl><div class='prose'><p>今年的世界计量日，我所在的计量所搞了一次实验室开放日，我接待了三批中学生。</p>"
        "<p>孩子们最感兴趣的是时间频率实验室，手机上的时间最终可以溯源到原子钟。</p></div></article></body></html>"
    )
    assert _article(html, "http://blog.example.org/blog/metrology-day/").author == "赵一鸣"
    dotted = (
        "<html><body><h1>电子计价秤作弊手法揭秘</h1><div class='meta'><span class='author'>文 / 王磊</span>"
        "<span class='dot'>·</span><span>2024年5月18日</span></div><div class='content'>"
        "<p>一些不法商贩通过改装电子计价秤的主板，让秤的示值比实际重量多出一成以上。</p>"
        "<p>市场监管部门提醒，消费者可以使用市场里的公平秤复核所购商品的重量。</p></div></body></html>"
    )
    assert _article(dotted, "http://news.example.org/article/10229/").author == "王磊"


# --- the twenty-second round: a hostile world's bytes and markup ---


def test_a_stray_end_of_the_document_inside_the_text_does_not_end_it():
    # A whole page pasted into the editor's source (a Word document saved as a web page):
    # libxml2 ended the document at its </html>, the rest of the text and the footer lost.
    html = (
        "<html><head><meta charset='utf-8'></head><body><h1>计量惠民服务月活动启动</h1><div class='info'>发布时间：2024-05-22 09:30</div>"
        "<div class='content'><p>五月二十日是世界计量日，省市场监管局当天启动为期一个月的计量惠民服务月活动。</p>"
        "<p>活动期间，各级计量技术机构将面向群众免费检定血压计和体温计。</p></body>\n</html>"
        "<p>同时，监管部门将集中开展集贸市场和加油站的计量监督检查。</p></div><div class='footer'>版权所有</div></body></html>"
    )
    article = parse_article(html_selector(html), "http://www.example.cn/jlxw/3004.html")
    assert article.paragraphs == [
        "五月二十日是世界计量日，省市场监管局当天启动为期一个月的计量惠民服务月活动。",
        "活动期间，各级计量技术机构将面向群众免费检定血压计和体温计。",
        "同时，监管部门将集中开展集贸市场和加油站的计量监督检查。",
    ]


@pytest.mark.parametrize(
    ("meta", "fields"),
    [
        ("<span>来源：消费者协会</span> <span>作\u00ad者：汪洋</span>", ("汪洋", "消费者协会", None)),
        ("<span>作者：汪洋</span> <span>浏\u200c览：209</span>", ("汪洋", None, 209)),
        ("<span>来\u200b源：消费者协会</span> <span>浏览：2\u200b09</span>", (None, "消费者协会", 209)),
        ("<span>作者：王&ensp;平</span> <span>来源：消费者协会</span>", ("王平", "消费者协会", None)),
        ("<span>作者：王\u3000平</span>", ("王平", None, None)),
    ],
)
def test_invisible_characters_and_padding_inside_labels_values_and_numbers(meta, fields):
    # Zero-width spaces, joiners and soft hyphens pasted from Word or WeChat (or put there
    # against copying), and a two-character name padded to three characters' width.
    html = (
        f"<html><body><h1>电子体温计抽检结果公布</h1><div class='info'><span>2024-05-20</span> {meta}</div>"
        "<div class='content'><p>本次抽检电子体温计三十批次，其中二十八批次合格，合格率为百分之九十三。</p>"
        "<p>不合格产品主要问题是示值误差超出允许范围。</p></div></body></html>"
    )
    article = _article(html, "http://www.example.cn/zlgz/7010.html")
    assert (article.author, article.source, article.views) == fields


# --- the twenty-second round: the portal's lookalikes, standards and instrument portals ---


def test_a_source_before_counts_and_their_icons_or_a_scripts_unit():
    # DedeCMS's Bootstrap redesign: 来源：甲 <i eye></i><script count.php></script> 次; an instrument
    # portal's counts each by its icon font: 来源：企业供稿 <i liulan></i>1,865 <i pinglun></i>12.
    meta = (
        "<span>2024-05-16</span> <i class='glyphicon glyphicon-link'></i> 来源：杭州日报 &nbsp; <i class='glyphicon glyphicon-eye-open'></i> "
        "<script src='/plus/count.php?view=yes&aid=312&mid=1' type='text/javascript'></script> 次"
    )
    assert _news(meta=meta).source == "杭州日报"
    meta = (
        "<span>2024-05-08</span> <span class='source'>来源：企业供稿</span> <span class='view'><i class='iconfont icon-liulan'></i>1,865</span>"
        " <span class='cmt'><i class='iconfont icon-pinglun'></i>12</span>"
    )
    article = _news(meta=meta)
    assert (article.source, article.views) == ("企业供稿", 1865)
    # (a sentence after the source: VuePress's tip box under the text)
    closing = _news(meta="<span>2024-05-20 10:21</span>", after="<div class='tip'><p>说明</p><p>来源：计量测试微信公众号。本站经授权转载。</p></div>")
    assert closing.source == "计量测试微信公众号"


def test_a_photo_news_of_figures_and_its_credit_is_read():
    html = (
        "<html><body><h1>组图：加油机检定现场</h1><div class='meta'>发布时间：2024-05-16 11:30 作者：郑伟</div><div class='content'>"
        "<figure><img src='/1.jpg'/><figcaption>技术人员在加油站检定加油机</figcaption></figure>"
        "<figure><img src='/2.jpg'/><figcaption>技术人员使用标准金属量器进行测量</figcaption></figure>"
        "<figure><img src='/3.jpg'/><figcaption>检定合格的加油机加贴检定合格标志</figcaption></figure>"
        "<p>（摄影：郑伟）</p></div><p>上一篇：没有了</p><p>下一篇：没有了</p></body></html>"
    )
    article = _article(html, "http://www.example.cn/xwzx/tpxw/698.html")
    assert article.paragraphs[:3] == ["技术人员在加油站检定加油机", "技术人员使用标准金属量器进行测量", "检定合格的加油机加贴检定合格标志"]


def test_pay_to_read_jumpers_summary_ads_and_heading_anchors():
    # PHPCMS v9's paid article; EmpireCMS's 本文共3页 beside its jumper; an instrument portal's
    # ad line; VuePress 2's headings, each a link to itself (markdown-it-anchor's headerLink).
    failure = _news(after="<center><a href='/index.php?m=content&c=readpoint'><font color='red'>阅读此信息需要您支付 <b><i>5 点</i></b>，点击这里支付</font></a></center>")
    assert isinstance(failure, ExtractionFailure) and "behind a login" in failure.reason
    assert _news(after="<div>本文共3页 <select onchange='location.href=this.value'><option>第1页</option></select></div>").paragraphs == _NEWS_TEXT
    assert _news(after="<div class='ad'><p>【推荐】便携式拉曼光谱仪 立即询价 &gt;&gt;</p></div>").paragraphs == _NEWS_TEXT
    attached = _news(after="<dl class='tattl'><dd><p class='attnm'><a href='/forum.php?mod=attachment&aid=1'>量块检定计算对照表.xls</a></p><p>38.5 KB, 下载次数: 142</p></dd></dl>")
    assert attached.paragraphs == [*_NEWS_TEXT, "量块检定计算对照表.xls"]
    headed = _news(
        before="<h2 id='one'><a class='header-anchor' href='#one'><span>一、充电桩也会“多收电”</span></a></h2>",
        after="<h2 id='two'>二、怎么办<a class='header-anchor' href='#two'>#</a></h2><p>消费者可向当地市场监管部门投诉举报。</p>",
    )
    assert headed.paragraphs == ["一、充电桩也会“多收电”", *_NEWS_TEXT, "二、怎么办", "消费者可向当地市场监管部门投诉举报。"]


def test_a_mirrors_crumb_is_measured_without_its_readings():
    html = (
        "<html><body><div class='place'>您當(dāng)前的位置: <a href='/'>首(shǒu)頁(yè)</a> &gt; <a href='/xinwen/'>新聞</a> &gt; "
        "<a href='/jiliangyuzhiliang/'>計(jì)量(liàng)與(yǔ)質(zhì)量(liàng)</a></div><h1>計量惠民活動啟動</h1><div class='info'>發佈時間：2024-05-20</div>"
        "<div class='content'><p>五月二十日是世界計量日，省市場監管局當天啟動計量惠民服務月活動。</p><p>活動期間免費檢定血壓計。</p></div></body></html>"
    )
    article = _article(html, "http://mirror.example.cn/jiliangyuzhiliang/64195.html")
    assert len(article.category) == 2 and article.category[1].startswith("計")


def test_a_reward_threads_best_answer_box_is_not_its_text():
    # Discuz! X3.4's reward thread: the 楼主's floor shows another member's reply in its 最佳答案
    # box (div.rwdbst) under the question; the thread's text is the question.
    html = (
        "<html><body><div id='pt'><a href='/'>论坛</a> <em>›</em> <a href='/forum-12-1.html'>问题求助</a></div>"
        "<h1 class='ts'><span id='thread_subject'>一般压力表示值超差能否直接判不合格</span></h1>"
        "<div id='postlist'><div id='post_401380'><table><tr><td class='pls'><a class='xw1' href='space-uid-5.html'>计量新人</a></td>"
        "<td class='plc'><div class='pi'><div class='authi'><em id='authorposton401380'>发表于 2024-05-20 10:21</em></div></div>"
        "<div class='pct'><div class='rwd cl'><div class='rusld z'><cite>20</cite>金钱</div><div class='rwdn'><table><tr>"
        "<td class='t_f' id='postmessage_401380'>新手求助：一块1.6级的一般压力表，示值误差超了一点，是直接判不合格吗？</td></tr></table></div></div>"
        "<div class='rwdbst'><h3 class='psth'>最佳答案</h3><div class='pstl'><div class='psta vm'><a href='space-uid-7.html'>压力表老周</a></div>"
        "<div class='psti'><div class='mtn'>按照规程，一般压力表示值误差检定时，应在升压和降压两个方向分别读数，示值误差超过允许误差即判不合格。<br/>但要先确认读数方法、环境温度和标准器是否符合要求，排除操作原因后再下结论，必要时复检一次。<br/>另外还要做回程误差和轻敲位移的检查，耐压三分钟，这些项目同样影响结论。</div></div></div></div>"
        "</div></td></tr></table></div></div></body></html>"
    )
    article = _article(html, "http://bbs.example.cn/thread-86033-1-1.html")
    assert article.paragraphs == ["新手求助：一块1.6级的一般压力表，示值误差超了一点，是直接判不合格吗？"]


@pytest.mark.parametrize(
    ("byline", "author"),
    [("文｜财新 周颖", "周颖"), ("文｜张伟 周颖", "张伟 周颖")],  # (two writers stay two)
)
def test_the_sites_own_name_before_the_writers_is_not_the_author(byline, author):
    html = (
        "<html><head><title>质量基础设施一站式服务推向全国_经济频道_财新网</title></head><body>"
        f"<h1>质量基础设施一站式服务推向全国</h1><div class='artInfo'><span>{byline}</span><br>2024年05月20日 10:21</div>"
        "<div id='Main_Content_Val'><p>质量基础设施一站式服务平台将在全国推广，企业可在一个窗口办理计量、标准、认证等业务。</p>"
        "<p>市场监管部门表示，平台将覆盖所有地级市。</p></div></body></html>"
    )
    assert _article(html, "http://economy.example.com/2024-05-20/102197345.html").author == author


def test_a_fields_label_or_value_is_no_headline():
    # Discuz!'s activity thread: the activity's box (<dt>活动类型:</dt><dd><strong>计量沙龙</strong></dd>,
    # 报名截止: …) between the floor's head and the post, far below the thread's <h1>.
    fields = "".join(
        f"<dt>{label}</dt><dd>{value}</dd>"
        for label, value in [
            ("活动类型:", "<strong>计量沙龙</strong>"), ("开始时间:", "2024-06-15 14:00 至 2024-06-15 17:00"),
            ("活动地点:", "北京 朝阳区 某计量院报告厅"), ("性别:", "不限"), ("已报名人数:", "23 人"), ("报名截止:", "2024-06-10 18:00"),
        ]
    )  # fmt: skip
    profile = "".join(
        f"<dl><dt>{k}</dt><dd>{v}</dd></dl>"
        for k, v in [("积分", "1320"), ("主题", "21"), ("帖子", "305"), ("精华", "2"), ("金钱", "860"), ("威望", "15")]
    )  # (the poster's box: the <h1> far above the post)
    html = (
        "<html><head><title>6月15日北京计量沙龙报名，名额有限 - 长度计量 - 计量论坛 - Powered by Discuz!</title></head><body>"
        "<div id='pt'><a href='/'>计量论坛</a> <em>›</em> <a href='/forum-5-1.html'>长度计量</a> <em>›</em> 6月15日北京计量沙龙报名，名额有限</div>"
        "<div class='hm ptn'><span>查看:</span> <span>389</span> | <span>回复:</span> <span>5</span></div>"
        "<h1 class='ts'><span id='thread_subject'>6月15日北京计量沙龙报名，名额有限</span></h1><span>[复制链接]</span>"
        f"<div class='authi'><a>量块小刘</a></div>{profile}<div class='pi'>楼主</div><div class='authi'>发表于 2024-5-22 09:00 | 只看该作者</div>"
        f"<div class='act pbm cl'><div class='spi'><dl>{fields}</dl></div></div>"
        "<table><tr><td class='t_f'>各位论坛的朋友，6月中旬我们组织一次线下计量沙龙，主题是数字化校准证书的应用与互认。</td></tr>"
        "<tr><td class='t_f'>名额有限，报满为止。</td></tr></table></body></html>"
    )
    article = _article(html, "http://bbs.example.cn/thread-86101-1-1.html")
    assert article.title == "6月15日北京计量沙龙报名，名额有限"


# --- the twenty-third round: official documents, tenders, companies' and trade fairs' news ---

_FAIR_PAGE = """<html><head><title>第十届华南检测仪器展开幕-衡准仪器有限公司</title></head><body>
<div class="pos">当前位置：<a href="/">首页</a> &gt; <a href="/news/">展会资讯</a></div>
<h1>第十届华南检测仪器展开幕</h1>{meta}
<div class="con"><p>本届展会以“精准测量 质量强国”为主题，吸引了三百余家计量检测仪器企业参展，展出面积两万平方米。</p>
<p>公司携新一代压力校验仪和电子天平亮相，展台接待了来自电力、石化和制药行业的众多客户。</p></div>
<div class="pn"><p>上一篇：<a href="/news/501.html">2024上海国际测量测试仪器展观展指南</a></p></div>
<div class="foot">版权所有 衡准仪器有限公司</div></body></html>"""


@pytest.mark.parametrize(
    ("meta", "day", "moment"),
    [
        # an event's box under the headline, the post's own meta line under it
        ("<div class='zhxx'><p><span>展会日期：</span>2024年6月12日—14日</p><p><span>展会地点：</span>会展中心</p>"
         "<p><span>主办单位：</span>省计量协会</p></div><div class='info'><span>2024-05-06 10:00</span><span>来源：本站</span></div>",
         date(2024, 5, 6), datetime(2024, 5, 6, 10, 0, tzinfo=BEIJING)),
        ("<p>地点：上海</p><div class='info'><span>2024-05-06 10:00</span><span>浏览：<em>233</em></span></div>",
         date(2024, 5, 6), datetime(2024, 5, 6, 10, 0, tzinfo=BEIJING)),
        # an event's dates under labels of their own (展期, 开班时间, 报名截止), the post's date without one
        ("<p>展期：2024.09.18-09.20</p><p>展馆：国家会展中心</p><div class='info'>2024-07-01 09:30 | 阅读 128</div>",
         date(2024, 7, 1), datetime(2024, 7, 1, 9, 30, tzinfo=BEIJING)),
        ("<div class='info'><span>开班时间：2024-08-05 09:00</span><span>报名截止：2024-07-25</span>"
         "<span>2024-07-02</span><span>来源：培训部</span></div>", date(2024, 7, 2), None),
        # a tender's deadline written short, before the post's date on its line, or after it
        ("<div class='meta'><span>投标截止：2024-06-27 17:00</span><span>2024-06-20 16:45</span><span>阅读 56</span></div>",
         date(2024, 6, 20), datetime(2024, 6, 20, 16, 45, tzinfo=BEIJING)),
        ("<div class='meta'><span>2024-06-24 10:20</span><span>报名截止时间：2024-07-01 17:00</span><span>阅读 31</span></div>",
         date(2024, 6, 24), datetime(2024, 6, 24, 10, 20, tzinfo=BEIJING)),
        ("<div class='info'>2024-05-10 | 展会时间：2024-06-12 至 2024-06-14 | 展馆：N1馆</div>", date(2024, 5, 10), None),
    ],
)
def test_an_events_dates_give_way_to_the_posts_own(meta, day, moment):
    article = _article(_FAIR_PAGE.format(meta=meta), "http://www.hengzhun.test/news/502.html")
    assert article, article
    assert (article.date, article.published_at) == (day, moment)
    assert article.paragraphs[-2:] == [
        "本届展会以“精准测量 质量强国”为主题，吸引了三百余家计量检测仪器企业参展，展出面积两万平方米。",
        "公司携新一代压力校验仪和电子天平亮相，展台接待了来自电力、石化和制药行业的众多客户。",
    ]



def test_a_date_linked_to_the_posts_own_page_below_its_text_is_its_date():
    # LOFTER: the date under the post is a link to the post itself (no rel=bookmark).
    url = "http://jiliang.example.com/post/1e3a5672_2b8f0a1c9"
    html = """<html><head><title>菜市场里的公平秤 - 计量手记</title></head><body>
    <div class="g-hd"><a href="/">计量手记</a></div>
    <div class="post"><h2><a href="/post/1e3a5672_2b8f0a1c9">菜市场里的公平秤</a></h2>
    <div class="text"><p>周末去菜市场，看到门口新设了一台公平秤，旁边贴着市场监管部门的检定合格标志。</p>
    <p>买完菜顺手复秤，两斤青菜一钱不差，摊主说现在谁也不敢在秤上动手脚了。</p></div>
    <div class="info box"><div class="date"><a href="/post/1e3a5672_2b8f0a1c9">2024-05-20</a></div>
    <div class="tag"><a href="/tag/计量">#计量</a></div></div></div></body></html>"""
    article = _article(html, url)
    assert article and article.date == date(2024, 5, 20)
    other = _article(html.replace('<a href="/post/1e3a5672_2b8f0a1c9">2024-05-20</a>', '<a href="/post/1e3a5672_2b8e9d7f3">2024-05-20</a>'), url)
    assert isinstance(other, ExtractionFailure)  # (another post's date, in a list of links)


@pytest.mark.parametrize("head", ["附件：", "相关附件：", "附件下载：", "附件列表", "相关文件：", "相关下载：", "下载附件：", "附 件："])
def test_a_notices_attachments_box_after_its_text_is_kept_whatever_its_heading(head):
    # TRS's <TRS_APPENDIX> box and others, a sibling of the text's box, under the notice's 落款.
    html = f"""<html><head><title>关于公布第二批计量标准考核合格名单的通知_东澜省市场监督管理局</title></head><body>
    <div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
    <h1>关于公布第二批计量标准考核合格名单的通知</h1><div class="info">发布时间：2024-05-29 来源：计量处</div>
    <div class="art-con"><div class="TRS_Editor"><p>各市市场监督管理局：</p>
    <p>根据计量标准考核工作安排，我局组织对第二批申请考核的计量标准进行了考核，现将合格名单予以公布。</p>
    <p style="text-align:right">东澜省市场监督管理局</p><p style="text-align:right">2024年5月29日</p></div></div>
    <div class="xgfj"><p class="fj-tit">{head}</p><ul><li><a href="./P020240529512345678901.xlsx">2024年第二批计量标准考核合格名单.xlsx</a></li></ul></div>
    <div class="art-tools"><a href="javascript:window.print()">打印</a><a href="javascript:window.close()">关闭</a></div>
    <div class="footer">主办单位：东澜省市场监督管理局 东ICP备05001234号</div></body></html>"""
    article = _article(html, "http://scjgj.example.gov.cn/zwgk/tzgg/202405/t20240529_3456203.html")
    assert article.paragraphs[-3:] == ["2024年5月29日", head, "2024年第二批计量标准考核合格名单.xlsx"]


@pytest.mark.parametrize("heading", ["<h3>我要留言</h3>", ""])
def test_a_form_to_write_an_opinion_in_after_the_text_is_no_text(heading):
    # A 意见征集's form: its heading 我要留言 and its fields' labels (姓名： 联系电话： 意见内容：).
    html = f"""<html><body><h1>定量包装商品计量监督管理办法公开征求意见</h1><div class="info">发布时间：2024-05-25</div>
    <div class="content"><p>为加强定量包装商品计量监督管理，我局起草了管理办法征求意见稿，现公开征求社会各界意见。</p>
    <p>意见反馈截止时间为2024年6月24日，可通过电子邮件或下方留言提交。</p></div>
    <div class="yjzj-form">{heading}<form action="/hdjl/yjzj/submit" method="post"><label>姓名：<input name="name"></label>
    <label>联系电话：<input name="tel"></label><label>意见内容：<textarea name="content"></textarea></label>
    <button type="submit">提交</button></form></div></body></html>"""
    assert _article(html).paragraphs == [
        "为加强定量包装商品计量监督管理，我局起草了管理办法征求意见稿，现公开征求社会各界意见。",
        "意见反馈截止时间为2024年6月24日，可通过电子邮件或下方留言提交。",
    ]


def test_another_articles_date_under_its_linked_headline_below_the_text_is_no_meta():
    # Medium: the post's date among its byline's spans, More from … under the text, each of
    # its items a linked heading with its date.
    html = """<html><body><div class="nav"><a href="/">Home</a></div><article>
    <h1>千克的重新定义</h1><div class="byline"><div><p><a href="/@metrologist">王计量</a></p></div><div>·</div>
    <div><span>5 min read</span><div>·</div><span>May 20, 2024</span></div><div>128</div></div>
    <section><p>在二〇一九年以前，千克由保存在法国的国际千克原器定义，这件铂铱合金圆柱体是最后一个实物基准。</p>
    <p>新定义通过固定普朗克常数的数值来定义千克，基布尔秤是复现千克的主要途径之一。</p></section></article>
    <div class="more"><h2>More from 王计量</h2><div><a href="/@metrologist/su-yuan-8b1d4e6f2a9c"><h2>计量溯源性</h2></a>
    <span>May 14, 2024</span></div></div></body></html>"""
    article = _article(html, "https://medium.example.com/@metrologist/qian-ke-de-chong-xin-ding-yi-3f9a2c7d1e4b")
    assert article and article.date == date(2024, 5, 20)


def test_paragraphs_each_in_a_stack_of_wrappers_are_one_text():
    # 飞书's docx page: each paragraph a block of its own, in four <div>s (a React editor's).
    texts = [
        "测量不确定度是表征合理地赋予被测量之值的分散性、与测量结果相联系的参数。",
        "评定时先建立测量模型，找出全部输入量，再逐一评定各输入量的标准不确定度，最后合成。",
        "A类评定用统计方法，对重复观测列计算实验标准偏差；B类评定依据校准证书、说明书等信息估计。",
        "扩展不确定度由合成标准不确定度乘以包含因子得到，通常取包含因子为二，对应约百分之九十五的包含概率。",
    ]
    blocks = "".join(
        f'<div class="block docx-text-block"><div class="text-block-wrapper"><div class="text-editor">'
        f'<div class="zone-container"><div class="ace-line"><span data-string="true">{t}</span></div></div></div></div></div>'
        for t in texts
    )
    html = f"""<html><head><title>读懂测量不确定度评定 - 飞书云文档</title></head><body>
    <div class="suite-header"><a href="/">飞书云文档</a><span>登录</span></div>
    <div class="doc-content"><h1 class="page-block-title">读懂测量不确定度评定</h1>
    <div class="doc-info"><span>最近修改: 2024年5月20日 10:21</span></div>
    <div class="page-block-children">{blocks}</div></div></body></html>"""
    article = _article(html, "https://jiliang.example.cn/docx/Fk4Gd9sHqo2xXbxaQfcZ5Ynnfh")
    assert article.paragraphs == texts


def test_word_footnotes_in_their_own_box_after_the_text_are_text():
    # Word's "save as HTML": the footnotes in a box beside WordSection1, each opening with its mark's link.
    html = """<html><body><h1>活塞式压力计有效面积测量方法比较</h1><div class="info">发布时间：2024-05-23 来源：压力室</div>
    <div class="TRS_Editor"><div class="WordSection1"><p class="MsoNormal">活塞式压力计是压力量值传递的主要标准器，目前常用直接尺寸测量法和交叉浮动比较法<a href="#_ftn1" name="_ftnref1">[1]</a>。</p>
    <p class="MsoNormal">比较结果表明，两种方法所得有效面积的相对偏差不大于二乘十的负五次方，均满足检定规程的要求<a href="#_ftn2" name="_ftnref2">[2]</a>。</p></div>
    <div style="mso-element:footnote-list"><br clear="all"><hr align="left" size="1" width="33%">
    <div style="mso-element:footnote" id="ftn1"><p class="MsoFootnoteText"><a href="#_ftnref1" name="_ftn1">[1]</a> 交叉浮动法的原理见规程附录B。</p></div>
    <div style="mso-element:footnote" id="ftn2"><p class="MsoFootnoteText"><a href="#_ftnref2" name="_ftn2">[2]</a> 数据由本院压力室于4月测得。</p></div></div></div>
    <div class="tools">[打印本页] [关闭窗口]</div></body></html>"""
    assert _article(html).paragraphs[-2:] == ["[1] 交叉浮动法的原理见规程附录B。", "[2] 数据由本院压力室于4月测得。"]


def test_a_metadata_table_under_the_text_is_its_meta_not_its_text():
    # Hanweb's 信息公开 page: the 索引号 table under the text, its 发布日期 the page's only date.
    html = """<html><head><title>关于开展计量器具专项检查的通知</title></head><body>
    <div class="pos">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>
    <h1>关于开展计量器具专项检查的通知</h1>
    <div class="hw-content"><p>各有关单位：</p><p>为加强计量器具监督管理，我所定于六月开展在用计量器具专项检查，请各单位做好自查工作。</p>
    <p>检查范围包括贸易结算、安全防护和医疗卫生领域的强制检定计量器具。</p>
    <p style="text-align:right">北湖市计量测试所</p><p style="text-align:right">2024年5月20日</p></div>
    <div class="hw-xxgk"><table class="xxgk-info"><tbody>
    <tr><td>索引号：</td><td>430100-JL-2024-00036</td><td>发布机构：</td><td>北湖市计量测试所</td></tr>
    <tr><td>生成日期：</td><td>2024-05-20</td><td>发布日期：</td><td>2024-05-21</td></tr>
    <tr><td>文 号：</td><td>北计测〔2024〕9号</td><td>主题分类：</td><td>计量</td></tr></tbody></table></div>
    <div class="footer">主办单位：北湖市计量测试所</div></body></html>"""
    article = _article(html, "http://www.bhjl.example.gov.cn/xxgk/tzgg/202405/t20240521_991234.html")
    assert article, article
    assert article.paragraphs[-1] == "2024年5月20日"
    assert (article.date, article.published_at) == (date(2024, 5, 21), None)


def test_a_threads_host_labelled_louzhu_is_its_author_and_its_bar_no_text():
    # 天涯: 楼主：<a>甲</a> under the headline; the host post's bar (举报 | 分享 | 回复 | 打赏) under its text;
    # a reply's 作者： is the reply's.
    html = """<html><body><h1>家里的水表走得快吗</h1>
    <div class="atl-info"><span>楼主：<a href="/u/88231">水表哥</a></span>&nbsp;&nbsp;<span>时间：2012-05-20 10:21:33</span>
    &nbsp;&nbsp;<span>点击：3580</span></div>
    <div class="atl-content"><div class="bbs-content">最近发现家里的水表好像走得特别快，一个月用了二十多吨水，怀疑水表有问题。<br>
    按照规定，可以向计量技术机构申请检定，检定合格的费用由申请人承担。</div>
    <div class="atl-reply">举报 | 分享 | 回复 | 打赏</div></div>
    <div class="atl-item" id="1"><div class="atl-info"><span>作者：<a href="/u/5521">秤砣砣</a></span>
    <span>时间：2012-05-20 11:02:10</span></div><div class="bbs-content">可以先关闭所有水龙头，看水表是否还在转。</div></div>
    </body></html>"""
    article = _article(html, "http://bbs.example.cn/post-jiliang-1234567-1.shtml")
    assert (article.author, article.views) == ("水表哥", 3580)
    assert article.paragraphs == [
        "最近发现家里的水表好像走得特别快，一个月用了二十多吨水，怀疑水表有问题。",
        "按照规定，可以向计量技术机构申请检定，检定合格的费用由申请人承担。",
    ]


@pytest.mark.parametrize("note", ["附件：见PDF", '附件：<a href="/attach/-1/2405241415456.pdf">2024年度计量器具产品质量监督抽查计划.pdf</a>'])
def test_a_notice_whose_text_is_a_pdf_in_a_viewer_fails(note):
    # The note names the document (or says 见PDF), pdf.js's viewer shows it: the text is the PDF's.
    html = f"""<html><body><h1>2024年度计量器具产品质量监督抽查计划</h1><div class="info">发布日期：2024-05-24</div>
    <div class="bt-content"><p>{note}</p>
    <iframe src="/pdfjs/web/viewer.html?file=/attach/-1/2405241415456.pdf" width="100%" height="1000"></iframe></div></body></html>"""
    failure = _article(html, "http://www.example.gov.cn/art/2024/5/24/art_3344_4812399.html")
    assert isinstance(failure, ExtractionFailure) and failure.reason == "the text is in an embedded document"


def test_a_document_pdf2htmlex_made_is_read_over_its_pages_with_its_attachment():
    # pdf2htmlEX: each page a div.pf of its own, each line a positioned div.t; its last page short
    # (the contact line and the 落款), the attachment's line under the document.
    def page(n, texts):
        lines = "".join(f'<div class="t m0 x4 h4 y{i} ff2 fs2">{t}</div>' for i, t in enumerate(texts))
        return f'<div id="pf{n}" class="pf w0 h0" data-page-no="{n}"><div class="pc pc{n} w0 h0">{lines}</div><div class="pi"></div></div>'

    first = [
        "为做好计量器具型式批准证书的管理工作，根据计量法及型式批准工作规范的有关规定，",
        "我院决定对2015年以前颁发的型式批准证书进行清理。现将有关事项通知如下：",
        "一、请持证企业于2024年6月30日前登录管理系统，核对证书信息，确认产品是否仍在生产。",
        "二、对已停产的产品，企业应申请注销相应证书；逾期未确认的，我院将按有关规定予以公告。",
    ]
    last = ["三、联系人：赵明，电话：0791-86661234。", "东澜省质量技术监督检测研究院", "2024年5月20日"]
    html = f"""<html><body><h1>关于开展计量器具型式批准证书清理工作的通知</h1><div class="info">发布日期：2024-05-22</div>
    <div class="bt-content"><div id="page-container">{page(1, first)}{page(2, last)}</div>
    <p>附件：<a href="/attach/-1/2405221030123.pdf">关于开展型式批准证书清理工作的通知.pdf</a></p></div>
    <div class="foot">版权所有：东澜省质量技术监督检测研究院</div></body></html>"""
    article = _article(html, "http://www.example.gov.cn/art/2024/5/22/art_3344_4812345.html")
    assert article.paragraphs == [*first, *last, "附件：关于开展型式批准证书清理工作的通知.pdf"]


def test_vsbs_attachments_under_a_notices_signature_are_kept():
    # 博达 VSB: the attachments in a list after div.v_news_content, each 附件【name.docx】已下载<script>次.
    html = """<html><body><h1>精密温度计采购询价公告</h1><div class="info">发布时间：2024-06-12 来源：办公室</div>
    <div class="v_news_content"><p>我院拟采购精密数字温度计三台，欢迎符合条件的供应商参加报价。</p>
    <p>报价应包括货物、运输、安装调试、培训及税费等全部费用，逾期送达的报价单不予接受。</p>
    <p style="text-align:right">东澜省计量科学研究院</p><p style="text-align:right">2024年6月12日</p></div>
    <div id="div_vote_id"></div>
    <ul style="list-style-type:none;"><li>附件【<a href="/system/_content/download.jsp?wbfileid=1733291">询价单.docx</a>】已下载<span id="nattach1733291"><script>getClickTimes(1733291,1730466592,"wbnewsfile","attach")</script></span>次</li></ul>
    <div class="foot">版权所有 东澜省计量科学研究院</div></body></html>"""
    assert _article(html, "http://www.example.edu.cn/info/1042/3533.htm").paragraphs[-2:] == ["2024年6月12日", "附件【询价单.docx】已下载次"]


def test_a_blog_posts_bar_of_likes_and_reposts_is_no_text():
    html = """<html><body><h1>电子血压计准不准</h1><div class="info">2012-05-20 10:21</div>
    <div class="blog_content"><p>很多家庭都买了电子血压计，但测出来的数值和医院的常常不一样，这是为什么呢？</p>
    <p>测量时最好坐着休息五分钟，手臂与心脏保持同一高度，连续测量两到三次取平均值。</p></div>
    <div class="blog_op"><a href="#">赞</a>(12) <a href="#">转载</a> <a href="#">分享</a> <a href="#">收藏</a> <a href="#">举报</a></div>
    </body></html>"""
    assert _article(html, "http://user.example.com/1034567890/blog/1337480493").paragraphs[-1].startswith("测量时最好")


def test_a_crumb_boxs_buttons_in_a_block_of_their_own_are_no_crumb():
    # 天涯's div.atl-location: the trail in one block, its 订阅 and 发帖 buttons in the next.
    html = """<html><head><title>家里的水表走得快吗_计量天地_天涯社区</title></head><body><div class="atl-location"><div class="fl"><p class="crumbs"><a href="/">天涯社区</a><em>&gt;</em>
    <a href="/list/jiliang">计量天地</a></p></div><div class="fr"><a href="#">订阅</a><a href="#">发帖</a></div></div>
    <h1>家里的水表走得快吗</h1><div class="info">时间：2012-05-20 10:21:33</div>
    <div class="bbs-content">最近发现家里的水表好像走得特别快，一个月用了二十多吨水，怀疑水表有问题，想请教大家怎么处理。</div></body></html>"""
    assert _article(html, "http://bbs.example.cn/post-jiliang-1234567-1.shtml").category == ["计量天地"]


def test_a_newsletters_sign_up_box_in_the_text_is_no_text():
    # Substack's subscription widget between two paragraphs: its appeal and its e-mail form.
    html = """<html><body><h1>千克的重新定义</h1><div class="post-date">2024年5月20日</div><div class="body markup">
    <p>在二〇一九年以前，千克由保存在法国的国际千克原器定义，这件铂铱合金圆柱体是最后一个实物基准。</p>
    <div class="subscription-widget-wrap-editor"><div class="subscription-widget show-subscribe"><div class="preamble">
    <p class="cta-caption">测量通讯 is a reader-supported publication. To receive new posts, consider becoming a subscriber.</p></div>
    <form class="subscription-widget-subscribe"><input type="email" name="email" placeholder="Type your email…"><input type="submit" value="Subscribe"></form></div></div>
    <p>新定义通过固定普朗克常数的数值来定义千克，基布尔秤是复现千克的主要途径之一。</p></div></body></html>"""
    assert _article(html, "https://celiang.example.com/p/qian-ke-de-chong-xin-ding-yi").paragraphs == [
        "在二〇一九年以前，千克由保存在法国的国际千克原器定义，这件铂铱合金圆柱体是最后一个实物基准。",
        "新定义通过固定普朗克常数的数值来定义千克，基布尔秤是复现千克的主要途径之一。",
    ]


_CONFERENCE_PAGE = """<html><body><div class="banner"><h2>2024全国计量与质量大会</h2><p>2024年6月18日—20日 · 杭州</p></div>
<div class="menu"><a href="/">首页</a> <a href="/hytz/">会议通知</a></div>
<h1>关于举办计量检定员技能交流活动的通知</h1>{meta}
<div class="con"><p>为促进计量检定人员业务交流，大会期间将举办计量检定员技能交流活动，现将有关事项通知如下。</p>
<p>请各单位于六月十日前将参会回执发送至组委会邮箱，组委会将统一安排住宿。</p></div>{below}
<div class="foot">版权所有 全国计量与质量大会组委会</div></body></html>"""


@pytest.mark.parametrize(
    ("meta", "below", "day", "views"),
    [
        # an event's box between the headline and the post's labelled meta line
        ("<div class='hyxx'><p>会议时间：2024年6月19日</p><p>会议地点：杭州国际博览中心</p></div>"
         "<div class='meta'><span>发布时间：2024-04-22 11:00</span><span>浏览：<i>318</i></span></div>", "", date(2024, 4, 22), 318),
        # the post's labelled date under its text, a banner's dates above the headline
        ("<ul class='hyxx'><li>会议时间：2024年6月18日—20日</li><li>会议地点：杭州</li></ul>",
         "<div class='fb'>发布日期：2024-03-15　　来源：大会组委会</div>", date(2024, 3, 15), None),
    ],
)
def test_a_conferences_dates_are_not_its_posts(meta, below, day, views):
    article = _article(_CONFERENCE_PAGE.format(meta=meta, below=below), "http://www.jlhy.example.org/hytz/4.html")
    assert (article.date, article.views) == (day, views)


@pytest.mark.parametrize(
    ("meta", "author", "day"),
    [
        # a 原创 badge's span against the byline's; a relative date's against it (its title the date)
        ('<span class="author">作者：马骏</span><span class="yc">原创</span><span class="time">2024-05-21 10:00</span>', "马骏", date(2024, 5, 21)),
        ('<span class="author">作者：陈立</span><span class="time" title="2024-05-17 09:30">3天前</span>', "陈立", date(2024, 5, 17)),
    ],
)
def test_a_bylines_value_ends_at_a_badge_or_a_relative_date_against_it(meta, author, day):
    html = f"""<html><body><h1>检验检测机构资质认定新规解读</h1><div class="meta">{meta}</div>
    <div class="content"><p>市场监管总局近日发布新修订的检验检测机构资质认定管理办法，对资质认定程序作出了调整。</p>
    <p>新办法自今年六月一日起施行，各检验检测机构应及时对照新规完善管理体系。</p></div></body></html>"""
    article = _article(html, "http://www.jcportal.example.com/zixun/20240521/1006.html")
    assert (article.author, article.date) == (author, day)


_NOTICE_PAGE = """<html><head><title>关于举办测量管理体系内审员培训班的通知_江淮质量计量网</title></head><body>
<div class="position">当前位置: <a href="/">首页</a> &gt; <a href="/xhtz/">通知公告</a> &gt;</div>
<div class="title"><h2>关于举办测量管理体系内审员培训班的通知</h2></div>
<div class="info"><small>时间:</small>2021-06-02 10:20<small>来源:</small>省计量测试学会 <small>作者:</small>学会秘书处</div>
<div class="content">{text}</div>
<div class="commentbox"><div class="dcmp-title"><small>请自觉遵守互联网相关的政策法规，严禁发布色情、暴力、反动的言论。</small></div></div>
<div class="footer"><p>主办单位：江淮质量计量网 地址：江淮市测量路1号</p><p>Copyright © 2002-2012 版权所有 京ICP备05000000号</p></div>
</body></html>"""


@pytest.mark.parametrize(
    "text",
    [
        # organisers in the middle of a notice, its course under them
        ["为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班。", "一、组织单位", "主办单位：江淮计量测试学会",
         "承办单位：江淮市计量测试研究所", "二、培训内容", "1、计量法律法规；", "2、测量管理体系要求。"],
        # organisers closing it, or opening it
        ["为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班。", "主办单位：江淮计量测试学会", "协办单位：江淮省科技馆"],
        ["主办单位：江淮省计量测试学会", "承办单位：江淮市计量测试研究所",
         "为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班，培训结束考核合格者颁发证书。"],
        # its organisers, then its contacts: their address and telephone are the notice's, not a footer's
        ["为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班。", "主办单位：江淮计量测试学会",
         "承办单位：江淮市计量测试研究所", "联系人：王老师", "电话：0551-63000000", "地址：江淮市测量路1号", "江淮计量测试学会",
         "2021年6月2日"],
        # its contacts: a WeChat account's name, more of the text after it
        ["为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班。", "三、咨询方式", "咨询电话：0551-63000000",
         "微信公众号：江淮计量", "欢迎广大计量人员踊跃参加。"],
    ],
)
def test_a_notices_organisers_and_contacts_are_its_text_not_its_end(text):
    html = _NOTICE_PAGE.format(text="".join(f"<p>　　{t}</p>" for t in text))
    assert _article(html, "http://www.jhjl.example.cn/plus/view.php?aid=9103").paragraphs == text


def test_a_photo_news_short_caption_is_its_text_not_the_comment_boxs_prompt():
    html = _NOTICE_PAGE.format(text='<p align="center"><img src="/uploads/allimg/210602/1.jpg"></p><p align="center">质量月活动现场</p>')
    assert _article(html, "http://www.jhjl.example.cn/tpxw/10105.html").paragraphs == ["质量月活动现场"]


def test_dedecms_description_over_the_texts_short_first_paragraphs_is_said_once():
    # DedeCMS's automatic description: the text's first 240 bytes, over its first two paragraphs.
    first, second = "近日，市计量所为全市七十八所中小学校的食堂免费检定了电子秤。", "此次共检定电子秤三百余台，对不合格的已现场调修，保障了学生餐饮计量准确。"
    intro = f"{first} {second}"[:60]
    html = _NOTICE_PAGE.format(text=f"<p>{first}</p><p>{second}</p><p>下一步，市计量所将开展集贸市场计量器具专项检查。</p>").replace(
        '<div class="content">', f'<div class="intro">{intro}</div><div class="content">'
    )
    assert _article(html, "http://www.jhjl.example.cn/lzcd/8104.html").paragraphs[0] == first


# --- the twenty-fourth round: Taiwan, Hong Kong and Macau; associations and trade media; the portal's old HTML ---

_TW_NOTICE = """<html><head><title>電子體溫計市場檢測結果-經濟部標準檢驗局</title></head><body>
<div class="path"><a href="/">首頁</a> &gt; <a href="/wSite/lp?ctNode=3715">公告</a> &gt; 內文</div>
<h2>電子體溫計市場檢測結果</h2><div class="info">發布日期：113-05-20</div><div class="cp">
<p>本局於今年三月至四月間購買市售電子體溫計二十件進行檢測，結果均符合相關檢定規範之要求。</p>
<p>►<a href="/wSite/ct?xItem=95301">油量計不準 這三家加油站被罰</a></p>
<p>（相關報導：<a href="/wSite/ct?xItem=95288">充電樁收費亂象多</a>）</p>
<table><tr><th>品牌</th><th>型號</th><th>總評</th></tr><tr><td>甲牌</td><td>MT-101</td><td>★★★★★</td></tr>
<tr><td>乙牌</td><td>KT-22</td><td>★★★☆</td></tr><tr><td>丙牌</td><td>DT-5</td><td>★★</td></tr></table>
<p>民眾如有疑問，可逕向本局陳述意見或洽詢：</p><p>承辦單位：經濟部標準檢驗局第四組</p><p>電子郵件：metrology@example.gov.tw</p>
</div>
<div class="file"><h4>相關附件</h4><ul><li><a href="/wSite/public/Attachment/f1716182.odt">113年電子體溫計檢測結果.odt</a>（19KB）</li></ul></div>
<div class="footer">版權所有 經濟部標準檢驗局 地址：臺北市中正區濟南路一段4號</div></body></html>"""


def test_a_taiwan_notices_text_its_results_its_contacts_and_attachments():
    article = _article(_TW_NOTICE, "https://www.example.gov.tw/wSite/ct?xItem=95310&ctNode=3715&mp=1")
    assert article.category == ["公告"]  # (內文, the page itself, is no crumb)
    assert article.paragraphs == [
        "本局於今年三月至四月間購買市售電子體溫計二十件進行檢測，結果均符合相關檢定規範之要求。",
        "品牌", "型號", "總評", "甲牌", "MT-101", "★★★★★", "乙牌", "KT-22", "★★★☆", "丙牌", "DT-5", "★★",
        "民眾如有疑問，可逕向本局陳述意見或洽詢：", "承辦單位：經濟部標準檢驗局第四組", "電子郵件：metrology@example.gov.tw",
        "相關附件", "113年電子體溫計檢測結果.odt（19KB）",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "closing",
    ["★ 本文為ETtoday新聞雲版權所有，未經同意不得轉載", "※ 歡迎用「轉貼」或「分享」的方式轉傳文章連結；未經授權，請勿複製轉貼文章內容"],
)
def test_a_news_sites_ban_on_copying_after_its_text_is_no_text(closing):
    html = f"""<html><body><h1>市場秤具抽查 三成未檢定</h1><div class="date">2024/05/20 14:35</div><div class="story">
    <p>標準局日前抽查傳統市場計價秤，發現約三成未經檢定合格，已要求攤商限期改善。</p>
    <p>標準局提醒民眾，可利用市場內設置的公平秤自行複秤，若發現短斤缺兩可檢舉。</p><p>{closing}</p></div></body></html>"""
    assert len(_article(html, "https://news.example.com.tw/news/20240520/2745678.htm").paragraphs) == 2


def test_an_authors_link_with_its_number_and_name_is_the_byline():
    # 风传媒: /authors/12345/林上祚 beside the time, no label.
    html = """<html><body><h1>充電樁將納度量衡管理</h1><div id="info_author_wrapper"><a class="link_author" href="/authors/12345/林上祚">林上祚</a>
    <span id="info_time">2024-05-20 14:35</span></div><div class="article_content"><p>標準局擬將電動車充電樁納入法定度量衡器管理，草案近日預告。</p>
    <p>根據草案，充電樁須經型式認證及檢定合格，檢定有效期間為三年。</p></div></body></html>"""
    assert _article(html, "https://www.storm.example.tw/article/5098765").author == "林上祚"


@pytest.mark.parametrize("day", ["2024/05/17", "2024-05-17"])
def test_a_date_and_its_time_under_labels_of_their_own(day):
    # 澳門's gcs: 發佈日期：2024/05/17 beside 時間：11:20, each in its span.
    html = f"""<html><body><h1>澳門計量講座順利舉行</h1><div class="m"><span>發佈日期：{day}</span> <span>時間：11:20</span></div>
    <div class="c"><p>生產力暨科技轉移中心舉辦計量與質量管理講座，逾百名業界人士出席。</p><p>講者介紹了測量不確定度的評定方法。</p></div></body></html>"""
    article = _article(html, "https://www.gcs.example.mo/detail/zh-hant/N24ERb2mXw")
    assert (article.date, article.published_at) == (date(2024, 5, 17), datetime(2024, 5, 17, 11, 20, tzinfo=BEIJING))


def test_a_bilingual_headings_chinese_line_is_the_headline():
    # Hong Kong's 標準及校正實驗所: <h1>中文<br><span lang="en">English</span></h1>, <title> holding both.
    html = """<html><head><title>創新科技署 - 推出電子秤現場校正服務 On-site Calibration Service for Electronic Balances</title></head><body>
    <div id="content"><h1>推出電子秤現場校正服務<br><span lang="en">On-site Calibration Service for Electronic Balances</span></h1>
    <table class="info"><tr><td>日期：</td><td>2024年4月30日</td></tr></table>
    <p>實驗所由2024年6月1日起提供非自動衡器的現場校正服務，最大秤量可達3,000公斤，適用於工廠及物流中心。</p>
    <p>校正將按照國際法制計量組織R 76建議進行，校正證書載有各測試點的示值誤差。</p></div></body></html>"""
    assert _article(html, "https://www.itc.example.hk/tc/whats_new/2024/wn20240430_01.html").title == "推出電子秤現場校正服務"


def test_crumbs_in_blocks_of_their_own_a_separator_between_them():
    # ETtoday's schema.org BreadcrumbList: <div>首頁</div> › <div>生活</div>, the box marked menu_bread_crumb.
    html = """<html><body><div class="menu_bread_crumb"><div><a href="/"><span>首頁</span></a></div> ›
    <div><a href="/news/focus/生活/"><span>生活</span></a></div></div>
    <h1>市場抽查37台電子秤不合格</h1><div class="date">2024年05月20日 14:35</div><div class="story">
    <p>標準局日前抽查傳統市場計價秤，發現三十七台電子秤未經檢定合格，已要求攤商限期改善。</p></div></body></html>"""
    assert _article(html, "https://www.ettoday.example.net/news/20240520/2745678.htm").category == ["生活"]


# --- the twenty-fifth round: pages that stand in for an article ---

@pytest.mark.parametrize(
    "wall",
    [
        '<div class="readmore"><p>本文为会员内容，请登录后查看。</p><p><a href="/login">登录</a> | <a href="/reg">注册</a></p></div>',
        '<div class="alert_info"><p>抱歉，您需要登录后才能查看本文章</p></div>',
    ],
)
def test_everyday_login_walls_say_the_text_is_behind_a_login(wall):
    failure = _article(_WIDGET_PAGE.format(meta="", before="", after=wall))
    assert isinstance(failure, ExtractionFailure) and "behind a login" in failure.reason


@pytest.mark.parametrize(
    ("title", "text", "not_found"),
    [
        ("提示信息", "此信息已过期，无法查看。", True),  # (DESTOON's message('此信息已过期'))
        ("系统升级公告", "因服务器迁移，本栏目内容正在升级改造，暂停访问，预计5月25日恢复。", False),
    ],
)
def test_an_expired_item_and_a_maintenance_notice_are_no_articles(title, text, not_found):
    html = f"""<html><body><h2>{title}</h2><div class="content"><p>{text}</p></div>
    <div class="side"><h3>最新公告</h3><ul><li><a href="/a/1.html">关于开展计量宣传周活动的通知</a> 2024-05-10</li></ul></div></body></html>"""
    failure = _article(html, "http://www.example.cn/index.php?m=content&c=index&a=show&catid=6&id=89")
    assert isinstance(failure, ExtractionFailure) and failure.not_found is not_found


def test_a_column_page_named_zhuanlan_is_a_topics_page():
    html = """<html><body><h2>“质量月”活动专栏</h2><p>九月是全国质量月，本栏目集中发布我院质量月系列活动的报道。</p>
    <ul><li><a href="/a/81.html">我院举办质量月开幕式</a><p>九月一日，我院举办质量月活动开幕式，全院职工参加。</p><span>2024-09-01</span></li>
    <li><a href="/a/82.html">质量开放日迎来市民参观</a><p>九月十日，我院举办质量开放日，百余名市民走进实验室。</p><span>2024-09-10</span></li></ul></body></html>"""
    failure = _article(html, "http://www.example.cn/index.php?m=content&c=index&a=show&catid=6&id=86")
    assert isinstance(failure, ExtractionFailure) and "topic" in failure.reason


# --- the twenty-fifth round: WeChat editors' posts pasted into a CMS ---

_XIUMI_TEXTS = [
    "在做好日常检定的同时，我院持续推进计量技术规范的制修订工作，今年已有三项地方规范立项。",
    "其中，《电动汽车充电桩现场校准规范》已通过专家审定，即将发布实施，为充电设施监管提供依据。",
    "此外，我院还承担了两项国家计量技术规范的起草任务，目前均已完成征求意见稿的编写工作。",
    "下一步，我院将继续围绕民生计量和产业计量需求，加快急需规范的研制，服务地方经济发展。",
]


@pytest.mark.parametrize("end", ["", "<p>- END -</p><p>本期编辑：刘洋</p>", "<p>E N D</p><p>投稿邮箱：jl@example.cn</p>",
                                 "<p>点击下方“阅读原文”查看更多</p><p>感谢各位读者一直以来对本公众号的关注与支持，欢迎在留言区分享您的看法。</p>"])
def test_a_xiumi_posts_paragraphs_each_in_its_nest_of_sections_are_one_text(end):
    # 秀米's paste: each paragraph in <section powered-by="xiumi.us"><section style><section style><p>, no class.
    nests = "".join(
        f'<section powered-by="xiumi.us"><section style="margin: 0 0 10px;"><section style="font-size: 15px;line-height: 1.8;">'
        f"<p>{t}</p></section></section></section>"
        for t in _XIUMI_TEXTS
    )
    html = f"""<html><body><h1>我院推进计量技术规范制修订工作</h1><div class="info">发布时间：2024-05-03 来源：院办公室</div>
    <div class="TRS_Editor">{nests}{end}</div><div class="foot">版权所有 东江省计量科学研究院</div></body></html>"""
    assert _article(html, "http://www.example.gov.cn/xwzx/jgdt/202405/t20240503_3261252.html").paragraphs == _XIUMI_TEXTS


def test_a_headline_with_dashes_as_the_last_crumb_is_no_crumbs():
    # Yoast's breadcrumb_last: the headline, whose —— would split it into crumbs of its own.
    html = """<html><body><nav class="yoast-breadcrumbs"><span><a href="/">首页</a> » <a href="/category/news/">计量新闻</a> »
    <span class="breadcrumb_last">毫厘之间见匠心——东江计量人扎根一线纪实</span></span></nav>
    <h1>毫厘之间见匠心——东江计量人扎根一线纪实</h1><div class="meta">发布于 2024-05-20</div><div class="entry-content">
    <p>清晨七点，东江市计量所的检定员已经来到城郊的加油站，开始一天的现场检定工作。</p></div></body></html>"""
    assert _article(html, "https://www.example.org/2024/05/20/haoli-zhijian/").category == ["计量新闻"]


def test_words_run_inside_a_superscript_is_read_as_one():
    # Word and WPS wrap a superscript's text in a run of its own: 10<sup><span lang=EN-US>-6</span></sup>.
    html = "<html><body><p>线膨胀系数1.15×10<sup><span lang=EN-US>-5</span></sup> ℃<sup><span>-1</span></sup>，排放CO<sub><span>2</span></sub>，注<sup><a href='#n1'>[1]</a></sup></p></body></html>"
    assert _line_texts(html) == ["线膨胀系数1.15×10⁻⁵ ℃⁻¹，排放CO₂，注[1]"]


def test_a_tables_rows_of_bare_numbers_under_a_header_in_its_thead_are_its_data():
    # A JJF-style table of technical requirements: the units in the header cells, bare numbers below.
    html = """<html><body><h1>千分尺校准规范解读</h1><div class="info">发布时间：2024-05-20</div><div class="content">
    <p>规范对外径千分尺的示值误差和测量面平行度提出了要求，具体见表1。</p><table><thead><tr><th>测量范围/mm</th>
    <th>示值误差/μm</th><th>两测量面平行度/μm</th><th>测力/N</th></tr></thead><tbody>
    <tr><td>0～25</td><td>±2</td><td>1.0</td><td rowspan="2">5～10</td></tr><tr><td>25～50</td><td>±2</td><td>1.2</td></tr>
    <tr><td>50～100</td><td>±3</td><td>1.5</td><td>6～10</td></tr></tbody></table></div></body></html>"""
    assert _article(html).paragraphs == [
        "规范对外径千分尺的示值误差和测量面平行度提出了要求，具体见表1。",
        "测量范围/mm", "示值误差/μm", "两测量面平行度/μm", "测力/N",
        "0～25", "±2", "1.0", "5～10", "25～50", "±2", "1.2", "50～100", "±3", "1.5", "6～10",
    ]  # fmt: skip


@pytest.mark.parametrize("credits", ["初审：王芳 复审：李强 终审：张伟", "本期编辑：刘洋 排版：周杰", "编辑 | 赵敏　审核 | 钱伟", "排版：刘洋"])
def test_a_government_posts_review_and_layout_credits_are_no_text(credits):
    paragraphs = _article(_WIDGET_PAGE.format(meta="", before="", after=f"<p>{credits}</p>")).paragraphs
    assert paragraphs == _WIDGET_TEXT


def test_an_image_only_page_is_no_text_from_its_sidebars_heading():
    # EmpireCMS: the headline, its meta line, an image in the text cell; 热门排行 heads the side column.
    html = """<html><body><table><tr><td><h1>图片新闻：计量检定人员在加油站现场检定</h1><div class="info">时间：2024-05-17 来源：本站</div>
    <div id="text"><p><img src="/d/file/p/2024-05-17/1.jpg"></p></div></td>
    <td class="side"><div class="title_main">热门排行</div><ul><li><a href="/news/2024-05-10/40.html">全市开展计量检定进社区活动</a></li>
    <li><a href="/news/2024-05-11/41.html">加油机专项检查结果公布</a></li></ul></td></tr></table></body></html>"""
    failure = _article(html, "http://www.example.cn/news/2024-05-17/55.html")
    assert isinstance(failure, ExtractionFailure) and failure.field == "paragraphs"


def test_a_footers_organiser_line_with_its_address_ends_the_text():
    # The site's footer, its organiser, address and telephone packed on one line (no copyright
    # line under it), inside the text's box: not the notice's organisers.
    text = ["为帮助企业计量人员掌握测量管理体系要求，学会定于七月举办内审员培训班。", "欢迎广大计量人员踊跃参加。"]
    footer = "主办单位：江淮质量计量网 地址：江淮市测量路1号 电话：0551-63000000"
    html = _NOTICE_PAGE.format(text="".join(f"<p>{t}</p>" for t in [*text, footer, "联系人：办公室"]))
    assert _article(html, "http://www.jhjl.example.cn/plus/view.php?aid=9104").paragraphs == text


_CHANZHI_PAGE = """<html><head><title>全省电子秤专项检查完成 - 江北计量学会</title></head><body>
<ul class="breadcrumb"><li>当前位置：<a href="/">首页</a></li><li><a href="/article/c1.html">新闻动态</a></li>
<li>全省电子秤专项检查完成</li></ul>
<div class='article' id='article' data-id='201'><header><h1>全省电子秤专项检查完成</h1>
<dl class='dl-inline'><dd data-toggle='tooltip'><i class='icon-time icon-large'></i> 2024-05-19 15:42</dd>
<dd data-toggle='tooltip'><i class='icon-user icon-large'></i> 何青</dd>
<dt>转载：</dt><dd><a href='http://news.example.com/a/1.html' target='_blank'>江北日报</a></dd>
<dd class='pull-right'><span class='label label-warning'><i class='icon-eye-open'></i> 286</span></dd></dl></header>
<section class='article-content'><p>全省各地对集贸市场在用电子秤开展了专项检查，共抽查电子秤三千余台。</p>
<p>对检查中发现的不合格电子秤，执法人员已责令停止使用并限期整改。</p></section>
<footer><div class='article-moreinfo clearfix'><p class='text-right pull-right'><i>最后编辑：罗敏 于 2024-05-21 10:05</i></p>
<p class='small'><strong class="text-muted">关键字</strong><span class="article-keywords">：电子秤,专项检查</span></p></div></footer>
</div></body></html>"""


def test_a_source_labelled_as_a_reprint_in_a_cell_of_its_own():
    # 蝉知's article page: <dt>转载：</dt><dd><a>江北日报</a></dd> (转载 is also a toolbar's word).
    article = _article(_CHANZHI_PAGE, "http://www.jbjl.example.cn/article/201.html")
    assert (article.source, article.author, article.views) == ("江北日报", "何青", 286)


def test_a_note_of_who_last_edited_the_post_is_no_text():
    # 蝉知's 最后编辑：罗敏 于 2024-05-21 10:05 under the text, as Handsome's 最后修改：.
    article = _article(_CHANZHI_PAGE, "http://www.jbjl.example.cn/article/201.html")
    assert article.paragraphs == [
        "全省各地对集贸市场在用电子秤开展了专项检查，共抽查电子秤三千余台。",
        "对检查中发现的不合格电子秤，执法人员已责令停止使用并限期整改。",
    ]


def test_a_home_crumb_that_is_only_an_icon_leaves_the_next_crumb_a_category():
    # Xiuno BBS: <li><a href="./" aria-label="首页"><i class="icon-home"></i></a></li>, then the
    # board, whose name begins the site's (计量技术 of 计量技术交流论坛): the board is the category.
    html = """<html><head><title>砝码折算质量浅谈-计量技术-计量技术交流论坛</title></head><body>
    <ol class="breadcrumb"><li class="breadcrumb-item"><a href="{home}" aria-label="{label}"><i class="icon-home"></i></a></li>
    <li class="breadcrumb-item"><a href="forum-1.htm">计量技术</a></li>
    <li class="breadcrumb-item active"><a href="thread-12.htm">砝码折算质量浅谈</a></li></ol>
    <h4>砝码折算质量浅谈</h4><div><span class="username"><a href="user-2.htm">秤砣</a></span>
    <span class="date">2024-3-15</span><span><i class="icon-eye"></i> 1562</span></div>
    <div class="message"><p>砝码的折算质量是在约定条件下与之平衡的标准砝码的质量，与真空质量不同。</p></div></body></html>"""
    for home, label in (("./", "首页"), ("./", ""), ("index.php", "")):
        article = _article(html.format(home=home, label=label), "http://bbs.jlx.example.cn/thread-12.htm")
        assert article.category == ["计量技术"], (home, label)


def test_a_headline_marked_as_a_reprint_is_no_source_label():
    # 转载 is a label only with its colon: an old forum's headline, in a cell of its own, ends
    # with (转载).
    html = """<html><head><title>计量论坛</title></head><body>
    <table><tr><td><a href="/">计量论坛</a> &gt; <a href="list.php?forumid=32">计量杂谈</a></td>
    <td>[<a href="soul.php?forumid=32">精华区</a>]　版主：[申请版主]</td></tr></table>
    <table><tr><td width=18%></td><td class=p4><img src=icon/icon7.gif>　<font color=#FFFBB5>老式杆秤为何渐渐退出集贸市场(转载)</font></td></tr>
    <tr><td class=p4><p><a href=user.php?lookuserid=3737>秤砣</a><br><br></td><td class=p4>杆秤曾经是集贸市场里最常见的计量器具，如今却越来越少见了。<br>
    　　<br>　　一方面电子秤读数直观、称量快捷，另一方面杆秤容易被做手脚，市场监管部门也在逐步推广电子秤。<br>
    　　<br>　　发表时间：2004-03-16 10:21</td></tr></table></body></html>"""
    article = _article(html, "http://bbs.jl.example.com/forum/32/1591.html")
    assert article.title == "老式杆秤为何渐渐退出集贸市场(转载)" and article.source is None


@pytest.mark.parametrize(
    ("line", "views"),
    [
        ("点击数：１，２３４", 1234),  # (a meta line typed in full-width)
        ("阅读次数：［５６］", 56),
        ("阅读：3，056次", 3056),
    ],
)
def test_a_full_width_count(line, views):
    html = f"<html><body><h1>区计量所完成年度强检工作</h1><p>发布日期：2024-05-20　作者：王伟　{line}</p>" + (
        "<div><p>区计量所今年共完成强制检定计量器具一万二千余台件，检定合格率保持稳定。</p></div></body></html>"
    )
    assert _article(html, "http://www.qjl.example.gov.cn/tzgg/2024/05/105.html").views == views


@pytest.mark.parametrize("year", ["二O二四", "二0二四", "二◯二四", "二〇二四"])
def test_a_year_in_chinese_numerals_typed_with_the_letter_o_or_the_digit_zero(year):
    html = f"""<html><body><h1>关于开展计量器具专项检查的通知</h1><p>发布日期：{year}年五月二十日　来源：质量股</p>
    <div><p>各有关单位：为加强计量监督管理，决定开展计量器具专项检查。</p></div></body></html>"""
    assert _article(html, "http://www.qjl.example.gov.cn/tzgg/202.html").date == date(2024, 5, 20)


def test_the_ratio_sign_typed_for_a_colon_is_a_colon():
    # ∶ (U+2236) after a label and in a time; a ratio's own is left (比例尺1∶500).
    html = """<html><body><h1>区测绘院完成地形图更新</h1><div>发布时间∶2024-05-21 10∶40　来源∶省市场监管局　作者∶孙晓　浏览∶96</div>
    <div><p>区测绘院完成了比例尺1∶500地形图的更新工作，更新面积达十二平方公里。</p></div></body></html>"""
    article = _article(html, "http://www.qjl.example.gov.cn/hyzx/2024/0521/403.html")
    assert (article.author, article.source, article.views) == ("孙晓", "省市场监管局", 96)
    assert article.published_at == datetime(2024, 5, 21, 10, 40, tzinfo=BEIJING)
    assert article.paragraphs == ["区测绘院完成了比例尺1∶500地形图的更新工作，更新面积达十二平方公里。"]


_SEPARATED_PAGE = """<html><body><div class="position">当前位置：{crumbs}</div><h1>区计量所开展加油机周期检定</h1>
<div class="info">{meta}</div><div class="content"><p>近日，区计量所对辖区加油站的加油机开展了周期检定，共检定加油机一百二十台。</p></div></body></html>"""


@pytest.mark.parametrize(
    "crumbs",
    [
        '<a href="/">首页</a> 》 <a href="/xwdt/">政务公开</a> 》 <a href="/jlgz/">计量工作</a>',
        '<a href="/">首页</a>》<a href="/xwdt/">政务公开</a>》<a href="/jlgz/">计量工作</a>',
        '<a href="/">首页</a>&nbsp;〉&nbsp;<a href="/xwdt/">政务公开</a>&nbsp;〉&nbsp;<a href="/jlgz/">计量工作</a>',
        '<a href="/">首页</a> ≫ <a href="/xwdt/">政务公开</a> ≫ <a href="/jlgz/">计量工作</a>',
        "首页 》 政务公开 》 计量工作",
        '<a href="/">首页</a><img src="/images/jt.gif"><a href="/xwdt/">政务公开</a><img src="/images/jt.gif"><a href="/jlgz/">计量工作</a>',
    ],
)
def test_crumbs_set_off_by_the_imes_arrows_or_an_arrows_image(crumbs):
    html = _SEPARATED_PAGE.format(crumbs=crumbs, meta="发布时间：2024-05-20 10:10 来源：区市场监管局")
    assert _article(html, "http://www.qjl.example.gov.cn/jlgz/2024/05/20/503.html").category == ["政务公开", "计量工作"]


def test_a_crumb_holding_a_book_title_keeps_it():
    html = _SEPARATED_PAGE.format(crumbs='<a href="/">首页</a> &gt; <a href="/zz/">《江东计量》杂志</a>', meta="发布时间：2024-05-20")
    assert _article(html, "http://www.qjl.example.gov.cn/zz/2024/05/20/503.html").category == ["《江东计量》杂志"]


@pytest.mark.parametrize(
    "meta",
    [
        "发布时间：2024-05-18 09:00 │ 来源：区市场监管局 │ 作者：郑凯 │ 浏览：75",
        "■发布时间：2024-05-18 09:00　■来源：区市场监管局　■作者：郑凯　■浏览：75次",
        "发布时间：2024-05-18 09:00 ／ 来源：区市场监管局 ／ 作者：郑凯 ／ 浏览：75",
        "发布时间：2024-05-18 09:00 ● 来源：区市场监管局 ● 作者：郑凯 ● 浏览：75",
        "［发布时间］2024-05-18 09:00　［来源］区市场监管局　［作者］郑凯　［浏览］75",
        "〔来源：区市场监管局〕〔作者：郑凯〕〔发布时间：2024-05-18 09:00〕〔浏览：75〕",
    ],
)
def test_bars_bullets_and_brackets_between_meta_items_are_no_part_of_a_value(meta):
    article = _article(_SEPARATED_PAGE.format(crumbs="首页", meta=meta), "http://www.qjl.example.gov.cn/xwdt/2024/05/18/501.html")
    assert (article.source, article.author, article.views, article.date) == ("区市场监管局", "郑凯", 75, date(2024, 5, 18))


@pytest.mark.parametrize(
    "tools",
    ['<span class="fontsize" style="float:right">【字体：<a href="javascript:doZoom(16)">大</a> <a href="#">中</a> <a href="#">小</a>】</span>',
     '<span class="tools" style="float:right">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a> | <a href="#">打印</a></span>'],
)
def test_a_font_box_floated_before_the_meta_line_leaves_it_meta(tools):
    meta = f"{tools}<span>发布时间：2024-05-18 10:20</span>　<span>来源：办公室</span>　<span>浏览次数：88</span>"
    article = _article(_SEPARATED_PAGE.format(crumbs="首页", meta=meta), "http://www.qjl.example.gov.cn/ynxw/2024/0518/9901.html")
    assert (article.date, article.source, article.views) == (date(2024, 5, 18), "办公室", 88)


@pytest.mark.parametrize("source", ['"质量江苏"微信公众号', "<<中国质量报>>", "<中国计量>杂志"])
def test_a_source_in_ascii_quotes_or_angle_brackets_is_no_leaked_markup(source):
    # (typed with the IME in English mode; escaped by the CMS)
    from html import escape

    meta = f"发布时间：2024-5-18 10:30:00　来源：{escape(source, quote=True)}　作者：钱进　点击：58"
    article = _article(_SEPARATED_PAGE.format(crumbs="首页", meta=meta), "http://www.qjl.example.gov.cn/bsxw/2024/05/10001.html")
    assert (article.source, article.author) == (source, "钱进")


def test_an_inline_noscript_beside_its_script_is_the_text_a_reader_without_scripts_sees():
    html = """<html><body><h1>关于举办计量检定员培训班的通知</h1><p>发布时间：2024-05-20　来源：学会秘书处</p>
    <div class="content"><p>学会定于六月举办计量检定员培训班，请各单位按时报名。</p>
    <p>联系人：张明，联系电话：<script>document.write('0571-' + '87654321');</script><noscript>0571-87654321</noscript>，电子邮箱：<script>var u='jlxh';document.write(u + '@example.org.cn');</script><noscript>jlxh@example.org.cn</noscript>。</p>
    <noscript>您的浏览器已禁用JavaScript，部分功能无法使用。</noscript></div></body></html>"""
    assert _article(html, "http://www.jlxh.example.org.cn/xhtz/2024/05/1101.html").paragraphs == [
        "学会定于六月举办计量检定员培训班，请各单位按时报名。",
        "联系人：张明，联系电话：0571-87654321，电子邮箱：jlxh@example.org.cn。",
    ]


def test_an_interviews_boxes_named_ft_are_no_footer():
    # 访谈 (fangtan): ft-content holds the transcript; Discuz!'s id="ft" is a footer.
    html = """<html><body><h1>在线访谈：守护百姓身边的“秤杆子”</h1><div class="info">发布日期：2024-05-15　浏览次数：2087</div>
    <div class="ft-content"><p><strong>[主持人]</strong> 各位网友大家好！欢迎收看本期在线访谈，今天我们聊一聊民生计量。</p>
    <p><strong>[嘉宾]</strong> 大家好！民生计量与群众生活息息相关，集贸市场的秤准不准，大家最关心。</p></div>
    <div id="ft"><p>版权所有 江东省市场监督管理局</p></div></body></html>"""
    article = _article(html, "http://www.jd.example.gov.cn/ft/2024/0515/3290.html")
    assert len(article.paragraphs) == 2 and article.paragraphs[0].startswith("[主持人]")


@pytest.mark.parametrize(
    "control",
    ["展开全文 ∨", "展开剩余 80%", "还剩70%未读，继续阅读", "跳转到：<select><option>第1页</option></select>",
     "1/4 <a href='1234_2.html'>下一张</a>", "共3张", "（图/文 王磊）", "图文/王磊"],
)
def test_an_expand_control_a_page_jumper_a_gallerys_counter_and_a_photo_credit_are_no_text(control):
    html = f"""<html><body><h1>计量检定员走进校园</h1><p>发布时间：2024-05-21 09:30</p>
    <div class="content"><p>市计量所检定员走进校园，为学生讲解计量知识，现场演示电子天平的使用方法。</p>
    <div class="more">{control}</div></div></body></html>"""
    article = _article(html, "http://www.jd.example.gov.cn/news/2024/0521/6601.html")
    assert article.paragraphs == ["市计量所检定员走进校园，为学生讲解计量知识，现场演示电子天平的使用方法。"]
    if "王磊" in control:
        assert article.author == "王磊"


def test_a_gallerys_counters_before_its_captions_go():
    items = "".join(
        f'<div class="item"><img src="/j{n}.jpg"><p class="cap"><span class="idx">{n}/3</span>{text}</p></div>'
        for n, text in enumerate(["检定人员对城区加油站在用加油机逐枪进行检定。", "检定人员核对加油机编码器铅封。", "检定合格的加油机加贴合格标志。"], 1)
    )
    html = f"<html><body><h1>图说：加油机检定</h1><p>发布时间：2024-05-08</p><div class='gallery'>{items}</div></body></html>"
    assert _article(html, "http://www.jd.example.gov.cn/tpxw/2024/05/08/art_12_490.html").paragraphs == [
        "检定人员对城区加油站在用加油机逐枪进行检定。", "检定人员核对加油机编码器铅封。", "检定合格的加油机加贴合格标志。",
    ]
    # (a text's own 1/3 is a third)
    html = "<html><body><h1>调查</h1><p>发布时间：2024-05-08</p><div><p>1/3的企业尚未建立计量管理制度。</p></div></body></html>"
    assert _article(html, "http://www.jd.example.gov.cn/tpxw/2024/05/08/art_12_491.html").paragraphs == ["1/3的企业尚未建立计量管理制度。"]


_ENTRIES = [("2024-05-24 11:40", "闭幕式上，主办方宣布下一届计量测试技术交流会将在临波市举办。"),
            ("2024-05-24 10:05", "会议发布了计量数字化转型白皮书，白皮书总结了近年来计量数字化的主要进展。"),
            ("2024-05-23 15:30", "在计量与新能源分会场，专家介绍了光伏组件功率测量的最新溯源方法。"),
            ("2024-05-23 09:00", "交流会开幕，来自全国的六百余名代表参会，围绕计量赋能主题进行研讨。")]


@pytest.mark.parametrize("lead", ["<div class='zb-lead'><p>五月二十三日至二十四日，计量测试技术交流会在澄州市举行，本网进行图文直播。</p></div>", ""])
def test_a_live_reports_entries_each_in_a_box_of_its_own(lead):
    items = "".join(
        f"<div class='zb-item'><div class='zb-time'>{time}</div><div class='zb-con'><p>{text}</p></div></div>" for time, text in _ENTRIES
    )
    html = f"""<html><body><h1>【直播】计量测试技术交流会</h1><div class="info">发布时间：2024-05-23 08:30　来源：东江计量网</div>
    {lead}<div class="zb-list">{items}</div><div class="share">分享到：<a href="#">微信</a></div></body></html>"""
    paragraphs = _article(html, "http://www.djjl.example.cn/zhibo/2024/0523/3310.html").paragraphs
    assert [p for p in paragraphs if "直播" not in p] == [text for _, text in _ENTRIES]
    assert bool(lead) == any("图文直播" in p for p in paragraphs)


@pytest.mark.parametrize("longer", ["letter", "answer"])
def test_a_letter_and_its_answer_in_two_boxes_are_one_exchange(longer):
    letter = ["我是一家小型食品加工厂的负责人，厂里有五台电子台秤用于称量原料，请问是否需要强制检定？"]
    answer = ["您好！用于贸易结算的电子台秤属于强制检定的工作计量器具，应当申请周期检定。"]
    (letter if longer == "letter" else answer).append("仅用于企业内部原料配比、不直接用于贸易结算的台秤，可由企业自行确定校准周期。")
    html = f"""<html><body><h1>关于食品厂电子台秤是否需要强制检定的咨询</h1><div class="zx-info"><span>发布日期：2024-05-10</span></div>
    <div class="zx-box"><div class="zx-row"><span>来信人：</span><span>李**</span><span>来信时间：</span><span>2024-05-06 10:21</span></div>
    <div class="zx-q">{"".join(f"<p>{p}</p>" for p in letter)}</div></div>
    <div class="zx-box reply"><div class="zx-row"><span>答复单位：</span><span>澄州市市场监督管理局计量科</span><span>答复时间：</span><span>2024-05-09 15:40</span></div>
    <div class="zx-a">{"".join(f"<p>{p}</p>" for p in answer)}</div></div>
    <div class="tools"><a href="javascript:window.print()">【打印本页】</a></div></body></html>"""
    paragraphs = _article(html, "http://www.cz.example.gov.cn/hdjl/zxzx/2024/0510/5521.html").paragraphs
    assert paragraphs == [*letter, "答复单位：澄州市市场监督管理局计量科答复时间：2024-05-09 15:40", *answer]


def test_a_video_pages_box_of_more_videos_ends_its_text():
    html = """<html><body><h1>计量人的一天</h1><div class="vinfo">发布时间：2024-05-06　播放：3562</div>
    <div class="player"><video src="/v/205.mp4"></video></div><div class="vsummary">计量人的一天：跟随检定员走进燃气表检定车间。</div>
    <div class="more-video"><h3>更多视频</h3><ul><li><a href="/sp/2024/05/201.html">计量科普：电子秤为什么要检定</a><span>2024-05-02</span></li></ul></div>
    </body></html>"""
    assert _article(html, "http://www.djjl.example.cn/sp/2024/05/205.html").paragraphs == ["计量人的一天：跟随检定员走进燃气表检定车间。"]


def _body(text: str) -> list[str]:
    html = f"""<html><body><h1>测量不确定度评定实例</h1><p>发布时间：2024-05-20　来源：计量所</p>
    <div class="content">{text}</div></body></html>"""
    return _article(html, "http://www.jly.example.cn/kepu/2024/0520/1201.html").paragraphs


def test_a_formula_a_condition_or_a_value_on_a_line_of_its_own_is_text():
    assert _body("<p>检定时实验室温度应控制在：</p><p>（20±2）℃</p><p>相对湿度不大于80%。</p>") == [
        "检定时实验室温度应控制在：", "（20±2）℃", "相对湿度不大于80%。"]
    assert _body("<p>以修约到0.01为例：</p><p>12.345 → 12.34</p><p>−0.365 → −0.36</p><p>末位只进不舍。</p>")[1:3] == [
        "12.345 → 12.34", "−0.365 → −0.36"]
    assert _body("<p>本批次合格率：</p><p><strong>98.6%</strong></p><p>较上年提高一个百分点。</p>")[1] == "98.6%"
    assert _body("<p>扩展不确定度一般保留一至两位有效数字。</p><p>2.1<br>定义：有效数字是从左起第一个非零数字起的数字。</p>")[1] == "2.1"
    # (a counter or a divider among them is none)
    assert _body("<p>检定时实验室温度应控制在规定范围内。</p><p>———</p><p>1234</p>") == ["检定时实验室温度应控制在规定范围内。"]


def test_the_ratio_sign_of_a_ratio_stays():
    assert _body("<p>按体积比1∶10配制，<i>m</i><sub>1</sub>∶<i>m</i><sub>2</sub>＝1∶2，比例尺1∶500。</p>") == [
        "按体积比1∶10配制，m₁∶m₂＝1∶2，比例尺1∶500。"]


def test_mathml_scripts_full_width_scripts_and_a_footnotes_mark_are_written_as_scripts():
    mathml = ("<p><math><msub><mi>U</mi><mi>rel</mi></msub><mo>=</mo><mn>2</mn><mo>×</mo><msup><mn>10</mn>"
              "<mrow><mo>−</mo><mn>4</mn></mrow></msup></math>，单位为<math><msup><mi>m</mi><mn>2</mn></msup></math>。</p>")
    assert _body(mathml) == ["Urel=2×10⁻⁴，单位为m²。"]
    assert _body("<p>写成了10<sup>－６</sup>、m<sup>２</sup>和CO<sub>２</sub>。</p>") == ["写成了10⁻⁶、m²和CO₂。"]
    assert _body('<p>年输送量约为3&nbsp;500<sup><a href="#fn1">1</a></sup>万m<sup>3</sup>。</p>') == ["年输送量约为3 500¹万m³。"]


def test_a_standards_year_split_by_a_word_run_after_its_colon_is_one_number():
    assert _body('<p><span lang="EN-US">依据ISO/IEC 17025:20</span><span lang="EN-US">17</span><span>开展评审。</span></p>') == [
        "依据ISO/IEC 17025:2017开展评审。"]


def test_a_columns_unit_under_its_name_with_a_slash():
    table = ("<p>检定结果如下：</p><table><thead><tr><th>标准器示值<br>/℃</th><th>被检示值<br>/℃</th></tr></thead>"
             "<tbody><tr><td>20.00</td><td>20.03</td></tr><tr><td>50.00</td><td>50.05</td></tr></tbody></table>"
             "<p>被检温度计各点示值误差均在最大允许误差范围内，检定结论为合格。</p>")
    assert "/℃" in _body(table)


def test_a_month_written_with_the_long_s_is_no_crash():
    # (a case-blind S matches ſ: the month's name is read casefolded, sep)
    from metrology_spider.dates import parse_date

    assert parse_date("ſep 5, 2024")[0] == date(2024, 9, 5)

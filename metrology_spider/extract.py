"""Article extraction: a parsel ``Selector`` in, an :class:`Article` or an
:class:`ExtractionFailure` with its reason out. Pure: no I/O, no Scrapy objects.

Nothing here knows CSS classes. The page is read as lines (see
:mod:`metrology_spider.pagelines`), and every kind of evidence it offers is
weighed, field by field:

- **title**: the line that a machine-readable title (``ArticleTitle``,
  ``og:title``, JSON-LD ``headline``, microdata) or the page's ``<title>``
  names, preferring headings, non-links, and lines with a date and prose right
  after them; a subtitle inside the heading is cut off when a machine title
  or ``<title>`` shows where the title ends;
- **body**: the block that holds the most prose (characters outside links,
  weighted by Chinese punctuation, readability-style: a line counts fully for
  its block and half for the block around it), widened to prose lines right
  next to it, and cut to what follows the title and meta line; it ends at
  footer lines (分享到, 上一篇, 相关新闻, comments ...) or at a meta block
  standing below the body; toolbars, counters, pure link lines and icon-font
  characters are left out;
- **date**, by this rule: a date labelled as the publication date
  (发布时间, 发表于, 发布日期 ...) next to the title wins; then the page's
  machine-readable date (``PubDate``, ``article:published_time``, JSON-LD,
  microdata, ``<time datetime>``); then a date with no label next to the title;
  then a labelled date in a meta block below the body. Dates labelled as
  something else (成文日期, 印发日期, 实施日期) never count, nor do dates in
  link lists, headers or comments. When the page's text and its machine date
  disagree on the day, the text wins and the disagreement is reported;
- **author, source, views**: labelled values (with or without a colon, labels
  and values in separate elements, counts before their label as in
  ``1164次阅读``) in the meta lines next to the title or in the meta block
  below the body, then machine-readable values; a placeholder source
  (转载文章) gives way to a named one;
- **category**: the breadcrumb, labelled (当前位置) or not (a chain of links
  from 首页, an element whose class or ``aria-label`` says breadcrumb).

A page yields a record only when it is plausible: a title that is a title, a
date in a plausible range, and a body with prose of its own. Anything else is
an :class:`ExtractionFailure` naming the field.

The text is returned as the page has it (Traditional, readings and all);
:mod:`metrology_spider.normalize` cleans it in the pipeline.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache, lru_cache
from itertools import islice
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from w3lib.url import canonicalize_url

from metrology_spider.dates import (
    BEIJING,
    DateMatch,
    find_dates,
    parse_date,
    parse_machine_date,
    roc_value_date,
)
from metrology_spider.evidence import Evidence, hcard_author, listed_author, machine_evidence
from metrology_spider.items import Article, ExtractionFailure
from metrology_spider.pagelines import Line, PageLines
from metrology_spider.textmatch import READING_AFTER, LazyPattern, characters, compile_guarded, tolerant

__all__ = [
    "BEIJING",
    "Extraction",
    "article_id",
    "extract_page",
    "parse_article",
    "parse_date",
    "parse_view_count",
]

_SP = r"[ \t\u3000\xa0]"
_COLON = rf"{_SP}*[:：]{_SP}*"
_OPT_COLON = rf"{_SP}*[:：]?{_SP}*"
_BAR = rf"{_SP}*[|丨｜]{_SP}*"  # (WeChat's credits: 文 | 王晓燕)
_NOT_AFTER_CJK = r"(?<![\u4e00-\u9fff])"

_DATE_LABELS = tolerant(
    "发布时间", "发表时间", "发布日期", "发表日期", "发稿时间", "刊发时间", "上传时间", "录入时间",
    "添加时间", "发表于", "发布于", "更新时间", "更新日期", "时间", "日期",
)  # fmt: skip
# Dates with these labels are never the publication date.
_OTHER_DATE_LABELS = tolerant(
    "成文日期", "印发日期", "生效日期", "实施日期", "施行日期", "截止日期", "截止时间", "注册时间", "登录时间",
    "最后登录", "出生日期", "开始时间", "结束时间", "报名时间", "会议时间", "举办时间",
    # (a letter's and its answer's in a Q&A, 政民互动: not the page's publication)
    "留言时间", "留言日期", "提问时间", "来信时间", "来信日期", "回复时间", "回复日期", "答复时间", "答复日期",
    "收稿日期", "修回日期",
    # (an event's, a tender's, at the head of a notice's text: 开标时间：2024年6月10日 09:30)
    "开标时间", "开标日期", "投标截止时间", "截标时间", "报告时间", "讲座时间", "培训时间", "考试时间",
    "发文日期", "活动时间", "比赛时间", "开幕时间", "闭幕时间", "开幕日期", "闭幕日期", "展会时间", "展览时间", "展出时间",
    "布展时间", "撤展时间", "报到时间", "提交时间", "受理时间", "办理时间", "咨询时间",
    # (a trade fair's and a course's: 展期：2024.09.18-09.20, 开班时间：2024-08-05 09:00)
    "展会日期", "展览日期", "展出日期", "举办日期", "会议日期", "活动日期", "培训日期", "考试日期", "开展时间", "开展日期",
    "开班时间", "开班日期", "报名截止时间", "报名截止日期", "报名截止", "展期", "会期",
    # (a tender's deadlines, written short: 投标截止：2024-06-27 17:00, 开标：…, 有效期至：…)
    "投标截止", "报价截止", "获取文件截止", "公示截止", "答疑截止", "征集结束", "有效期至", "开标", "截止",
)  # fmt: skip
_SPECIFIC_DATE_RE = LazyPattern(
    tolerant("发布时间", "发表时间", "发布日期", "发表日期", "发稿时间", "刊发时间", "发表于", "发布于")
)
_AUTHOR_LABELS = tolerant("原作者", "作者", "执笔人", "撰稿人", "撰稿", "撰文")
# 以下文章来源于甲 ，作者乙: the card of a WeChat account whose article is reposted.
_SOURCE_LABELS = tolerant("以下文章来源于", "文章来源", "信息来源", "新闻来源", "素材来源", "视频来源", "来源", "稿源", "出处", "转载自")
# Labels only with their colon: 文：甲 is a byline, while 文 alone is a word (and the
# first character of 文章来源); 来自：乙 is a source (Discuz! X's portal), 来自 alone a verb.
_AUTHOR_COLON_LABELS = tolerant("文", "博主", "楼主")  # (Typecho Handsome's 博主： beside the post's date; not 本文为博主原创文章)
_SOURCE_COLON_LABELS = tolerant("来自", "转自", "转载")  # (转自：乙, a copy's; 转载：乙, 蝉知's, not a headline's (转载))
# 文：甲　图：乙: the pictures' credit ends the author's (not after a character: 资料图：… is a caption).
_OTHER_COLON_LABELS = tolerant("图")
_VIEWS_LABELS = "(?:" + tolerant(
    "浏览次数", "浏览人次", "浏览量", "浏览数", "浏览", "点击次数", "点击人次", "阅读人次", "点阅人次", "访问人次", "点击数", "点击量", "点击率", "点击热度", "点击", "阅读数", "阅读量",
    "阅读次数", "阅读", "人气", "热度", "关注度", "查看次数", "查看", "访问量", "访问次数", "访问统计", "阅览次数",
    "阅览数", "阅览量", "阅览", "点阅次数", "点阅数", "点阅", "播放次数", "播放量", "播放",
) + "|\U0001f441\ufe0f?)"  # fmt: skip (👁 128: an eye, the character, as the count's label)
_OTHER_LABELS = tolerant(
    "责任编辑", "编辑", "责编", "审核", "校对", "摄影", "评论", "字体", "字号", "分类", "标签",
    "关键词", "关键字", "索引号", "发文字号", "发布机构", "发文机关", "主题分类", "楼主",
    "图片来源", "数据来源", "资料来源", "图片作者", "作者单位", "作者简介",
    "IP属地", "IP归属地",  # (a portal's region of the poster, right after the source's name)
)  # fmt: skip
# 作者 that begins another label or a note (作者单位：, 作者简介：, 作者按：) is not the
# author's, nor the end of a word (广大计量工作者：, 创作者, 著作者; but 原创 ends a source).
_NOT_AUTHOR_AFTER = tolerant("单位", "简介", "按", "最新", "其他", "更多", "相关", "文章")  # (作者最新文章: a list's heading)
_NOT_AUTHOR_BEFORE = "(?<![工写著寫])(?<![^原][创創])"  # (来源：本站原创作者：甲: spans side by side)
# 发布于 right after the name before it, its date after it (WordPress's <span>韩青</span><span>发布于 </span>).
_POSTED_LABELS = tolerant("发布于", "发表于")
# One regular expression for every label of the meta line; a label is not part of a word.
# A label stands where no CJK character comes before it (作者 in 工作者 is none), or right
# after one when its colon follows (来源：未知作者：admin: spans written without a space).
# (Spans side by side, their text joined: a label after a date or a count, 2024年03月02日作者市场部,
# 浏览87次作者市场部; a count's label before its number, 来源：质量部阅读 95: _views_after_value.)
_COUNT_AFTER = r"[ \u3000\xa0]*\d[\d,]*[ \u3000\xa0]*(?:次|人次)?(?=[ \u3000\xa0|｜/]|$|(?:点赞|赞|评论|收藏|分享|转发)\s*\d)"
_LABEL_START = rf"(?:{_NOT_AFTER_CJK}|(?=[^:：]{{1,6}}[:：])|(?={_POSTED_LABELS}{_SP}*\d)|(?<=\d[日号次]))"
# 点击查看, 点击进入, 阅读全文: a link's words, no count's label.
_CLICK_TO = tolerant("查看", "进入", "这里", "此处", "详情", "更多", "下载", "全文", "原文")
_LABEL_RE = LazyPattern(
    _LABEL_START
    + "(?:"
    + "|".join(
        [
            f"(?P<other_date>{_OTHER_DATE_LABELS}){_OPT_COLON}",
            f"(?P<date>{_DATE_LABELS}){_OPT_COLON}",
            f"(?P<author>{_NOT_AUTHOR_BEFORE}(?:{_AUTHOR_LABELS})(?!{_NOT_AUTHOR_AFTER}){_OPT_COLON}"
            f"|(?<![原译譯全正课課本中英图圖公附散韵韻])(?:{_AUTHOR_COLON_LABELS})(?:{_COLON}|{_BAR}))",
            f"(?P<source>{_SOURCE_LABELS}{_OPT_COLON}|{_SOURCE_COLON_LABELS}{_COLON})",
            f"(?P<views>{_VIEWS_LABELS})(?!{_CLICK_TO}){_OPT_COLON}",
            f"(?P<other>{_OTHER_LABELS}{_OPT_COLON}|{_NOT_AFTER_CJK}{_OTHER_COLON_LABELS}(?:{_COLON}|{_BAR}))",
        ]
    )
    + ")"
)


def _ends_with_label(text: str) -> bool:
    """A label at the end of the line (its value in the next cell): ``(?:_LABEL_RE)$``,
    asked of :data:`_LABEL_RE` at each position rather than compiled a second time
    (0.1 s). Lines hold no newline, so ``$`` is the end of the text."""
    return any(_LABEL_RE.fullmatch(text, i) for i in range(len(text)))


# A date as the meta lines write it: 2021-03-04, 2021/3/4, 2021年3月4.
_WRITTEN_DATE = r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}"
# A value ends where the page's tool links begin: 【字体：大 中 小】, [打印], | ...
_VALUE_END_RE = compile_guarded(
    # (fields set off by a dot: 甲 · 作者：乙; glued, where a count or date follows: 刘洋·1,286)
    r"[ \t\u3000\xa0][·•]|[·•](?=\s*\d)|"
    # (another credit's label after the value: 来源：计量处解读人：王海峰, spans side by side)
    r"(?:解读人|解读机构|解读单位|发布人|发布单位|发布部门|供稿单位|供稿人|供稿|审核人|撰写人|撰写|撰稿人|撰稿|审稿人|核稿人|录入人|录入员|信息提供"
    r"|(?:工作)?单位)\s*[:：]"  # (作者：张立　单位：江东省计量科学研究院: the author's employer)
    r"|[ \t\u3000\xa0]第\s*\d{1,3}\s*版"  # (a newspaper's page after its name: 来源：中华质量报 第3版)
    r"|\d{1,2}\s*(?:天|小时|小時|分钟|分鐘|周|週)前"  # (a date relative to now, its span against the name's: 陈立3天前)
    # (and the bars, slashes and bullets set between items, or before each: 来源：甲 │ 作者：乙, ■作者：乙
    # ■浏览：42, 甲 ／ 乙, ［来源］甲　［作者］乙, 〔来源：甲〕〔发布时间：…〕)
    r"|[【\[［〔|丨｜/／│┃▏■●◆◇◎▪▶►・]|[ \t\u3000\xa0]{3}|\s[-—]\s|\s?A[+-]|\s(?:分享|打印|字号|字体|网友评论|我要评论|我要留言|参与互动|参与讨论|评论\s*\d|微信|微博|举报|纠错|投诉"
    # (a reader's, an accessibility bar's, a bookmark's or a like's button: 来源：区计量所 语音播报)
    r"|朗读|听新闻|听全文|无障碍|视力保护色|护眼模式|关怀版|长者模式|我要纠错|收藏|扫码|点赞|手机看|🔊|(?:赞|喜欢)\s*[(（]?\d)"
    # (glued to the value: 来源：综合办公室打印收藏, 计量处分享到：, 张三已有12人点赞, busuanzi's 本文总阅读量次)
    r"|(?:打印|收藏|分享到|点赞|无障碍阅读|无障碍浏览|视力保护色|护眼模式|长者模式|关怀版|我要纠错|🔊)+[:：]?\s*[(（]?\d*[)）]?\s*$"
    r"|已有\s*\d+\s*人|本文总阅读量|语音播报|朗读本文"  # (spaced or glued)
    # (a post's length and reading time: 字数 2,360, 本文字数：2.1k, 全文 2,360 字, 约 8 分钟读完)
    r"|\s*(?:本文)?字数\s*[:：]?\s*[\d,.]+\s*[kK千万]?|\s*(?:全文|约)\s*[\d,.]+\s*字|\s*约\s*\d+\s*分钟|\s*阅读(?:约需|时长|需)"
    rf"|{_WRITTEN_DATE}"  # a date after the value (作者：甲 2021-03-04 08:30)
    # (or one without its year, as phones' pages write it: 来源：甲 6月21日 09:40, 甲 06-21 09:40)
    r"|[ \t\u3000\xa0]\d{1,2}月\d{1,2}日|[ \t\u3000\xa0]\d{1,2}-\d{1,2}[ \t\xa0]+\d{1,2}:\d{2}"
    # (or counts, each by its icon: 来源：企业供稿 <i eye></i>1,865 <i comment></i>12; or the count's unit
    # alone, its number a script's: 来源：杭州日报 <i eye></i><script count.php></script> 次)
    r"|(?:\s+(?:\d{1,3}(?:,\d{3})+|\d+)\s*(?:次|人次)?)+\s*$|\s+(?:次|人次)$"  # a count after it, its label an icon (来源：甲 <i class="icon-eye"></i> 1,234, 97次)
    # (a reprint notice after it: 原创文章，作者：李华，如若转载，请注明出处：…)
    r"|[，,；;]\s*(?:如若|如需|如要|若要|若需|欢迎)?(?:转载|轉載)|[，,]\s*请注明"
    r"|[。！？]"  # (a sentence's end: 来源：计量测试微信公众号。本站经授权转载，…)
)
# The words that lead into a count after a value (来源：县卫健局 本文已被浏览 358 次: the value
# runs up to the count's label 浏览, and 本文已被 is no part of it).
_COUNT_LEAD_IN_RE = compile_guarded(r"[ \t\u3000\xa0]+(?:本文|本页|该文|此文|本篇|文章)?(?:已经?被?|被|共)$")
# A count in a line of meta: 8309, or 1,234 (thousands separated, as WordPress themes write it).
_COUNT = r"(\d{1,3}(?:,\d{3}){1,4}(?![\d,])|\d{1,9})"
_VIEWED = tolerant("阅读", "浏览", "点击", "查看", "阅览")
# 2345次阅读, 1864 阅读 / 5 评论 (without 次, only where the label ends the words and no
# value follows it: not 5阅读理解, not 评论 - 102 阅读 - 98765); not the end of a date or a
# time written against it (2021-03-04阅读, 09:302345次阅读).
_COUNT_BEFORE_LABEL_RE = LazyPattern(
    rf"(?<!\d)(?<!\d,)(?<![-/.:]){_COUNT}{_SP}*"
    rf"(?:(?:次|人次){_SP}*(?:{_VIEWED})|(?:{_VIEWED})(?=\s*(?:$|[/|·,，、)）\]】])|\s+[^\d\s-]))"
)
_VIEWS_SENTENCE_RE = compile_guarded(rf"第{_SP}*{_COUNT}{_SP}*(?:个|位)(?:阅览者|读者|访问者)")
_VIEWS_PEOPLE_RE = compile_guarded(rf"共{_SP}*{_COUNT}{_SP}*人次?(?:浏览|阅读|访问|看过)")  # 共 358 人浏览
_VIEWS_IN_BRACKETS_RE = LazyPattern(
    rf"(?:{tolerant('阅读全文', '阅读', '浏览', '点击')}){_SP}*[（(]{_SP}*{_COUNT}{_SP}*[)）]"
)
_VIEWS_TIMES_RE = LazyPattern(rf"(?:{_VIEWED}){_SP}*{_COUNT}{_SP}*(?:次|人次)")
_SOURCE_OR_AUTHOR_COLON_RE = LazyPattern(
    rf"^(?:{_SOURCE_LABELS}|{_SOURCE_COLON_LABELS}|{_AUTHOR_LABELS}|{_AUTHOR_COLON_LABELS}){_COLON}"
)
# (记者 张晓 通讯员 李娜: the reporters' names, not the correspondents' word)
# (names side by side: 张三 李四; not a label after the name: 文／陈慧玲 发布 / 2024年5月20日)
_NAMES = (
    r"[\u4e00-\u9fff]{2,4}(?:[ 、](?!通讯员|通訊員|记者|記者|实习生|實習生|见习记者|見習記者|特约记者|特約記者"
    r"|发布|發佈|發布|发表|發表|更新|编辑|編輯|来源|來源|时间|時間|日期)[\u4e00-\u9fff]{2,4}){0,4}"
)
# Bylines: （记者 张三）, 本报记者李四发自北京, 河南商报记者王五/文, 新华社记者 赵六 钱七,
# （通讯员 钱进）, 文/钱进 图/李明, 文/图 李娜 (text and pictures by one: 文/图：甲, 文·图/甲).
_TEXT_BY = (
    r"文(?:[ \u3000]?[/／][ \u3000]?|[ \u3000]?[/／·][ \u3000]?[图圖](?:[ \u3000]?[/／:：][ \u3000]?|[ \u3000]))"
    r"|[图圖][ \u3000]?[/／·]?[ \u3000]?文(?:[ \u3000]?[/／:：][ \u3000]?|[ \u3000])"  # (photo news' 图/文 甲, 图文/甲, 图/文：甲)
    r"|文字[ \u3000]?[:：][ \u3000]?"  # (（文字：许文斌　摄影：丁雪）)
)
_BYLINE_RE = compile_guarded(
    rf"(?:(?:^|[（(【\[〔 ])(?:[^，。；！？（()）]{{0,14}}?(?:[记記]者|通讯员|通訊員)[ \u3000]?[:：|｜]?[ \u3000]?|(?:{_TEXT_BY}))"
    rf"|(?<=\d)(?:{_TEXT_BY}))"  # (after a date, its span beside: 2024-05-20文/甲; 界面's 记者 | 陈茜)
    # (not a photographer's 摄 as the name's last character: （记者王小明摄）; 记者甲／台北报导, 〔记者甲／台北报导〕;
    # a name of two characters an e-paper pads to three: 本报记者 王 浩)
    r"(" + _NAMES + r"|[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff](?![\u4e00-\u9fff]))(?<![摄攝])(?=[)）】\]〕/／ \u3000·•]|发自|發自|报道|報道|报导|報導|$)"
)  # (a dot in a span of its own after the name: 文 / 王磊·2024年5月18日)
_PADDED_NAME_RE = compile_guarded(r"^([\u4e00-\u9fff])[ \u3000]([\u4e00-\u9fff])$")
# Blog and forum posters: "ggjjzhzz 发表于 2005-9-15", "... by 眉间尺", "本贴由大卫于2005年...发表",
# "posted @ 2021-03-04 08:30 张三 阅读(12)" (cnblogs).
_POSTER_RES = (
    re.compile(r"^([\w\u4e00-\u9fff.-]{2,20})\s+发表于"),
    re.compile(r"\bby\s+([\w\u4e00-\u9fff.-]{2,20})"),
    re.compile(r"本[贴帖文]由\s*([\w\u4e00-\u9fff.-]{2,20}?)\s*于"),
    re.compile(r"(?:^|\s)由\s*([\w\u4e00-\u9fff.-]{2,20}?)\s*发表于"),  # (Drupal 7's 由 甲 发表于 …)
    # CSDN: 量值溯源小周 于 2021-03-04 08:30:00 发布, and an edited post's 量值溯源小周 已于 … 修改.
    re.compile(
        rf"^([\w\u4e00-\u9fff.-]{{2,20}}?)\s*(?:于|已于)\s*{_WRITTEN_DATE}日?"
        r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:发布|修改)"
    ),
    # Drupal's "submitted by": 提交者 周立平 于 2021-03-04 10:20.
    re.compile(r"(?:提交者|发布者|发布人)[:：]?\s*([\w\u4e00-\u9fff.-]{2,20}?)\s*于\s*(?:19|20)\d\d"),
    # Drupal 7 in Chinese: 由 王海涛 于 星期三, 05/08/2024 - 16:40 提交.
    re.compile(r"(?:^|\s)由\s*([\w\u4e00-\u9fff.-]{2,20}?)\s*于\s*[^提由]{6,40}?提交"),
    re.compile(
        r"\bposted\s*@\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+([\w\u4e00-\u9fff.-]{2,20})(?=\s|$)",
        re.I,
    ),
)
_PLACEHOLDER_SOURCES = frozenset(("转载文章", "转载", "网络", "互联网", "未知", "不详", "本站"))
_PLACEHOLDER_AUTHORS = frozenset(("佚名", "未知", "匿名", "不详"))

# 位置 alone is a label only with its colon (位置度公差… is a link's text).
_BREADCRUMB_RE = LazyPattern(
    tolerant(
        "您当前的位置", "您现在的位置", "当前位置", "当前的位置", "您的位置", "所在位置", "您所在的位置", "当前您在",
        "现在位置", "目前位置", "现在的位置", "你的位置", "你现在的位置", "您现在所在的位置", "你现在所在的位置",
        "当前栏目", "所在栏目",
    )
    + rf"{_SP}*[:：]?|"
    + tolerant("位置")
    + rf"{_SP}*[:：]"
)
# (not the slash of GB/T nor the dash of a standard's number: GB/T 8170—2008, JJF 1033—2023)
_CRUMB_SEPARATORS = r"-->|->|>>|>|›|»|→|＞|(?<![A-Za-z])/|/(?![A-Za-z])|\\|(?<!\d)[－—]|[－—](?!\d)"
_BREADCRUMB_SEP_RE = compile_guarded(rf"\s*(?:{_CRUMB_SEPARATORS})\s*")
# Splitting a breadcrumb found by its label or class, a hyphen between spaces separates
# too (SiteServer's ``首 页 - 新闻中心 - 工作动态``); it does not make a line of links
# one (portals' menus: ``新闻 - 体育 - 娱乐``), nor does 2021-03-04.
_CRUMB_SPLIT_RE = compile_guarded(rf"\s*(?:{_CRUMB_SEPARATORS}|(?<=\s)-(?=\s))\s*")
# The arrows Chinese templates type with the IME (首页 》 新闻中心, 首页〉政务公开, ≫, 首页／通知): read as
# > and /, unless the text holds a book title's or a journal's brackets (《中国计量》杂志).
_CRUMB_ARROWS = str.maketrans({"》": ">", "〉": ">", "≫": "»", "／": "/"})  # (one for one: Line.cuts hold)


def _arrows(text: str) -> str:
    return text if "《" in text or "〈" in text else text.translate(_CRUMB_ARROWS)


def _split_at_cuts(text: str, cuts: list[int]) -> str:
    """``text`` with `` > `` where an inline element of it ended against the next (``cuts``,
    offsets into it)."""
    pieces, at = [], 0
    for cut in cuts:
        if at < cut < len(text):
            pieces.append(text[at:cut])
            at = cut
    return " > ".join([*pieces, text[at:]])

_HOME_RE = LazyPattern(rf"^(?:{tolerant('首页', '网站首页', '主页', '站点首页', '中国计量网')}|home)$", re.I)
_BREADCRUMB_TAIL_RE = LazyPattern(
    rf"^(?:{tolerant('正文', '内文', '内容', '详情', '阅读文章', '浏览文章', '文章内容', '查看内容', '新闻详细', '新闻详情', '文章详情', '信息详情', '详细信息', '详细内容', '内容页', '浏览信息', '浏览内容', '文章正文', '正文内容')}"
    # (or a word and 详情 or 正文: 74cms's 资讯详情, 内容详情, 产品详情; a Bootstrap theme's 新闻正文)
    r"|[\u4e00-\u9fff]{1,4}(?:详情|詳情|正文)页?)$"
)


def _is_headline_crumb(crumb: str, title: str) -> bool:
    """The trail's last crumb is the article's headline, whole or cut short with its
    dots (博达 VSB's 省市场监管局组织开展社会公用计...)."""
    crumb, title = _squash(crumb), _squash(title)
    if crumb == title:
        return True
    cut = crumb.rstrip(".…。")
    return len(cut) >= 6 and cut != crumb and title.startswith(cut)

# Lines that end the body: share bars, previous/next, related lists, member box, comments, footer.
_STOP_RE = LazyPattern(
    r"^[\s【\[（(«‹]*(?:"
    + tolerant(
        "分享到", "分享至", "上一篇", "下一篇", "上一条", "下一条", "相关文章", "相关阅读",
        "相关新闻", "相关链接", "相关推荐", "相关报道", "推荐阅读", "延伸阅读", "热点推荐", "热门文章",
        "会员注册", "会员登录", "会员登陆", "已有账号", "找回密码", "完善信息", "发表评论", "网友评论",
        "我要评论", "我来说两句", "评论列表", "最新评论", "相关评论", "返回顶部", "版权所有", "版权声明",
        "免责声明", "版权说明", "打印本页", "关闭窗口", "本文链接", "原文链接", "平台声明", "本文转载自", "转载请注明",
        "返回首页", "返回列表", "返回频道", "郑重声明", "主办单位", "承办单位", "技术支持", "网站标识码",
        "请自觉遵守互联网相关的政策法规",  # (DedeCMS's comment box: 请自觉遵守…，严禁发布色情、暴力、反动的言论。)
        "备案号", "联系我们", "网站地图", "特别声明", "全部评论", "本文网址", "本文地址", "为你推荐",
        "为您推荐", "猜你喜欢", "本文固定链接", "固定链接", "相关专题", "往期推荐", "往期回顾", "往期精彩",
        "精彩推荐", "本帖最近评分记录", "相关产品", "推荐产品", "热门产品", "下载地址", "下载说明",
        "厂商信息", "相关厂商",  # (an instrument portal's product boxes and company card)
        "更多视频", "相关视频", "推荐视频", "热门视频", "更多图集", "相关图集",  # (a video's or a gallery's page)
        # (blog themes' end matter: NexT's reward line, Handsome's 最后修改：, Stack's 最后更新于)
        "坚持原创技术分享", "最后修改", "最后更新于",
    )
    # 上篇：/下篇 《…》 (a series' links), not a sentence that opens with the word (下篇我们将介绍…).
    + "|" + tolerant("上篇", "下篇") + r"(?=\s*(?:[:：《“\[【(（]|$))"
    # 最后编辑：赵敏 于 2024-05-21 10:05 (蝉知's note of who last edited the post, under its text)
    + "|" + tolerant("最后编辑") + r"(?=\s*[:：于])"
    + r"|copyright\b|©|post\s+comment|#\s*re\s*:|re\s*:\s|licensed\s+under\s+cc\b"
    + r"|分享\s*[:：]\s*(?:[A-Za-z]|[微QＱ]|$)"  # (分享：Facebook X 電郵, 分享：微信 微博: a share bar)
    + r"|(?:评论|留言|回复|跟帖|comments?)\s*(?:[(（]\d+[)）]|\d+)?\s*[:：]?\s*$"
    # DedeCMS's ------分隔线---------- between the text and its digg box and links.
    + r"|[-—=_*·~]{2,}\s*分[隔割][线線]"
    # A disclaimer: 声明：本站文章均来自网络，如有侵权请联系删除。 (and _DISCLAIMER_RE)
    + r"|声明\s*[:：]"
    + r"|(?:读者|网友)(?:评论|留言)\s*[(（]共?\s*\d+\s*条?[)）]"  # 读者留言（共10条）
    + r"|返回[^，。]{0,12}[，,]?查看更多"
    # The footer: 关于我们 | 联系我们 | 网站地图, 主办：… (its ICP number: _FAR_STOP_RE).
    + r"|关于我们\s*(?:[|｜丨·/]|$)|主办[:：]"
    # A promotion box standing alone: 微信公众号 / 扫码关注，第一时间收到更新 (beside a QR code).
    + r"|(?:微信公众号|官方微信|扫码关注|扫一扫关注|长按识别二维码)[^。！？]{0,20}$"
    # A WeChat article's end matter: END, 点分享 点收藏 点点赞 点在看, 点击“阅读原文”了解更多.
    # (END as editors write it: - END -, —END—, E N D, -THE END-; 点击下方“阅读原文”, ▼点击阅读原文)
    + r"|[-—–_=·\s]*(?:the\s*)?e\s?n\s?d[-—–_=·.\s]*$|点分享"
    + r"|[▼↓👇\s]*点击(?:下方|文末|左下角)?\s*[“\"「]?阅读原文)",
    re.I,
)
# The stop lines whose words stand after a run of any characters: tried at each length of the
# run, they cost half of :data:`_STOP_RE`'s time over a page's lines, and each needs a
# character that few lines hold (版权, 版權; 未经, 未經; ICP备, ICP证, 公网安备; 点在看): asked
# only of the lines that hold one (:func:`_ends_body`).
_FAR_STOP_RE = LazyPattern(
    r"^[\s【\[（(«‹]*(?:"
    + r"[^，。：:]{0,12}(?:版权|版權)(?:与免责|與免責)?(?:说明|声明|說明|聲明)\s*[:：]"  # 中国日报网版权说明：…, 版权与免责声明：
    + r"|[^，。：:！？\s]{1,16}(?:版权所有|版權所有)\s*[。.]?\s*$"  # (a footer's 光明网版权所有, 本站版权所有)
    # A ban on copying: 未经授权，请勿复制转贴文章内容 (udn's note), 未经同意不得转载.
    + r"|[^。]{0,40}未[经經](?:授[权權]|同意|许可|許可)[，,]?\s*(?:请勿|請勿|不得|严禁|嚴禁|禁止)[^。]{0,6}(?:转载|轉載|复制|複製|转贴|轉貼)"
    # The footer's ICP or police record number.
    + r"|[^，。]{0,40}(?:ICP备|ICP证|公网安备)"
    # A WeChat article's end matter: 点在看 (after 点分享 点收藏 点点赞).
    + r"|[^，。]{0,20}点在看\s*$)",
    re.I,
)


# The headings of lists of other articles and of comments (a subset of _STOP_RE's words).
_LISTS_RE = LazyPattern(
    r"^[\s【\[（(]*(?:"
    + tolerant(
        "相关文章", "相关阅读", "相关新闻", "相关推荐", "相关报道", "推荐阅读", "延伸阅读", "热点推荐", "相关专题",
        "热门文章", "网友评论", "评论列表", "最新评论", "相关评论", "全部评论", "为您推荐", "猜你喜欢", "作者最新文章",
        "更多回答", "其他回答",
    )
    + r"|[^，。]{0,8}(?:热榜|排行榜?)\s*$)"  # (24小时热榜, 点击排行)
)  # fmt: skip


@lru_cache(maxsize=4096)
def _ends_body(text: str) -> bool:
    """A line that ends the body (:data:`_STOP_RE`, :data:`_DISCLAIMER_RE`); asked of most
    lines several times."""
    return (
        _STOP_RE.match(text) is not None
        or (
            ("版" in text or "未" in text or "备" in text or "证" in text or "点在看" in text)
            and _FAR_STOP_RE.match(text) is not None
        )
        or ("侵" in text and _DISCLAIMER_RE.match(text) is not None)
    )


# …，如有侵权请联系删除 (looked for only in the lines that hold 侵: a scan of sixty
# characters at the start of every line cost a tenth of the stop lines' time).
_DISCLAIMER_RE = LazyPattern(
    r"[^。！？]{0,60}" + tolerant("如有侵权") + r"[，,]?\s*(?:" + tolerant("请") + ")?(?:" + tolerant("及时")
    + ")?(?:" + tolerant("联系", "告知", "通知") + ")"
)


# Related-reading boxes, which some sites put inside the text.
_BOX_RE = LazyPattern(
    r"^[\s【\[（(]*(?:"
    + tolerant(
        "延伸阅读", "相关阅读", "相关新闻", "相关链接", "相关报道", "相关文章", "推荐阅读", "热点推荐", "相关专题",
        "相关产品", "推荐产品", "热门产品",  # (an instrument portal's product box floated in the text)
    )
    + ")"
)  # fmt: skip
# Lines dropped wherever they stand: page tools, font buttons, separators, counters.
# A line is a toolbar when nothing is left of it once its tool words are taken out
# but brackets and separators (one linear pass: no pattern here can backtrack).
_TOOL_WORDS = (
    "打印", "关闭", "收藏", "打印本页", "关闭窗口", "加入收藏", "分享", "字体", "字号", "大", "中", "小",
    "放大", "正常", "缩小", "默认", "返回", "顶部", "纠错", "举报", "推荐", "转发", "复制链接", "微信",
    "微博", "扫一扫", "二维码", "评论", "点赞", "收起", "展开", "全文", "关注", "已关注", "赞", "反馈",
    "文章索引",  # (Joomla's pagebreak contents, above the text)
    "此文", "此页", "本文", "本页", "文章", "我要",  # (【打印此文】【关闭此页】【收藏本文】【我要打印】)
    "点击", "阅读全文", "查看全文", "阅读剩余全文",  # (点击展开全文: a mobile page's button; 阅读剩余全文（）)
    "顶一下", "踩一下",  # (DedeCMS's digg box under the text)
    "上一篇", "下一篇", "返回列表", "完整版",  # (← 上一篇 · 返回列表 · 完整版: a light edition's bar)
    "回复", "打赏", "只看楼主", "只看该作者", "转载",  # (a post's bar: 举报 | 分享 | 回复 | 打赏, 赞(12) 转载 分享)
)  # fmt: skip
# A tool word and its count (赞 126评论 38分享举报/反馈: a self-media post's action bar; wpcom's 赞 (3)).
_TOOL_WORD_RE = LazyPattern("(?:" + tolerant(*_TOOL_WORDS) + r"|A\+|A-|A)(?:\s*\d+|\s*[（(]\s*\d+\s*[)）])?", re.I)
_TOOL_REST_RE = compile_guarded(r"[\s【】\[\]()（）|丨｜:：·•>/←→-]*$")
# A CJK ideograph that is neither in a tool word nor a separator: the line is no toolbar
# (found in one scan, before the costlier pass that takes the tool words out).
_NOT_TOOL_CJK_RE = LazyPattern(
    "[^" + "".join(sorted(characters(*_TOOL_WORDS) | {"丨"})) + "\x00-\u4dff\ua000-\U0010ffff]"
)
_FONT_TOOL_RE = LazyPattern(r"^[\s【\[]*" + tolerant("字体", "字号") + r"[:：]")
# A font box's sizes after its label: 大 中 小】, [大] [中] [小], 16 14 12 |.
_FONT_SIZES_RE = compile_guarded(r"^(?:[\s【】\[\]|丨｜]*(?:[大中小]|超大|特大|默认|\d{2}(?:px)?))+[\s】\]|丨｜]*")


@lru_cache(maxsize=4096)
def _is_tools(text: str) -> bool:
    """A toolbar (打印 字体 大 中 小 分享...): asked of most lines several times."""
    text = _PRIVATE_USE_RE.sub("", text)  # (an icon font's glyphs before its words: \ue61a打印)
    if m := _FONT_TOOL_RE.match(text):
        # (not a meta line a right-floated font box stands before: 【字体：大 中 小】发布时间：2024-05-18 …)
        rest = _FONT_SIZES_RE.sub("", text[m.end() :], count=1)
        return not (_labels(rest) and _DIGIT_RE.search(rest))
    if len(text) > 60 or "，" in text or "。" in text:  # a toolbar is short, no sentence
        return False
    if _NOT_TOOL_CJK_RE.search(text):
        return False
    return _TOOL_REST_RE.match(_TOOL_WORD_RE.sub("", text)) is not None


# A tool's word that is a field's label alone on its line (转载： the source's, 点击： the views').
_TOOL_WORD_LABEL_RE = compile_guarded(r"^(?:转载|轉載|点击|點擊)\s*[:：]$")
_NO_WORDS_RE = compile_guarded(r"^[\W\d_]*$")
_DIVIDER_CHARS = "-—=_*·~～.。 \t\u3000\xa0"
_DIVIDER_WORDS = frozenset(("", "分隔线", "分割线", "分隔線", "分割線"))  # (a mirror writes them Traditional)
# A time on a line of its own, under its date: 香港時間12時15分, 时间：09:30.
_TIME_LINE_RE = compile_guarded(
    r"^\s*(?:香港|北京|台北|澳门|澳門)?(?:时间|時間)?[:：]?\s*(?P<time>(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}\s*[時时:：]\s*\d{2}(?:\s*分)?(?:\s*[AaPp][Mm])?)\s*$"
)
# The end's mark under a text (完, （完）, -全文完-: a press release's, a wire story's).
_END_MARKS = frozenset(("完", "全文完", "本文完"))


def _end_mark(text: str) -> bool:
    return len(text) <= 9 and text.strip(_DIVIDER_CHARS + "()（）【】[]") in _END_MARKS
_PRIVATE_USE_RE = compile_guarded("[\ue000-\uf8ff]+")
_PAGINATION_TOKEN_RE = LazyPattern(
    # (a gallery's: 上一张 1/4 下一张, 下一幅, 下一图; a page jumper's label: 跳转到：<select>)
    tolerant("上一张", "下一张", "上一幅", "下一幅", "上一图", "下一图", "跳转到", "跳至") + "[:：]?|"
    + tolerant("上一页", "下一页", "上页", "下页", "首页", "末页", "尾页", "转到", "跳转", "到第", "当前第")
    + "|(?:本文|全文)?"  # (EmpireCMS's 本文共3页 beside its page jumper)
    + tolerant("共")
    + r"\s*\d+\s*(?:"
    + tolerant("页", "条", "篇", "张")  # (共3张: a gallery's count)
    + r")[:：]?"
    # SiteServer's and VSB's 共 3 条 第 1/2 页, JEECMS's 共2页/24条记录
    + "|"
    + tolerant("第")
    + r"\s*(?:\d+\s*(?:/\s*\d+\s*)?)?"
    + tolerant("页")
    + "|"
    + tolerant("条记录", "记录")
    # EmpireCMS's 1/3, WordPress's 页码：页面 1, 页面 2 (words for screen readers), 分页：[1] [2], 全文
    + r"|\d+\s*/\s*\d+|\d+|"
    + tolerant("页码", "分页", "页面", "全文", "页")
    + r"[:：]?|[\[\]【】,，|/]"
)


def _is_pagination(text: str) -> bool:
    """上一页 1 2 3 下一页, 共3页: (tokens taken out in one pass; nothing else left)."""
    if len(text) > 200 or "，" in text or "。" in text:
        return False
    return not _PAGINATION_TOKEN_RE.sub("", text).strip()


_LIST_TAGS = frozenset(("ul", "ol", "dl", "menu"))
_YEAR_RE = compile_guarded(r"(?:19|20)\d\d")
# A date as machines write it (2025-03-22, 2008/4/15, 2024.05.18): a list item's or a
# comment's stamp, seldom in running text (which writes 2025年3月22日).
_STAMP_RE = compile_guarded(r"(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}")
_DAY_TIME_RE = compile_guarded(r"(?:\d{1,2}月\d{1,2}日|\d{1,2}-\d{1,2})\s*\d{1,2}:\d{2}")  # (5月21日 16:45, a list's)
_PROSE_PUNCT_RE = compile_guarded(r"[，。！？；、,.!?;：]")
_CJK_RE = compile_guarded(r"[\u4e00-\u9fff]")
# Lines of page widgets, not headlines: 正在读取评论……, 登录, 注册.
_WIDGET_RE = compile_guarded(r"正在(?:读取|加载|载入)|loading|评论|留言|登录|注册|……$", re.I)
_TITLE_TAIL_RE = compile_guarded(r"(?:\s*[-—_|]){2,}\s*$")  # 标题- - (a blog template's leftovers)
_TITLE_LABEL_RE = compile_guarded(r"^\s*(?:主题|标题|題目|主題)\s*[:：]")
# Forum and category prefixes in a heading: 主题：..., [湖湘文化]...
_TITLE_PREFIX_RE = compile_guarded(r"^(?:(?:主题|标题|題目|主題)[:：]\s*|[\[【][^\]】]{1,10}[\]】]\s*)")
# How CMSes join the title, the category and the site in <title>.
_TITLE_SEP_RE = compile_guarded(r"_|--| - | -|- | \| |\||｜| — |——")

_DEDE_ID_RE = compile_guarded(r"/(\d+)(?:_\d+)?\.(?:s?html?|jhtml)$")  # (and JEECMS's 99.jhtml)
_DIGITS_RE = compile_guarded(r"\d+")
_ALNUM_RUNS_RE = compile_guarded(r"\d+|[A-Za-z]+")
_TOKEN_RE = compile_guarded(r"[A-Za-z0-9]{8,}")
_TOKEN_SPLIT_RE = compile_guarded(r"[_-]")
_MAX_ID = 2**63  # a larger number fits no int64 column (pandas, DuckDB, Arrow): its URL's hash instead
_DAY_RUN_RE = compile_guarded(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_YEAR_RUN_RE = compile_guarded(r"(?:19|20)\d\d")
_SHOW_D_SCRIPT_RE = compile_guarded(r"/show\w*\.aspx?$", re.I)
_DETAIL_ID_RE = compile_guarded(r"/(?:detail|show|view|article|post|content|node)/(\d+)/?$", re.I)
# 大汉 JCMS's art_<column>_<article>.html: the article's number last (art_1228969894_58801300.html).
_JCMS_ART_RE = compile_guarded(r"art_\d+_(\d{3,})\.s?html?", re.I)
# An e-paper's story (方正's and 人民日报's nw.D110000renmrb_20240520_1-03.htm: the paper's code, the
# day, the story and its page; no number of its own).
_EPAPER_STORY_RE = compile_guarded(r"nw\.D\d+[a-z]*_\d{8}_\d+-\d+\.s?html?$", re.I)
# A journal's paper on Magtech's (玛格泰克) system: /CN/Y2024/V45/I5/601, the year, volume, issue and
# its first page (an article's URL to navigation; its number no id: the next volume's reuse it).
_MAGTECH_PAPER_RE = compile_guarded(r"/(?:CN|EN)/Y(?:19|20)\d\d/V\d{1,4}/I\d{1,3}/\d{1,6}/?$", re.I)
# 苏迪 WebPlus (universities' sites): /2024/0520/c1234a56789/page.htm, the article's number after a.
_SUDY_ARTICLE_RE = compile_guarded(r"/c\d+a(\d+)/page\.s?html?$", re.I)
_LETTERS_RE = compile_guarded(r"[A-Za-z]")
# A day (and time) written with hyphens in a segment: 2024-05-28, Joomla's alias of a
# title without Latin letters 41-2024-05-28-02-15-36 (its year was every such article's id).
_DASHED_DAY_RE = compile_guarded(r"(?<!\d)(?:19|20)\d\d-\d{1,2}-\d{1,2}(?:-\d{1,2}-\d{1,2}-\d{1,2})?(?!\d)")


_TITLE_WINDOW = 16  # lines after the title where the date and meta line may stand
_MAX_META_LINE = 160  # characters: longer lines are prose, not meta
# An item of the text, not a meta line, whatever label and date it holds: a numbered
# line (二、备案时间：2024年6月1日至6月30日。, （一）, 1、, ①) or a period of time (…日至6月30日,
# 即日起至…止): a publication's meta line gives one date.
_TEXT_ITEM_RE = compile_guarded(
    r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[①-⑳])"
)
_PERIOD_RE = compile_guarded(r"(?:[日号]|\d)\s*(?:至|到|~|～|—|–)\s*(?:\d|今)|即日起")
_PERIOD_CHARS = frozenset("至到~～—–即")
_MIN_YEAR = 1990


# A query's first part that is a route, not a parameter: no "=", a path or a file in it
# (PbootCMS's ?news/57.html and ?news_2/, Discuz!'s archiver ?tid-1011.html).
_ROUTE_RE = compile_guarded(r"[^=&#\s]*[/.][^=&#\s]*")


def query_route(query: str) -> str | None:
    """The route a URL's query begins with (``news/58.html`` of ``?news/58.html&p=2``), or None."""
    first = query.split("&", 1)[0]
    return first if first and _ROUTE_RE.fullmatch(first) and not first.startswith(("/", ".")) else None


def article_id(url: str) -> int | None:
    """The article's number in its URL.

    DedeCMS: ``.../57604.html`` and its continuation ``57604_2.html`` -> 57604.
    Other shapes: the longest run of digits in the last path segment (ties: the
    last one): ``art_1621004_30332664.html`` -> 30332664, ``c_1125597921.htm``
    -> 1125597921, ``/a/434365209_123753`` -> 434365209; a run that reads as a day
    beside another is no id (TRS WCM's ``t20210304_326789.html`` -> 326789). Where the
    last segment has no run of three digits or more (``article-38.html``, ``list_2.html``:
    a page number as often as an id), the number an id parameter of the query gives
    (``view.php?aid=23457``, ``show.asp?id=38``). A day written with hyphens is no
    number (``4123-2024-05-28-02-15-36`` -> 4123; ``2024-05-20-jiliang.html``: hashed). None (see :func:`record_id`) for a
    token of letters and digits (``4HpQ5Kx207R``, ``1I606VE600020QGP``: its digits are
    pieces of it, which other articles' tokens share) and a number no int64 holds. A
    mirror's proxy link (``/go/?url=http://www.chinajl.com.cn/a/63871.html``): its target's.
    """
    if (target := proxied_target(url)) is not None:
        return article_id(target)
    parts = urlsplit(url)
    path = parts.path
    if (path.endswith("/") or path.endswith("/index.php")) and (route := query_route(parts.query)):
        # The route in the query: PbootCMS's 兼容模式 (/?tzgg/57.html, /index.php?news/58.html),
        # Discuz!'s archiver (/archiver/?tid-1011.html).
        path = path.removesuffix("index.php").rstrip("/") + "/" + route
    if m := _DEDE_ID_RE.search(path):
        return _id_number(m.group(1))
    segment = path.rstrip("/").rsplit("/", 1)[-1]
    # A token of letters and digits (4HpQ5Kx207R, 1I606VE600020QGP), or tokens joined by _ or -, after
    # a word (市场监管总局's art_<32 hex>.html, 新浪博客's blog_4b3f6a0d0102e5zq.html, LOFTER's
    # 1e3a5672_2b8f0a1c9: the blog's token, then the post's): its digits are no number, and runs of
    # them are shared (every post of a 新浪博客 blog holds 0102, of a LOFTER blog its token's 5672).
    pieces = _TOKEN_SPLIT_RE.split(segment.split(".", 1)[0])
    if len(pieces) > 1 and pieces[0].isalpha():
        pieces = pieces[1:]
    if all(len(_ALNUM_RUNS_RE.findall(piece)) >= 4 and _TOKEN_RE.fullmatch(piece) for piece in pieces):
        return None
    if m := _DETAIL_ID_RE.search(path):
        return _id_number(m.group(1))  # (Django's /news/detail/12/)
    if m := _SUDY_ARTICLE_RE.search(path):
        return _id_number(m[1])  # (苏迪 WebPlus: its page.htm has no number)
    if m := _JCMS_ART_RE.fullmatch(segment):
        return _id_number(m[1])  # (the column's number first, however long)
    if _EPAPER_STORY_RE.match(segment) or _MAGTECH_PAPER_RE.search(path):
        # (an e-paper story's longest number is the paper's code, every story's; a journal
        # paper's, its first page, which the next volume's papers use again: hashed)
        return None
    runs = _DIGITS_RE.findall(_DASHED_DAY_RE.sub("-", segment))
    if not runs and _DIGITS_RE.search(segment):
        return None  # only a day (2024-05-20-jiliang.html): every article of the day would share it
    if len(runs) == 1 and _YEAR_RUN_RE.fullmatch(runs[0]) and _LETTERS_RE.search(segment.split(".", 1)[0]):
        return None  # a year in a slug (2024-shijie-jiliangri): every such article of the year would share it
    if len(runs) > 1:
        # TRS WCM's t20210304_326789.html: the day it was published, then the document's
        # number (every article of a day would share the day's); a year beside a number
        # (Joomla's 31-2024-zhaopin-gonggao: every such article of a year would share it).
        runs = [r for r in runs if not _DAY_RUN_RE.fullmatch(r) and not _YEAR_RUN_RE.fullmatch(r)] or runs
    best = max(runs[::-1], key=len) if runs else ""  # max keeps the first of equals: reversed, the last
    if len(best) >= 3:
        return _id_number(best)
    root = path in ("", "/") or path.endswith("/index.php")  # (WordPress's plain /?p=123, Emlog's /?post=12)
    show = _SHOW_D_SCRIPT_RE.search(path) is not None  # (KesionCMS's /Item/Show.asp?m=1&d=2418)
    for name, value in parse_qsl(parts.query):
        if (name.lower() in _ID_PARAMS or (root and name in ("p", "post")) or (show and name == "d")) and value.isascii() and value.isdigit():
            return _id_number(value)
    return None


# Query parameters that name an article (DedeCMS's mobile view.php?aid=, ASP and PHP
# CMSes' show.asp?id=, Discuz! X's and phpwind's threads: viewthread&tid=, ...).
# (博达 VSB's dynamic content.jsp?urltype=news.NewsContentUrl&wbtreeid=1021&wbnewsid=3460)
_ID_PARAMS = frozenset("aid id articleid article_id newsid news_id nid contentid content_id docid itemid tid wbnewsid".split())


def proxied_target(url: str) -> str | None:
    """The page a mirror's proxy link leads to, where its query holds the whole URL
    (``/go/?url=http://www.chinajl.com.cn/jiliangyuzhiliang/63871.html``); else None."""
    query = urlsplit(url).query
    if not query or "=http" not in query.lower():  # (one scan for most queries)
        return None
    m = _PROXY_QUERY_RE.search(query)
    if m is None:
        return None
    target = unquote(m.group(1))
    return target if target.startswith(("http://", "https://")) and target != url else None


_PROXY_QUERY_RE = compile_guarded(r"(?:^|&)(?:url|u|target|goto|link|href)=(https?(?::|%3A|%3a)[^&]+)", re.I)


def _id_number(digits: str) -> int | None:
    """An id's digits as a number, None past what an int64 column holds (a URL's run of
    4,400 digits is no id: int() would refuse it)."""
    return int(digits) if len(digits) <= 19 and int(digits) < _MAX_ID else None


def record_id(url: str) -> int:
    """:func:`article_id`, or for a URL without a number (``/2024/05/metrology-day/``)
    a stable number made from the URL (host, path and query: ``show.php?slug=a`` and
    ``show.php?slug=b`` are two articles): the first 52 bits of its SHA-1, so that it
    fits a float64 and JavaScript without loss."""
    ident = article_id(url)
    if ident is not None:
        return ident
    try:
        url = canonicalize_url(url, keep_fragments=False)  # (%e4, %E4 and 中: one spelling)
    except ValueError:
        pass  # (a URL w3lib cannot parse is hashed as it is)
    parts = urlsplit(url)
    key = f"{parts.netloc.lower()}{parts.path}{'?' + parts.query if parts.query else ''}".encode()
    return int.from_bytes(hashlib.sha1(key).digest()[:8], "big") >> 12


def parse_view_count(text: str | None) -> int | None:
    """The view count in ``8309``, ``8309次`` or ``document.write('8309');``."""
    if not text:
        return None
    m = re.search(r"document\.write\(\s*['\"]?\s*(\d{1,12})(?!\d)", text) or _COUNT_VALUE_RE.match(text)
    return int(m.group(1).replace(",", "")) if m else None


# A count standing alone: 8309, 1,234, 8309次, 12 人次 (not 2005年08月30日, nor a count of
# something else after an empty label: 阅读：<script> 2条评论; nor 1.2万, 10万+, 10w+, rounded: no count).
# (10万+ is rounded, but 12,345+关注 a count run into a follow button: 微博's; and 12,345 is never 12)
_COUNT_VALUE_RE = compile_guarded(
    r"\s*(\d{1,3}(?:,\d{3}){1,4}(?![\d,])|\d{1,12}(?!,\d))\s*(?:次|人次|人)?"
    r"(?![\d年月/.万千wWkK-]|\+(?!\s*关注)|\s*人?(?:条|篇|个|楼|评论|回复|点赞|赞|收藏|分享|转发|喜欢|关注|粉丝|参与)(?!\s*[:：(（]|\s*\d)"
    r"|\s*(?:分钟|分鐘|分|秒|小时|小時|字))"  # (预计阅读 4 分钟, 阅读约 1523 字: a reading time, a length)
)


@dataclass(slots=True)
class Extraction:
    """What extraction made of a page: the record or the failure, and what it noticed."""

    result: Article | ExtractionFailure
    # Fields where two kinds of evidence disagreed (the rule above decided).
    disagreements: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Meta:
    author: str | None = None
    source: str | None = None
    views: int | None = None
    date_line: int | None = None
    date: DateMatch | None = None
    date_rank: int = 0
    lines: set[int] = field(default_factory=set)  # indexes of lines that are meta, not body
    unread_date: str | None = None  # what a publication date's label says, where no date is (3小时前)


def _squash(text: str) -> str:
    return "".join(text.split())


def _joins_without_space(left: str, right: str) -> bool:
    """Whether two pieces of one line of Chinese text meet without a space between them."""
    return not (left[-1:].isascii() and right[:1].isascii())


@lru_cache(maxsize=4096)
def _dates(text: str) -> tuple[DateMatch, ...]:
    return tuple(find_dates(text))


_IMAGE_CREDIT_RE = compile_guarded(r"(?:[图圖](?:片|像)?|照片|[摄攝]影)$")
_IMAGE_CREDIT_LABEL_RE = compile_guarded(r"[图圖][片像]\s*(?:[来來]源|作者)")
_READING_BOXES = frozenset(("相关", "延伸", "推荐", "扩展", "拓展", "深度", "更多", "热门", "精彩", "相關", "推薦", "熱門"))


@lru_cache(maxsize=4096)
def _labels(text: str) -> tuple[re.Match[str], ...]:
    """The labels in a line of meta (a long line is prose, not meta); asked of a line by
    several readers (its fields, its first label, its date labels): found once."""
    if len(text) > _MAX_META_LINE or _colonless_sentence(text):
        return ()
    # Right after a CJK character, a label is one only with its own colon (作者：本站编辑 点击：
    # has one author: 编辑 is part of its value, the colon after it 点击's).
    found = tuple(
        m
        for m in _LABEL_RE.finditer(text)
        if not (m.start() and _CJK_CHAR_RE.match(text, m.start() - 1))
        or m.group().rstrip(_SPACES)[-1:] in ":："
        or (m.lastgroup == "date" and text[m.end() : m.end() + 1].isdigit() and _POSTED_RE.fullmatch(m.group()))
        # (spans side by side: see _LABEL_START)
        or (m.start() >= 2 and text[m.start() - 1] in "日号次" and text[m.start() - 2].isdigit())
        or (m.lastgroup == "views" and _COUNT_AFTER_RE.match(text, m.end()))
    )
    if found and "阅读" in text:
        # (相关阅读：, 延伸阅读：, 推荐阅读： head a box of other articles: no count's label)
        found = tuple(m for m in found if not (m.lastgroup == "views" and text[max(0, m.start() - 2) : m.start()] in _READING_BOXES))
    if found and ("图" in text or "圖" in text):
        # An image's credit (图片来源：政府新闻处, 图像来源: PTB, 圖片來源：…) alone, or after its caption:
        # a caption's line, no meta (it ends a source's value where a meta line holds both).
        found = tuple(m for m in found if not (m.lastgroup == "source" and _IMAGE_CREDIT_RE.search(text, 0, m.start())))
        if all(m.lastgroup == "other" and _IMAGE_CREDIT_LABEL_RE.match(m.group()) for m in found):
            return ()
    if found and ("注明" in text or "註明" in text):
        # (a reprint notice's 请注明出处：<this page's URL> asks for a source: it names none)
        found = tuple(m for m in found if not (m.lastgroup == "source" and text[: m.start()].endswith(("注明", "註明"))))
    if any(not _has_colon(m) and _after_colon(text, m) for m in found):
        # A label word opening a value (来源：时间频率计量研究所, 作者：评论员 王平): the value's.
        found = tuple(m for m in found if _has_colon(m) or not _after_colon(text, m))
    if found and ("。" in text or "！" in text or "？" in text) and not any(map(_has_colon, found)):
        # A sentence that opens with a label's word and no colon (时间是最基本的物理量之一，…。,
        # 来源于生产一线的……！): prose, not a meta line.
        return ()
    if _DIGIT_RE.search(text) and _VIEWS_WORD_RE.search(text):
        # 来源：质量部阅读 95: a count's label right after a value, before its number (asked
        # apart: as a part of every label's start, it cost half again the labels' time).
        extra = [m for m in _VIEWS_AFTER_VALUE_RE.finditer(text) if not any(f.start() <= m.start() < f.end() for f in found)]
        if extra:
            found = tuple(sorted((*found, *extra), key=lambda m: m.start()))
    return found


def _colonless_sentence(text: str) -> bool:
    """A sentence without a colon, and without a count's word that a number could go with: no
    line of meta (whatever labels' words it holds, :func:`_labels` drops them as a sentence's,
    and it looks for no count's label there). Known before the labels' pattern, the costliest
    of a line's, is run over it: most short paragraphs are such sentences."""
    return (
        ":" not in text
        and "：" not in text
        and ("。" in text or "！" in text or "？" in text)
        and not (_DIGIT_RE.search(text) and _VIEWS_WORD_RE.search(text))
    )


def _has_colon(m: re.Match[str]) -> bool:
    return m.group().rstrip(_SPACES)[-1:] in ":："


def _after_colon(text: str, m: re.Match[str]) -> bool:
    """The label ``m`` stands right after a colon (another label's: its value begins)."""
    before = text[: m.start()].rstrip(_SPACES)
    return bool(before) and before[-1] in ":："


_CJK_CHAR_RE = compile_guarded(r"[\u4e00-\u9fff]")
_COUNT_AFTER_RE = compile_guarded(_COUNT_AFTER)
_VIEWS_AFTER_VALUE_RE = LazyPattern(rf"(?<=[\u4e00-\u9fff])(?P<views>{_VIEWS_LABELS})(?={_COUNT_AFTER})")
# The characters that end a views label's words (览 覽 击 擊 读 讀 气 氣 看 问 問 阅 閱 度 放, the eye 👁 and its
# emoji form): a line without one holds none.
_VIEWS_WORD_RE = compile_guarded("[览覽击擊读讀气氣看问問阅閱度放\U0001f441\ufe0f]")
_URL_VALUE_RE = compile_guarded(r"https?://[^\s【\[|丨｜，,]+", re.I)
_POSTED_RE = LazyPattern(_POSTED_LABELS + rf"{_SP}*")
_SPACES = " \t\u3000\xa0"


def _clean_value(value: str) -> str:
    if _PLACEHOLDER_RE.match(value):
        return ""  # (来源：{{ detail.source }}: a template's field its script never filled)
    value = _PRIVATE_USE_RE.sub("", value).lstrip(" \t\u3000\xa0:：【[］〕")
    if m := _URL_VALUE_RE.match(value):
        return m.group()  # 来源：http://www.zjamr.gov.cn/ (its slashes end no value)
    if m := _VALUE_END_RE.search(value, 1):
        value = value[: m.start()]
    value = value.strip(" \t\u3000\xa0:：,，;；【】[]|丨｜·•").strip()  # (作者: | 来源：…: an empty value)
    # Brackets around the value go; brackets that belong to it (新华社(北京)) stay.
    for opener, closer in ("()", "（）", "〔〕", "［］"):
        if value.startswith(opener) and value.endswith(closer):
            value = value[1:-1].strip()
        elif value.endswith(closer) and opener not in value:
            value = value[:-1].rstrip()
        elif value.startswith(opener) and closer not in value:
            value = value[1:].lstrip()
        elif value.endswith(opener):
            value = value[:-1].rstrip()  # 中国市场监管报（2024年05月20日 第03版）: cut at the date
    return _REPOST_MARK_RE.sub("", value)  # 来源：甲（转载）


_REPOST_MARK_RE = compile_guarded(r"\s*[（(]\s*(?:转载|转发|轉載|轉發)\s*[）)]$")
_FULL_WIDTH_DIGIT_RE = compile_guarded("[０-９]")
_FULL_WIDTH_COUNT = str.maketrans("０１２３４５６７８９［］", "0123456789[]")
# A full-width comma between digits: a thousands separator (１，２３４).
_FULL_WIDTH_COMMA_RE = compile_guarded(r"(?<=\d)，(?=\d{3}(?!\d))")


def _field_values(text: str, cuts: tuple[int, ...] = ()) -> list[tuple[str, str]]:
    """``发布时间:2008-04-13 作者:沈平子 ...`` -> [("date", "2008-04-13"), ("author", ...)].

    ``cuts``: where an inline element of the line ends against the next (:attr:`Line.cuts`):
    an author's or a source's value ends there (来源：国家认监委官网</span><span>检测小编)."""
    found = _labels(text)
    if not found:
        return []
    out = []
    for match, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following else len(text)
        if cuts and match.lastgroup in ("author", "source"):
            # (the first cut after the value's first character: 来源：</span><span>甲 is cut before 甲)
            start = match.end() + len(text[match.end() : end]) - len(text[match.end() : end].lstrip())
            end = next((c for c in cuts if start < c < end), end)
        value = text[match.end() : end]
        if (
            match.lastgroup == "views"
            and match.group().rstrip(_SPACES)[-1:] not in ":："
            and (before := _COUNT_BEFORE_RE.search(text, 0, match.start()))
            and not text[: before.start()].rstrip().endswith(("-", "—", ":", "："))
            and not value.lstrip().startswith(("-", "—"))
            and not _COUNTED_BEFORE_RE.search(text, 0, before.start())
        ):  # (not cnblogs' 评论 - 102 阅读 - 98765: each label before its count; not 简书's 字数 980阅读 88)
            value = before.group(1)  # 151 阅读 0 评论: the count stands before its label, not after
        elif match.lastgroup == "source" and (byline := _BYLINE_AFTER_RE.search(value)):
            value = value[: byline.start()]  # 来源：衡水日报 记者 张晓 (a reporter's byline after the source)
        if match.lastgroup == "views" and (_FULL_WIDTH_DIGIT_RE.search(value) or "，" in value):
            # (点击数：１，２３４, 阅读次数：［５６］, 阅读：3，056次: a meta line typed in full-width)
            value = _FULL_WIDTH_COMMA_RE.sub(",", value.translate(_FULL_WIDTH_COUNT))
        value = _clean_value(value)
        if match.lastgroup in ("author", "source") and (glued := _GLUED_COUNT_RE.search(value)):
            value = value[: glued.start()]  # (来源：甲</span><span>2187: a count's span against the value's)
        elif match.lastgroup in ("author", "source") and (count := _views_at_end(value)):
            value = value[:count].rstrip()  # (来源：市计量所</span><span>阅读(90): the count's words too)
        if match.lastgroup in ("author", "source") and (lead := _COUNT_LEAD_IN_RE.search(value)):
            value = value[: lead.start()]
        if match.lastgroup == "author" and len(value) > 3 and value.endswith(("原创", "原創")):
            value = value[:-2].rstrip()  # (a 原创 badge's span against the name's: 马骏原创)
        out.append((match.lastgroup, value))
    return out


# The marks a paper's authors carry to their affiliations (张立新<sup>1</sup>，王海燕<sup>1,2</sup>,
# 李强<sup>*</sup>), after a name and before the next one or the end.
_AFFILIATION_MARKS_RE = compile_guarded(
    r"(?<=[\u4e00-\u9fff])(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,，⁾ ]*[⁰¹²³⁴⁵⁶⁷⁸⁹*]+)*|\d{1,2}(?:,\d{1,2})*\*?|\*)(?=[，,、;；\s]|$)"
)
# A count written against a name, their spans side by side: 中国计量网2187 (not 第3 or a name's own 2).
_GLUED_COUNT_RE = compile_guarded(r"(?<=[\u4e00-\u9fff])\d{3,}$")


_POSTED_AFTER_RE = compile_guarded(r"(?:首次)?(?:发布|發布|发表|發表)(?![者人])")
_UPDATED_AFTER_RE = compile_guarded(r"(?:修改|更新|编辑|編輯|修订|修訂)")


def _this_site(value: str, url: str) -> bool:
    """Whether ``value`` is an address on the page's own site: where to credit a copy of it,
    no source of its text (cnblogs' signature under every post: 出处：https://www.cnblogs.com/<blog>/)."""
    if not value.startswith(("http://", "https://", "www.")):
        return False
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return bool(host) and host.removeprefix("www.") == (urlsplit(url).hostname or "").removeprefix("www.")


def _views_at_end(value: str) -> int:
    """Where a view count with its words ends ``value`` (市计量所阅读(90), 市计量所 90次阅读,
    区局 共 358 人浏览), after a name of its own; 0 where none does."""
    if not _DIGIT_RE.search(value):
        return 0
    for pattern in (_VIEWS_IN_BRACKETS_RE, _COUNT_BEFORE_LABEL_RE, _VIEWS_PEOPLE_RE):
        for m in pattern.finditer(value):
            if m.start() > 0 and not value[m.end() :].strip(_SPACES):
                return m.start()
    return 0


# (or glued to a medium's name, their spans side by side: 來源：澳門日報</span><span>記者 陳嘉豪)
_BYLINE_AFTER_RE = compile_guarded(r"(?:[ \t\u3000\xa0]|(?<=[报報社台网網]))(?:记者|通讯员|記者|通訊員)")
# Another count's word just before a number (字数 980, 评论 3, 赞 12): the number is its count,
# not that of a views label after it (简书's spans side by side: 字数 980阅读 88).
_COUNTED_BEFORE_RE = compile_guarded(r"(?:字数|字數|评论|評論|赞|讚|收藏|喜欢|回复|回覆|分享|转发|轉發)[ \t\u3000\xa0]*[:：]?[ \t\u3000\xa0]*$")
# (after a slash that sets fields apart, not one of a date's: 3 评论/1,286 阅读, not 2024/05/20阅读)
_COUNT_BEFORE_RE = compile_guarded(rf"(?<![\d,\-.:])(?<!\d/){_COUNT}[ \u3000\xa0]*$")


_DIGIT_RE = compile_guarded(r"\d")


@lru_cache(maxsize=4096)
def _views_in(text: str) -> int | None:
    if not _DIGIT_RE.search(text):  # every pattern below holds a \d: one scan for most lines
        return None
    for pattern in (_VIEWS_IN_BRACKETS_RE, _VIEWS_SENTENCE_RE, _COUNT_BEFORE_LABEL_RE, _VIEWS_TIMES_RE, _VIEWS_PEOPLE_RE):
        if m := pattern.search(text):
            return int(m.group(1).replace(",", ""))
    return None


def _wrapper_mark(el: etree._Element) -> str | tuple:
    """What makes wrappers alike: their class, or without one all their attributes (none: bare
    <div>s are alike in nothing)."""
    return el.get("class") or tuple(sorted(el.attrib.items()))


def _date_after_value(region: str) -> list[DateMatch]:
    """A date after the date a label gives, in the text up to the next label, with nothing but
    spaces between them (``2024-07-01 17:00 2024-06-24 10:20``: two spans' dates, the second no
    part of the label's value; not a range's end, ``2024-06-12 至 2024-06-14``)."""
    dates = _dates(region)
    return [dates[1]] if len(dates) >= 2 and not region[dates[0].end : dates[1].start].strip() else []


def _join_badges(page: PageLines) -> None:
    """A calendar badge written in two blocks of its own box, its day and its year and month
    (Bootstrap's ``<div class="news-date"><h3>27</h3><p>2024-03</p></div>``, 中企动力's
    ``<div class="p_date"><p>2024-04</p><span>09</span></div>``): the second line reads the two
    (``27 2024-03``, ``2024-04 09``), as a badge written in one line does."""
    lines, spans = page.lines, page.spans
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if not (
            (len(a.text) <= 2 and a.text.isdigit() and _YEAR_MONTH_RE.match(b.text))
            or (len(b.text) <= 2 and b.text.isdigit() and _YEAR_MONTH_RE.match(a.text))
        ):
            continue
        # (the box holds the two lines alone: not two cells of a table's rows)
        parent_a, parent_b = a.block.getparent(), b.block.getparent()
        box = parent_a if parent_a is parent_b else a.block if parent_b is a.block else b.block if parent_a is b.block else None
        if box is not None and box.tag not in ("tr", "tbody", "table") and spans.get(box) == (i, i + 2):
            b.text = f"{a.text} {b.text}"


_YEAR_MONTH_RE = compile_guarded(r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])$")


class _Page:
    """One page being read: its lines, evidence and the pieces found so far."""

    def __init__(self, root: etree._Element, url: str) -> None:
        self.url = url
        self.root = root
        body = root.find("body")
        self.scope = body if body is not None else root
        self.page = PageLines(self.scope)
        self.lines: list[Line] = self.page.lines
        _join_badges(self.page)
        self.evidence: Evidence = machine_evidence(root)
        title_el = root.find(".//title")
        self.page_title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
        self.disagreements: list[str] = []
        self.weights: list[float] | None = None
        self.closing_meta: list[int] = []  # meta lines the body crossed (来源：甲 over its attachments)
        self.data_tables: dict[etree._Element, bool] = {}  # (_data_table_of's answers)
        self.meta_tables: dict[etree._Element, bool] = {}  # (_meta_table's answers)
        self._dated: list[int] | None = None
        self._ad_marks: list[int] | None = None
        self.wide_enough = 20.0
        # Prefix sums of characters and link characters, for link density of any span.
        chars = [0]
        links = [0]
        for line in self.lines:
            chars.append(chars[-1] + line.chars)
            links.append(links[-1] + line.link_chars)
        self._chars = chars
        self._links = links

    def link_density(self, start: int, end: int) -> float:
        total = self._chars[end] - self._chars[start]
        return (self._links[end] - self._links[start]) / total if total else 1.0

    # --- title ------------------------------------------------------------------

    def title_line(self, body_start: int | None = None) -> int | None:
        """The index of the line that is the article's headline, or None.

        ``body_start`` is where the prose begins: a headline stands shortly above it."""
        machine = [_squash(t) for t in self.evidence.titles if t]
        page_title = _squash(self.page_title)
        site_named = None  # whether <title> is the site's name alone, once a line equals it
        best, best_score = None, 2.5
        # A headline stands above its text: nothing after the body's first line is one,
        # unless the page's machine-readable title names a line a little further down (a
        # short notice under its 信息公开 table: the table was taken for the text).
        # The same where <title> opens with a headline no line above the body says (a
        # sidebar's product blurbs before the article's own box: 阿里云建站's side-left).
        lines = self.lines if body_start is None else self.lines[: body_start + 1]
        if body_start is not None and (machine or len(page_title) >= 8):

            firsts = {t[:1] for t in machine} | {page_title[:1]}  # (a line's first character: most differ)

            def named(line: Line) -> bool:
                if line.text[:1] not in firsts:
                    return False
                text = _squash(line.text)
                return text in machine or (6 <= len(text) < len(page_title) and page_title.startswith(text))

            if not any(named(ln) for ln in lines) and any(named(ln) for ln in self.lines[body_start + 1 : body_start + 40]):
                lines = self.lines[: body_start + 40]
        for line in lines:
            if line.chars < 2 or line.chars > 120:
                continue
            text = line.text
            if _BREADCRUMB_RE.match(text):
                continue  # 当前位置：首页 > … is no headline
            if text[0] in "主标題[【":
                text = _TITLE_PREFIX_RE.sub("", text)
            text = text.replace(" ", "")  # lines have single spaces only
            if len(text) < 2:
                continue
            score = 0.0
            if text in machine:
                score += 6
            elif len(text) >= 4 and any(t.startswith(text) or text.startswith(t) for t in machine):
                score += 4
            if page_title:
                if text == page_title:
                    if site_named is None:
                        site_named = self._names_the_site(page_title)
                    if not site_named:  # (a text logo is no headline)
                        score += 4
                elif len(text) >= 4 and text in page_title:
                    score += 3 if page_title.startswith(text) else 2
                elif len(page_title) >= 6 and text.startswith(page_title):
                    score += 2
            near_body = body_start is not None and 0 < body_start - line.index <= 12
            if score == 0 and not line.heading and not line.emphasis and not near_body:
                continue
            heading = {1: 3, 2: 2, 3: 1.5, 4: 1}.get(line.heading, 0)
            if score == 0 and body_start is not None and not near_body:
                heading /= 2  # a sidebar's or the site's heading, far from the text
            score += heading
            if line.emphasis:
                score += 1
            distance = body_start - line.index if near_body else 99
            if near_body:
                score += 3 - 0.2 * distance
            if line.link_only:
                # A permalink right above the body is a blog's headline.
                score -= 0.5 if distance <= 3 else 2 if near_body else 4
            if 5 <= len(text) <= 50:
                score += 0.5
            if len(text) > 60 or text[-1] in "。，；,;":
                score -= 2
            if _dates(line.text) or _labels(line.text) or sum(map(str.isdigit, text)) * 2.5 >= len(text):
                score -= 3
            if len(text) < 4 and not line.heading:
                score -= 2
            if _ends_body(line.text) or _WIDGET_RE.search(text):
                score -= 2.5
            if _TITLE_LABEL_RE.match(line.text):
                score += 3
            elif (
                line.index
                and line.block.tag in ("dd", "td")
                and _label_cell(label := lines[line.index - 1], line, ("td", "th", "dt"))
                and len(label.text) <= 12
                and not _TITLE_LABEL_RE.match(label.text.replace(" ", ""))  # (标 题： | its value: the headline)
            ) or (len(text) <= 12 and text[-1] in ":："):
                score -= 4  # a field's label or its value (Discuz!'s 活动类型: | <strong>计量沙龙</strong>, 报名截止:)
            score += self._context_bonus(line.index)
            if score > best_score:
                best, best_score = line.index, score
        if best is not None and ((whole := _squash(self.lines[best].text)) == page_title or whole in machine):
            # A clip's title bar (印象笔记, 有道云笔记: <title> whole, the site's name in it) above
            # the page it holds: the page's own headline is the bar's words without the site's.
            for line in self.lines[best + 1 : best + 40]:
                text = _squash(line.text)
                if (
                    6 <= len(text) < len(whole)
                    and whole.startswith(text)
                    and whole[len(text)] in "-_|｜—–"
                    and (line.heading or line.emphasis)
                ):
                    return line.index
        return best

    def _names_the_site(self, page_title: str) -> bool:
        """``<title>`` is the site's name alone (``华衡计量网``): one part, the text of a
        link to the site's home page."""
        return len(_title_parts(self.page_title)) == 1 and self._links_home(page_title)

    def _links_home(self, text: str) -> bool:
        """A link of the page whose text is ``text`` (spaces aside) leads to the site's
        home page (its root): the site's name, as a breadcrumb's first crumb is (搜狐 > 科技)."""
        home = urljoin(self.url, "/")
        homes = (home, home + "index.html", home + "index.htm", home + "index.php")
        links = _LINKS_READING_XPATH(self.scope, t=_squash(text))
        return any(urljoin(self.url, a.get("href", "")) in homes for a in links)

    def _context_bonus(self, i: int) -> float:
        """A headline has a date or meta line right after it, and prose soon after."""
        bonus = 0.0
        lines = self.lines
        for line in lines[i + 1 : i + 6]:
            if len(line.text) <= _MAX_META_LINE and (_labels(line.text) or _dates(line.text)):
                bonus += 2 if line.index <= i + 2 else 1
                break
        # A headline is often repeated (a page title bar, then the article's own).
        text = lines[i].text
        for ln in lines[max(0, i - 6) : i + 7]:
            if ln.text == text and ln.index != i and not ln.link_only:
                bonus += 1.5
                break
        for line in lines[i + 1 : i + 25]:
            plain = line.chars - line.link_chars
            if plain >= 30 and _PROSE_PUNCT_RE.search(line.text):
                bonus += 1.5
                break
        return bonus

    def title_text(self, i: int) -> str:
        """The headline's text, without a forum or category prefix, or a subtitle
        inside the heading."""
        line = self.lines[i]
        text = _TITLE_TAIL_RE.sub("", " ".join(line.text.split())) or line.text
        whole = [_squash(t) for t in (*self.evidence.titles, self.page_title) if t]
        if m := _TITLE_PREFIX_RE.match(text):
            # 【赛马娘】情人节赠礼 keeps its brackets when the page's own titles do.
            if not any(_squash(text) in t for t in whole) or m.group().rstrip()[-1] in ":：":
                text = text[m.end() :].strip()
        squashed = _squash(text)
        # A headline broken by a <br> in its element, where the page's titles hold it whole.
        for nxt in self.lines[i + 1 : i + 3]:
            if nxt.block is not line.block or nxt.link_only or (nxt.text.isascii() and not text.isascii()):
                break  # (not a bilingual heading's English line)
            joined = squashed + _squash(nxt.text)
            if not any(joined in t for t in whole):
                break
            text, squashed = text + ("" if _joins_without_space(text, nxt.text) else " ") + nxt.text, joined
        refs = list(self.evidence.titles)
        # The page title's first part ends the headline only where the heading's
        # markup sets the rest apart (<h1>标题<small>副标题</small></h1>).
        subtitled = False
        if len(line.block) and (parts := _title_parts(self.page_title)):
            refs.append(parts[0])
            subtitled = True
        for n, ref in enumerate(refs):
            ref = " ".join(ref.split())
            if len(_squash(ref)) >= 4 and squashed.startswith(_squash(ref)) and squashed != _squash(ref):
                if subtitled and n == len(refs) - 1 and not self._set_apart(line.block, squashed[len(_squash(ref)) :]):
                    continue  # (<td><b>守护…——访…</b></td>: the whole headline in one element)
                return ref
        return text

    @staticmethod
    def _set_apart(block: etree._Element, rest: str) -> bool:
        """Whether ``rest`` (squashed), the end of the headline's text, is an element's of
        its own inside ``block`` (<small>副标题</small>), separators before it aside."""
        rest = rest.lstrip("-_|｜—–:： ")
        return bool(rest) and any(
            _squash("".join(el.itertext())).lstrip("-_|｜—–:： ") == rest for el in block.iterdescendants() if isinstance(el.tag, str)
        )

    # --- body -----------------------------------------------------------------

    def prose_weight(self, line: Line) -> float:
        plain = line.chars - line.link_chars
        if plain < 2 or line.link_chars >= line.chars:  # (line.link_only)
            return 0.0
        text = line.text
        if line.block.tag == "td" and (
            text[-1] in ":：" or (line.index and _label_cell(self.lines[line.index - 1], line))
        ):
            return 0.0  # a metadata table's label and value cells (索引号： | 11350800MB…/2024-00231): no prose
        if _ends_body(text) or _is_tools(text) or _PHONE_LINE_RE.search(text):
            return 0.0  # (业务受理：0591-8765432: a contact box's line)
        punct = len(_PROSE_PUNCT_RE.findall(text))
        if punct == 0 and plain < 25:
            return plain * 0.2
        if _CONTACT_LINE_RE.match(text) or len(_labels(text)) >= 2:
            return 0.0  # a box's 地址：/电话：/传真：, a meta line's fields: their colons are no prose
        weight = plain + 8 * min(punct, 20)
        if line.link_chars and plain < 80:
            weight *= 0.3  # a list item: a link and its date or author
        return weight

    def body_span(self, after: int, before: int | None = None) -> tuple[int, int] | None:
        """The lines of the block holding the most prose after line ``after`` (and
        before line ``before``)."""
        page = self.page
        scores: dict[etree._Element, float] = {}
        weights = self._weights()
        enclosing, score = page.enclosing, scores.get
        for w, line in zip(weights[after + 1 : before], self.lines[after + 1 : before], strict=True):
            if not w:
                continue
            # A line counts fully for its block and the block around it (a <p> and its
            # <div>, as <br>-separated lines count for their one <td>), half above.
            el = line.block
            scores[el] = score(el, 0.0) + w
            if (el := enclosing(el)) is not None:
                scores[el] = score(el, 0.0) + w
                if (el := enclosing(el)) is not None:
                    scores[el] = score(el, 0.0) + w / 2
        if not scores:
            return None
        dated = self._dated_lines()
        spans, chars, links = page.spans, self._chars, self._links

        def merit(el: etree._Element) -> tuple[float, int]:
            start, end = spans[el]
            total = chars[end] - chars[start]  # the link density of the span
            value = scores[el] * (1 - min(0.9, (links[end] - links[start]) / total if total else 1.0))
            # Comments and lists: many short lines with a date of their own.
            stamps = dated[end] - dated[start]
            if stamps >= 3:
                value /= 1 + 0.5 * stamps
            if el.tag in _LIST_TAGS:
                value /= 2
            return round(value, 6), end - start

        merits = {el: merit(el) for el in scores}
        top = max(merits.values())[0]
        # Articles come before their comments: of the blocks nearly as good as the
        # best, the first on the page (and the outermost of nested ones).
        good = [el for el in scores if merits[el][0] >= 0.6 * top]
        first_line = min(page.spans[el][0] for el in good)
        best = max((el for el in good if page.spans[el][0] <= first_line + 1), key=lambda el: merits[el])
        # A block holding the best and as good (its heading, a page list's links) is the body.
        start, end = page.spans[best]
        outer = [
            el for el in good
            if (s := page.spans[el])[0] <= start and s[1] >= end and merits[el][0] >= 0.9 * merits[best][0]
        ]  # fmt: skip
        best = min(outer, key=lambda el: page.spans[el][0] - page.spans[el][1])
        start, end = page.spans[best]
        self.wide_enough = min(20.0, 0.5 * max(weights[start:end], default=0.0))
        # Widen to prose lines right next to it (an ad table splitting the text,
        # a short paragraph beside a long one).
        limit_start, limit_end = self._widening_limits(best, start, end, after)
        start = self._widen(start, max(limit_start, after + 1), -1)
        end = self._widen(end - 1, limit_end - 1, 1) + 1
        return max(start, after + 1), end

    def _widening_limits(self, best: etree._Element, start: int, end: int, after: int) -> tuple[int, int]:
        """The lines [start, end) of the body's block ``best`` may widen to: those of the box
        around it; a box further up where the box holds the text alone and a notice's
        attachments or 落款 follow in the next (开普云's div.article-attachment, a 落款 under a
        table that is the whole text), or where a table of data stands right above the text in
        a box of its own (a Word layout's other cell)."""
        page, lines = self.page, self.lines
        if (box := self._run_box(best)) is None:
            box = page.enclosing(best)
            # (a box that holds the block alone, a run of like entries after it: the box around
            # both, a live report's lead in its box, its entries in the next, each in its own)
            if box is not None and page.spans[box] == (start, end) and self._entries_after(box):
                box = page.enclosing(box)
        while (
            box is not None
            and page.spans[box] == (start, end)
            and page.enclosing(box) is not None
            and end < len(lines)
            and self._notice_end(end)
        ):
            box = page.enclosing(box)
        limit_start, limit_end = page.spans[box if box is not None else best]
        if box is not None and (other := self._other_half(box)) is not None:
            # (a letter and its answer in two boxes side by side: one exchange)
            limit_start, limit_end = min(limit_start, page.spans[other][0]), max(limit_end, page.spans[other][1])
        if start > after + 1 and _data_table_of(lines[start - 1], self.data_tables) is not None:
            box = box if box is not None else best
            while page.spans[box][0] >= start and (up := page.enclosing(box)) is not None:
                box = up
            limit_start = page.spans[box][0]
        return limit_start, limit_end

    def _other_half(self, box: etree._Element) -> etree._Element | None:
        """The box beside ``box`` that holds the other half of a letter and its answer, each box
        opening with its row (来信人：… 来信时间：…, then 答复单位：… 答复时间：…: a 政务咨询's two boxes)."""
        spans, lines = self.page.spans, self.lines

        def opens(el: etree._Element | None, row: re.Pattern) -> bool:
            return el is not None and el in spans and (at := spans[el][0]) < spans[el][1] and row.match(lines[at].text) is not None

        if opens(box, _ANSWER_ROW_RE) and opens(before := box.getprevious(), _LETTER_ROW_RE):
            return before
        if opens(box, _LETTER_ROW_RE) and opens(after := box.getnext(), _ANSWER_ROW_RE):
            return after
        return None

    def _entries_after(self, box: etree._Element) -> bool:
        """The element after ``box`` holds a run of like entries, three or more of one tag and
        class, each with lines of its own (a live report's <div class="zb-item">…)."""
        after, spans = box.getnext(), self.page.spans
        if after is None or after not in spans:
            return False
        marks = [(el.tag, el.get("class")) for el in after if el in spans and el.get("class")]
        return len(marks) >= 3 and len(set(marks)) == 1

    def _run_box(self, best: etree._Element) -> etree._Element | None:
        """The box of a run of like blocks ``best`` is one of, each its paragraph in a stack of
        wrappers (a React editor's, 飞书's <div class="block docx-text-block"><div><div><div>…;
        秀米's <section powered-by="xiumi.us"><section style=…><p>…), or a page of a document
        pdf2htmlEX made (<div class="pf w0 h0" data-page-no="2"><div class="pc">…); the box around
        it where the document's attachments follow; None where ``best`` is no such block."""
        page = self.page
        wrapper, box = best, page.enclosing(best)
        while box is not None and page.spans[box] == page.spans[best]:
            wrapper, box = box, page.enclosing(box)
        parent = wrapper.getparent()
        if wrapper is best or box is None or parent not in page.spans or not (mark := _wrapper_mark(wrapper)):
            return None
        like = sum(1 for el in parent if el.tag == wrapper.tag and _wrapper_mark(el) == mark)
        if not (like >= 3 or (like == 2 and wrapper.get("data-page-no") is not None)):
            # (or an entry of a run of like entries, each a line of its own, its time, and the
            # wrapped paragraph: a 图文直播's <div class="zb-item"><div class="zb-time">11:40</div>
            # <div class="zb-con"><p>…</p></div></div>)
            entry, parent = box, box.getparent()
            if parent not in page.spans or not (mark := _wrapper_mark(entry)) or page.spans[entry][1] - page.spans[entry][0] > 4:
                return None
            if sum(1 for el in parent if el.tag == entry.tag and _wrapper_mark(el) == mark) < 3:
                return None
        after_run = page.spans[parent][1]
        if after_run < len(self.lines) and self._notice_end(after_run) and (up := page.enclosing(parent)) is not None:
            return up  # (the document's attachments under its pages)
        return parent

    def _notice_end(self, i: int) -> bool:
        """Line ``i`` starts what ends a notice: an attachment, 附件： alone, or its 落款."""
        line = self.lines[i]
        return (
            _attachment(line)
            or _ATTACHMENTS_HEAD_RE.fullmatch(line.text) is not None
            or self._signature_end(i, min(len(self.lines) - 1, i + 3)) is not None
        )

    def site_box_start(self, after: int, span: tuple[int, int]) -> int | None:
        """The first line of the site's own box that the prose of ``span`` is in (its
        footer, or a box headed 关于我们, 公司简介…, right above it), or None."""
        lines = self.lines
        if (footer := _footer_of(lines[span[0]].block)) is not None:
            return self.page.spans.get(footer, span)[0]
        return next((i for i in range(span[0], max(after, span[0] - 3), -1) if _ABOUT_BOX_RE.match(lines[i].text)), None)

    def embeds_document(self, start: int, end: int) -> bool:
        """An <iframe>, <embed> or <object> in the block around lines [start, end)."""
        page = self.page
        for line in self.lines[start:end]:
            box = page.enclosing(line.block)
            if next((box if box is not None else line.block).iter("iframe", "embed", "object"), None) is not None:
                return True
        return False

    def own_box_span(self, title_at: int, after: int, span: tuple[int, int]) -> tuple[int, int] | None:
        """The body in the headline's own box (its nearest holding prose after line
        ``after``), where ``span``, the block found first, stands after that box among
        items stamped with dates (a sidebar's summaries, readers' comments): a short
        text is its article's, not the longer summaries beside it."""
        page, lines, weights = self.page, self.lines, self._weights()
        box = lines[title_at].block
        while box is not None:
            end = page.spans[box][1]
            if end > span[0]:
                return None  # (the block found first is in it)
            if any(weights[i] and _is_prose(lines[i]) for i in range(after + 1, end)):
                break
            box = page.enclosing(box)
        if box is None:
            return None
        around = lines[span[0]].block  # (the list around the block: three levels up at most)
        for _ in range(3):
            if (up := page.enclosing(around)) is None:
                break
            around = up
        start, stop = page.spans[around]
        stamped = sum(1 for ln in lines[start:stop] if _STAMP_RE.search(ln.text[:30]) or _STAMP_RE.search(ln.text[-30:]))
        return self.body_span(after, end) if stamped >= 3 else None

    def _weights(self) -> list[float]:
        if self.weights is None:
            self.weights = [self.prose_weight(line) for line in self.lines]
        return self.weights

    def _dated_lines(self) -> list[int]:
        """Prefix counts of short lines that carry a date (a comment's header, a list item)."""
        if self._dated is not None:
            return self._dated
        counts = [0]
        for line in self.lines:
            n = counts[-1]
            if len(line.text) <= 80 and _YEAR_RE.search(line.text) and _dates(line.text):
                n += not _data_cell(line)  # (a date in a data table's cell is the table's)
            counts.append(n)
        self._dated = counts
        return counts

    def first_prose(self, start: int, end: int) -> int:
        """The first line of [start, end) with as much prose as a body line has."""
        lines = self.lines
        return next(
            (
                i
                for i in range(start, end)
                if self.weights[i] >= self.wide_enough
                and not lines[i].heading
                and (_is_prose(lines[i]) or lines[i].chars >= 60)
                and not _dates(lines[i].text[:40])
            ),
            start,
        )

    def _widen(self, edge: int, limit: int, step: int) -> int:
        i = block_edge = edge
        gap = 0
        while (i + step - limit) * step <= 0:
            nxt = i + step
            line = self.lines[nxt]
            if (table := _data_table_of(line, self.data_tables)) is not None:
                # A table of data right beside the text (a notice's list of names, a standard's
                # fields above it): crossed whole, whatever its cells (numbers, links, marks).
                first, stop = self.page.spans[table]
                if (step < 0 and first >= limit and stop <= edge + 1) or (step > 0 and first > edge and stop - 1 <= limit):
                    i = edge = first if step < 0 else stop - 1
                    gap = 0
                    continue
            if step < 0 and gap == 0 and _SALUTATION_RE.match(line.text) and not _labels(line.text):
                return nxt  # 各有关单位： (a notice's salutation, above its first paragraph)
            if step > 0 and gap == 0 and (signed := self._signature_end(nxt, limit)) is not None:
                # 东江省计量测试研究院 / 2024年5月22日 (a notice's signature), and its attachments under it
                while signed < limit and (_attachment(self.lines[signed + 1]) or _ATTACHMENTS_HEAD_RE.fullmatch(self.lines[signed + 1].text)):
                    signed += 1
                return signed
            if step < 0 and line.text.startswith(_REPOST_CARD):
                # 以下文章来源于…: what lies between the card's notice and the text is the card
                # (the reposted account's name and its motto), not the text's first lines.
                return block_edge
            if _ends_body(line.text) or self._is_meta_below(nxt):
                break
            if (
                (self.weights[nxt] and self.weights[nxt] >= self.wide_enough)
                or (step > 0 and _attachment(line) and not _DOWNLOAD_WORD_RE.search(line.text))
                or (step > 0 and self._note_of_text(nxt, edge))
            ):
                # (a notice's attachments after its text: 附件：1.抽查结果.pdf; the text's notes)
                i = nxt
                gap = 0
                edge = i
            elif line.chars <= 20 and gap < 3:
                i = nxt
                gap += 1
            else:
                break
        return edge

    def _note_of_text(self, i: int, edge: int) -> bool:
        """Line ``i``, after the text's last line ``edge``, is a note the text marks (Word's
        footnotes in their own box, ``[1] 交叉浮动法的原理见…``, the text's ``…比较法[1]``)."""
        m = _NOTE_MARK_RE.match(self.lines[i].text)
        return m is not None and any(m[1] in line.text for line in self.lines[max(0, edge - 300) : edge + 1])

    def _signature_end(self, i: int, limit: int) -> int | None:
        """The last line of a notice's signature starting at line ``i`` (up to ``limit``): at
        most two short lines (its issuer) and a date alone on its line (2024年5月22日); or None."""
        lines = self.lines
        for j in range(i, min(i + 3, limit + 1)):
            text = lines[j].text
            if _SIGNATURE_DATE_RE.fullmatch(text):
                return j
            if len(text) > 30 or not _CJK_CHAR_RE.search(text) or any(c in text for c in "，。；：:,;") or lines[j].link_chars:
                return None
        return None

    def _is_meta_below(self, i: int) -> bool:
        line = self.lines[i]
        if len(line.text) > _MAX_META_LINE or (len(line.text) > 30 and "。" in line.text):
            return False  # (a sentence of the text may hold a label and a date: 报名截止时间：…)
        if _TEXT_ITEM_RE.match(line.text) or (
            not _PERIOD_CHARS.isdisjoint(line.text) and _PERIOD_RE.search(line.text)
        ):
            return False
        if len(line.text) <= 80 and "。" not in line.text and _views_in(line.text) is not None:
            return True  # (本文发表于…, 已被阅读178次)
        if len(line.text) <= 100 and "发表" in line.text and _dates(line.text):
            return True  # 本贴由大卫于2005年8月12日16:12:21在〖…〗发表.
        text = line.text[1:-1] if line.text[:1] in "（(" and line.text[-1:] in "）)" else line.text
        if len(text) <= 40 and (found := _labels(text)) and found[0].start() == 0:
            if found[0].lastgroup in ("source", "author") and _SOURCE_OR_AUTHOR_COLON_RE.match(text):
                return True  # 来源：新闻晨报 standing alone after the text, or in brackets: （来源：临江新闻网）
        groups = {m.lastgroup for m in _labels(line.text)}
        return bool(groups & {"date", "author", "source", "views"}) and (
            bool(_dates(line.text))
            or len(groups) >= 2
            # (發布日期：113-05-10: the Republic's year in digits, read only as a label's value)
            or any(name == "date" and roc_value_date(value) for name, value in _field_values(line.text))
        )

    def body_lines(self, start: int, end: int, meta: set[int]) -> tuple[list[str], int]:
        """The paragraphs in lines [start, end), and the index where the body ended."""
        paragraphs: list[str] = []
        lines = self.lines
        skip_to = start
        for i in range(start, end):
            if i < skip_to:
                continue
            line = lines[i]
            text = line.text
            if i in meta:
                continue
            ends = _ends_body(text)
            meta_below = bool(paragraphs) and not ends and self._is_meta_below(i) and not _in_quote(line.block)
            if paragraphs and (ends or meta_below) and self._event_detail(i, end):
                paragraphs.append(text)  # 时间：… 地点：… 主办单位：… in a notice of an event
                continue
            if ends and paragraphs and self._text_line_like_an_end(i, end):
                paragraphs.append(text)  # 主办单位：江淮计量测试学会 in a notice, 微信公众号：江淮计量 in its contacts
                continue
            if ends and not paragraphs and _ORGANISER_RE.match(text) and self._organisers_open_text(i, end):
                paragraphs.append(text)  # (a notice opening with its organisers, its text under them)
                continue
            if ends and paragraphs and _ANSWER_LABEL_RE.match(text) and _QUESTION_RE.match(paragraphs[-1]):
                paragraphs.append(text)  # 回复： alone on its line, under a letter's 留言：…: its answer follows
                continue
            if ends:
                if paragraphs and _BOX_RE.match(text) and (resume := self._after_box(i, end, paragraphs)):
                    skip_to = resume  # a related-reading box inside the text
                    continue
                if not paragraphs and _BOX_RE.match(text):
                    # A box of other articles above the text (相关专题, its headlines and dates):
                    # the text starts at the first line of prose after it.
                    skip_to = next((j for j in range(i + 1, end) if _is_prose(lines[j]) and not lines[j].link_chars), end)
                    continue
                if paragraphs:
                    return paragraphs, i
                continue
            if meta_below and not self._caption(i, end):
                if (files := self._attachments_after(i, end)) is not None:
                    skip_to = files  # (来源：甲 closing the text, its attachments under it: theirs kept)
                    self.closing_meta.append(i)  # (read with the meta below the text)
                    continue
                return paragraphs, i  # (an image's caption, 来源：甲 under it, with the text going on: kept)
            if paragraphs and _end_mark(text):
                return paragraphs, i + 1  # 完: the text's end (a press release's date and time below it)
            if paragraphs and self._meta_table(line, i):
                return paragraphs, i  # (a 信息公开 page's 索引号 | … | 发布日期 | … table under the text: its meta)
            if (
                (line.link_only and not _attachment(line) and not _grid_cell(line, self.data_tables))
                or self._ad_caption(line)
                or self._in_ad_box(i)
                # (another article's headline after an arrow, ETtoday's ►<a>…</a>; or in brackets after a
                # related-reading label, 风传媒's （相關報導：<a>…</a>）)
                or (line.link_chars and line.chars - line.link_chars <= 1 and text[:1] in "►▶▷→»›")
                or (line.link_chars * 2 >= line.chars and _RELATED_LINK_LINE_RE.match(text))
            ):
                continue
            if _NOTICE_TITLE_RE.match(text) and i + 1 < end and _OVERDUE_NOTICE_RE.match(lines[i + 1].text):
                continue  # (温馨提示： over a theme's notice that the post may be out of date)
            if (
                _junk_line(text)
                and not _data_cell(line)
                and not _keywords_of_abstract(text, paragraphs)
                and not (_NO_WORDS_RE.match(text) and _in_pre(line.block))  # (a <pre> of readings)
                and not (_NO_WORDS_RE.match(text) and _formula_line(text, paragraphs))
                # (a value beside its label in a table of the text's: 发布日期 | 2024-03-18, 会务费 | 500)
                and not (_NO_WORDS_RE.match(text) and _DIGIT_RE.search(text) and _value_cell(line))
            ):
                continue
            paragraphs.append(text)
        return paragraphs, end

    def _text_line_like_an_end(self, i: int, end: int) -> bool:
        """Line ``i`` of the text, which a footer's or a promotion's words open: a notice's
        organisers (主办单位：江淮计量测试学会, 承办单位：…, 技术支持单位：…), no footer's marks on it
        or in the three lines of the text after it (a footer's address and telephone after it, that
        is, unless a contact person's line says they are the notice's: 联系人：王老师); or its
        contacts' 微信公众号：江淮计量 with more of the text after it."""
        lines, text = self.lines, self.lines[i].text
        if _ORGANISER_RE.match(text):
            after = lines[i + 1 : min(end, i + 4)]
            return (
                len(text) <= 80
                and not _FOOTER_TEXT_MARK_RE.search(text)
                and not any(_COPYRIGHT_MARK_RE.search(line.text) for line in after)
                and (
                    not any(_FOOTER_TEXT_MARK_RE.search(line.text) for line in after)
                    or any(_CONTACT_PERSON_RE.match(line.text) for line in after)
                )
            )
        if _PROMOTION_LABEL_RE.match(text):
            after = next((j for j in range(i + 1, min(end, i + 3)) if lines[j].chars), None)
            return after is not None and (_is_prose(lines[after]) or lines[after].text[-1:] in "。！？") and not _ends_body(lines[after].text)
        return False

    def _organisers_open_text(self, i: int, end: int) -> bool:
        """Line ``i`` (an organiser's) opens the text: prose follows it, past its fellows."""
        j = next((j for j in range(i, min(end, i + 6)) if not _ORGANISER_RE.match(self.lines[j].text)), None)
        return j is not None and _is_prose(self.lines[j]) and self._text_line_like_an_end(i, end)

    def _meta_table(self, line: Line, i: int) -> bool:
        """``line``, line ``i``, opens a table of the page's metadata: labels in cells of their
        own beside their values (索引号： | 430100-JL-2024-00036 | 发布日期： | 2024-05-21), a
        date's among them."""
        if (table := _data_table_of(line, self.data_tables)) is None or self.page.spans[table][0] != i:
            return False
        if (known := self.meta_tables.get(table)) is not None:
            return known
        cells = [" ".join(_STRING_XPATH(c).split()) for c in table.iter("td", "th")]
        cells = [c for c in cells if c]
        labels = [c for c in cells if _LABEL_CELL_RE.fullmatch(c)]
        dated = any(m.lastgroup in ("date", "other_date") for c in labels for m in _labels(c))
        self.meta_tables[table] = known = len(labels) >= 3 and len(labels) * 5 >= len(cells) * 2 and dated
        return known

    def _attachments_after(self, i: int, end: int) -> int | None:
        """Where a list of the notice's attachments (相关附件 or 附件： over names of documents)
        begins right under the meta line ``i`` closing its text; None where none does."""
        lines = self.lines
        head = next((j for j in range(i + 1, min(end, i + 3)) if not self._is_meta_below(j)), None)
        if head is None or not _FILES_HEAD_RE.match(lines[head].text):
            return None
        files = (lines[j] for j in range(head, min(end, head + 8)))
        return head if any(_ATTACHMENT_RE.match(line.text) or _attachment(line) for line in files) else None

    def _event_block(self, i: int) -> bool:
        """Line ``i`` opens an event's details (时间：… beside 地点：…): a notice's text."""
        lines = self.lines
        return bool(_EVENT_LINE_RE.match(lines[i].text)) and any(
            _EVENT_PLACE_RE.match(lines[j].text) for j in range(i, min(i + 4, len(lines)))
        )  # (the next lines: a label and its value in fields of their own, Drupal's)

    def _post_meta_line(self, i: int) -> bool:
        """Line ``i`` is a post's meta line: a date beside a source's, an author's or a count's
        label, or under a publication's (发布时间：…), no sentence."""
        line = self.lines[i]
        return (
            not _is_prose(line)
            and bool(_dates(line.text))
            and (
                any(m.lastgroup in ("source", "author", "views") for m in _labels(line.text))
                or bool(_SPECIFIC_DATE_RE.search(line.text))
            )
        )

    def _event_detail(self, i: int, end: int) -> bool:
        """A line of an event's details in a notice (时间：5月20日上午9:00 / 地点：… /
        主办单位：…), beside another such line and followed by more of the text: not the
        meta or the footer its labels look like."""
        lines = self.lines
        if not _EVENT_LINE_RE.match(lines[i].text):
            return False
        around = (lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(lines))
        if not any(_EVENT_LINE_RE.match(t) for t in around):
            return False
        return any(_is_prose(lines[j]) and not lines[j].link_chars for j in range(i + 1, min(end, i + 10)))

    def first_of_a_list(self, i: int | None) -> bool:
        """Line ``i`` is the first of a list of like dated items: two dated lines or more of
        its shape (its labels, whether it holds a link, whether it ends with the date) among
        the eight after it. A post's own meta line above its comments is not like them."""
        if i is None:
            return False
        lines = self.lines

        def shape(line: Line) -> tuple:
            return tuple(m.lastgroup for m in _labels(line.text)), bool(line.link_chars), line.text[-1:].isdigit()

        mine = shape(lines[i])
        alike = sum(1 for ln in lines[i + 1 : i + 9] if _dates(ln.text) and shape(ln) == mine)
        return alike >= 2

    def _ad_caption(self, line: Line) -> bool:
        """A short line beside a linked image in a cell of its own, or in a small table (a
        few cells) whose other cell holds the linked image: an advertisement."""
        if line.chars > 20 or _SENTENCE_PUNCT_RE.search(line.text) or line.block.tag != "td":
            return False
        if any(a.find(".//img") is not None for a in line.block.iter("a")):
            return True
        table = next((el for el in islice(line.block.iterancestors(), 3) if el.tag == "table"), None)
        if table is None or sum(1 for _ in table.iter("td")) > 4:
            return False
        return any(a.find(".//img") is not None for a in table.iter("a"))

    def _caption(self, i: int, end: int) -> bool:
        """Line ``i`` is an image's caption (in a <figure>, or in the block right after one
        that holds an image) with the text going on below it: 来源：甲 there is the picture's,
        not the article's meta line below its end."""
        line = self.lines[i]
        text = line.text.strip("（()）")
        if not (_SOURCE_OR_AUTHOR_COLON_RE.match(text) or _PHOTO_CREDIT_RE.search(text)):
            return False  # (a caption's credit: 来源：甲, 作者：乙 摄; not a date's or a count's line)
        block = line.block
        if block.tag != "figcaption" and next(block.iterancestors("figure", "figcaption"), None) is None:
            before = block.getprevious()  # (an image of its own: <p><img></p>, no text beside it)
            if before is None or not (before.tag == "img" or (before.find(".//img") is not None and not "".join(before.itertext()).strip())):
                return False
        return any(_is_prose(ln) and not ln.link_chars for ln in self.lines[i + 1 : min(end, i + 4)])

    def _in_ad_box(self, i: int) -> bool:
        """Line ``i`` is in a small box marked 广告 (or 推广, AD) on a line of its own beside a
        linked image: an advertisement inside the text, its slogan and its mark."""
        if self._ad_marks is None:
            # (its words looked for first: few lines hold one)
            self._ad_marks = [
                j for j, ln in enumerate(self.lines)
                if ("告" in ln.text or "推" in ln.text or "AD" in ln.text) and _AD_MARK_RE.match(ln.text)
            ]  # fmt: skip
        if not self._ad_marks:
            return False
        spans = self.page.spans
        el = self.lines[i].block
        for _ in range(3):
            if el is None:
                return False
            start, stop = spans.get(el, (i, i + 1))
            if stop - start > 4 or any(ln.chars > 60 for ln in self.lines[start:stop]):
                return False  # (the text's own block: an ad's lines are few and short)
            if any(start <= j < stop for j in self._ad_marks):
                return any(a.find(".//img") is not None for a in el.iter("a"))
            el = self.page.enclosing(el)
        return False

    def _after_box(self, at: int, end: int, paragraphs: list[str]) -> int | None:
        """Where the text resumes after a related-reading box at line ``at``: the next
        line of prose after the box's element, when as much prose follows as came before,
        or it stands in the same element as the text above the box; else None."""
        lines = self.lines
        resume = None
        # The box: the outermost element the heading opens that stops before the text's end
        # (its links' summaries are the box's, not the text's).
        box = lines[at].block
        while (up := self.page.enclosing(box)) is not None and self.page.spans[up][0] == at and self.page.spans[up][1] < end:
            box = up
        i = i0 = max(at + 1, self.page.spans.get(box, (at, at + 1))[1])
        while i < end:
            line = lines[i]
            if _is_prose(line) and not line.link_chars:
                resume = i
                break
            if _ends_body(line.text) and not _BOX_RE.match(line.text):
                return None
            i += 1
        if resume is None:
            return None
        before = sum(len(p) for p in paragraphs)
        after = sum(ln.chars for ln in lines[resume:end] if _is_prose(ln) and not ln.link_only)
        enclosing = self.page.enclosing
        if after < max(150, before / 2):
            # Less, but in the same element as the text above the box (its paragraphs' <div>): the
            # text goes on there (a short article's second half, its closing contact line).
            above = next((j for j in range(at - 1, -1, -1) if lines[j].text == paragraphs[-1]), None)
            if above is None or enclosing(lines[resume].block) is not enclosing(lines[above].block):
                return None
        # The heading of the text's next part, between the box and that prose (<p><strong>二、
        # 计量惠民走进社区</strong></p>): the text's, in the element the prose is in.
        container = enclosing(lines[resume].block)
        while resume > i0 and (
            not (heading := lines[resume - 1]).link_chars
            and enclosing(heading.block) is container
            and not _ends_body(heading.text)
            and not _is_tools(heading.text)
        ):
            resume -= 1
        return resume

    # --- meta -------------------------------------------------------------------

    def _table_below_dated(self, first: int, i: int) -> bool:
        """Line ``i`` opens a table (its first line in it) after a line of ``first``..``i``
        that is no table's and carries a date."""
        lines = self.lines
        table = _table_of(lines[i].block)
        if table is None or (i > first and _table_of(lines[i - 1].block) is table):
            return False
        return any(_table_of(lines[j].block) is None and _dates(lines[j].text) for j in range(first, i))

    def meta_near(self, title: int | None, body_start: int | None) -> _Meta:
        """Labelled fields on the lines between the title and the body (or, without a
        title, around the first line that carries a publication date label)."""
        meta = _Meta()
        lines = self.lines
        if title is not None:
            first = title + 1
            last = min(len(lines), title + 1 + _TITLE_WINDOW)
            if body_start is not None and body_start > first:
                last = min(last, body_start)
        else:
            at = next(
                (ln.index for ln in lines if _SPECIFIC_DATE_RE.search(ln.text) and self._is_meta_below(ln.index)),
                None,
            )
            if at is None:
                return meta
            first, last = at, min(len(lines), at + 4)
        # The body's first line ends the meta, as the page's footer does (Discuz!'s render
        # time GMT+8, 2024-5-20 10:00 is no date of the page's); a subtitle in a heading
        # under the title does not.
        # So does an event's details in a notice's text (时间：6月12日14:00 / 地点：…): not meta.
        stop = next(
            (
                i
                for i in range(first, last)
                # (not a value beside its label in the meta's table: a paper's 单位： | 1. 甲研究院，…；2. …)
                if (_is_prose(lines[i]) and not lines[i].heading and not (i > first and _label_cell(lines[i - 1], lines[i])))
                or (_FOOTER_RE.search(lines[i].text) and not _labels(lines[i].text))
                # (right under the headline too, unless the line is the post's own: 发布时间：…)
                # (not the post's own meta line: 时间:2021-06-02 10:20来源:甲 作者:乙 over the notice's 主办单位：)
                or ((i > first or not _SPECIFIC_DATE_RE.search(lines[i].text)) and self._event_block(i) and not self._post_meta_line(i))
                # (so do the article's 上一篇 and its attachments, after a text too short to be prose)
                or _PREV_NEXT_RE.match(lines[i].text)
                or _ATTACHMENT_RE.match(lines[i].text)
                # (and a figure's caption: a 组图's text, its photographer's credit under it no meta)
                or lines[i].block.tag == "figcaption"
                # (and a quote opening the post: 甲 发表于 2024-5-2 14:20 over it is the quoted post's)
                or _in_quote(lines[i].block)
                # (and a table of the text's own under a dated meta line: a standard's 发布日期
                # and 实施日期 are its data, not the page's)
                or self._table_below_dated(first, i)
            ),
            last,
        )
        self._read_meta(range(first, stop), meta)
        if meta.date is None and title is not None and stop == first < last and self._event_block(first):
            # An event's box under the headline (展会日期：… / 展会地点：… / 主办单位：…), the post's
            # own meta line under it (2024-05-06 10:00 来源：本站): read from there.
            box_end = min(len(lines), first + 8)
            j = next(
                (k for k in range(first + 1, box_end) if not _LABELLED_LINE_RE.match(lines[k].text) or self._post_meta_line(k)),
                box_end,
            )
            if j < len(lines) and self._post_meta_line(j):
                end = next((k for k in range(j + 1, min(len(lines), j + 3)) if _is_prose(lines[k])), min(len(lines), j + 3))
                self._read_meta(range(j, end), meta)
        if meta.date is None and title is not None and stop < len(lines) and stop - first <= 1 and _is_prose(lines[stop]):
            # A standfirst under the headline, the byline and date under it (德国之声's intro, 联合早报's
            # deck): the meta lines after it, up to the text.
            after = stop + 1
            end = next((i for i in range(after, min(len(lines), after + 10)) if _is_prose(lines[i])), after)
            if any(_dates(t := lines[i].text) and (_labels(t) or len(t) <= 40) for i in range(after, min(end, after + 4))):
                self._read_meta(range(after, end), meta)
        if title is not None and meta.date is not None and meta.date_rank < 3:
            table = _Meta()  # a metadata table above the headline with its 发布日期 (under it: 更新时间)
            self._read_meta(range(max(0, title - 12), title), table)
            if table.date is not None and table.date_rank == 3:
                meta.date, meta.date_line, meta.date_rank = table.date, table.date_line, table.date_rank
                meta.lines.add(table.date_line)
        if (meta.source is None or meta.author is None) and title is not None:
            # A 来源 just above the headline, or above or under an earlier copy of it
            # (新华网: the time and source row above the <h1>, a mobile copy of it after); a
            # 作者 under an earlier copy (a WeChat article pasted with its own heading under
            # the CMS's headline and meta line, the pasted heading taken for the headline).
            squashed = _squash(lines[title].text)
            copies = (j for j in range(max(0, title - 40), title) if lines[j].heading and _squash(lines[j].text) == squashed)
            for head in (title, *copies):
                up = _Meta()
                self._read_meta(range(max(0, head - 3), head), up)
                if head != title:
                    self._read_meta(range(head + 1, min(title, head + 4)), up)
                    if meta.author is None and up.author is not None:
                        meta.author = up.author
                if meta.source is None and up.source is not None:
                    meta.source = up.source
                if meta.source is not None and meta.author is not None:
                    break
        tabled = title is not None and meta.date is None
        if tabled:
            # A metadata table above the headline first: its 发布日期's value cell, read alone
            # among the lines just above, would be an unlabelled date (广东's gkmlpt).
            self._table_above(title, meta)
        if meta.date is None and title is not None:
            # An issue date or a post header just above the headline.
            above = _Meta()
            # (not a line of linked headlines with their dates: a ticker's, a list's)
            ups = [i for i in range(title - 1, max(-1, title - 4), -1) if not lines[i].link_chars * 2 > lines[i].chars]
            self._read_meta(ups, above)
            if above.date is None:
                # An e-paper's issue date, in its bar over the page's 版面 links (2024年05月20日
                # 星期一 第03版：综合新闻), however many of them stand between it and the headline.
                bar = next((i for i in range(title - 4, max(-1, title - 60), -1) if _ISSUE_BAR_RE.search(lines[i].text)), None)
                if bar is not None and len(lines[bar].text) <= 80:
                    self._read_meta([bar], above)
            if above.date is not None:
                meta.date, meta.date_line, meta.date_rank = above.date, above.date_line, above.date_rank
                meta.lines.add(above.date_line)
        if title is not None and not tabled and (meta.date is None or meta.source is None or meta.views is None):
            self._table_above(title, meta)
        if meta.views is None and title is not None:
            # A thread's counters just above its headline (Discuz! X: 查看: 1234 | 回复: 5), or
            # above its first floor's poster box (phpwind 8: 阅读：533 回复：3, the headline in the floor).
            above = _Meta()
            self._read_meta(range(max(0, title - 2), title), above)
            if above.views is None:
                counters = [i for i in range(max(0, title - 14), title - 2) if _THREAD_COUNTERS_RE.match(self.lines[i].text)]
                self._read_meta(counters[-1:], above)
            meta.views = above.views
        return meta

    def icon_views(self, start: int, end: int) -> int | None:
        """A count an eye drawn by an icon font labels (``<i class="icon-eye"></i> 1,234``,
        Font Awesome's ``fa-eye``), in the lines [start, end) between the headline and the
        text: the views where no word labels them."""
        seen = set()
        for line in self.lines[start:end]:
            if line.block in seen:
                continue
            seen.add(line.block)
            for icon in line.block.iter(_ICON_TAGS):
                if (cls := _icon_names(icon)) and _EYE_CLASS_RE.search(cls) and (m := _COUNT_VALUE_RE.match(_icon_text(icon))):
                    return int(m.group(1).replace(",", ""))
        return None

    def icon_author(self, start: int, end: int) -> str | None:
        """A name a person drawn by an icon font labels (``<i class="fa fa-user"></i> 张海燕``,
        XunRuiCMS's and RuoYi's meta lines), in the lines [start, end) between the headline
        and the text: the author where no word labels one."""
        for line in self.lines[start:end]:
            for icon in line.block.iter(_ICON_TAGS):
                if (cls := _icon_names(icon)) and _PERSON_CLASS_RE.search(cls):
                    name = _icon_text(icon).strip()
                    if 2 <= len(name) <= 20 and not _NOT_A_NAME_RE.search(name):
                        return name
        return None

    def own_header(self, title: int, span: tuple[int, int]) -> tuple[int, int] | None:
        """The lines of the ``<header>`` that holds the headline (the article's own, with its
        meta lines), where it ends before the text does: never the text's."""
        for el in self.lines[title].block.iterancestors():
            if el.tag == "header":
                lines = self.page.spans.get(el)
                return lines if lines is not None and lines[1] < span[1] else None
            if el.tag in ("article", "main", "body"):
                return None
        return None

    def _table_above(self, title: int, meta: _Meta) -> None:
        """The fields a metadata table right above the headline gives that its lines below do
        not (标题 / 发布日期 / 来源 / 浏览次数 in label and value cells, a row each: two
        lines a row, beyond the lines looked at above): the table's cells, up to the
        headline, two labelled at least. (Or its rows as a list's items: 南威's
        <li><b>发布日期：</b>2024-05-27</li>.)"""
        lines = self.lines
        start = title
        while start > max(0, title - 16) and lines[start - 1].block.tag in _META_ROW_TAGS:
            start -= 1
        labelled = sum(1 for i in range(start, title) if (found := _labels(lines[i].text)) and found[0].start() == 0)
        if title - start < 4 or labelled < 2:
            return
        table = _Meta()
        self._read_meta(range(start, title), table)
        if meta.date is None and table.date is not None:
            meta.date, meta.date_line, meta.date_rank = table.date, table.date_line, table.date_rank
            meta.lines.add(table.date_line)
        meta.source = meta.source or table.source
        meta.author = meta.author or table.author
        meta.views = meta.views if meta.views is not None else table.views

    def _read_meta(self, indexes, meta: _Meta) -> None:
        lines = self.lines
        pending: str | None = None  # a label whose value is in the next line or cell
        for i in indexes:
            line = lines[i]
            text = line.text
            if len(text) > _MAX_META_LINE or (_is_tools(text) and not _TOOL_WORD_LABEL_RE.match(text)):
                # (a toolbar's 字号： is no meta: 打印 收藏 字号：大 中 小; a tool's word as a label alone, its
                # value in the next cell, is: 蝉知's <dt>转载：</dt><dd><a>省市场监管局网站</a></dd>)
                pending = None
                continue
            found = _field_values(text, line.cuts)
            if pending and not _next_cell(lines[i - 1], line):
                pending = None
            if pending and (not found or _labels(text)[0].start() > 0):
                head = text[: _labels(text)[0].start()] if found else text
                self._take(meta, pending, _clean_value(head), i, lines[i - 1].text + " " + head)
                meta.lines.add(i)
                if not found:
                    pending = None
                    continue
            pending = None
            if found:
                meta.lines.add(i)
                for (name, value), lab in zip(found, _labels(text), strict=True):
                    self._take(meta, name, value, i, text, lab.group())
                if not any(name == "views" for name, _ in found):
                    self._take(meta, "views", "", i, text)
                # A date with no label among the labels: 2005-04-05 06:40更新 来源：...
                head = text[: _labels(text)[0].start()]
                if self._unlabelled_date_line(line) and not any(n == "date" for n, _ in found):
                    if any(n == "other_date" for n, _ in found):
                        # (beside another date's label, only a date outside its value: 2024-06-24 10:20
                        # 报名截止时间：2024-07-01 17:00, or after it, 报名截止：2024-07-01 2024-06-24)
                        labels = _labels(text)
                        dates = _dates(head) or [
                            d
                            for k, m in enumerate(labels)
                            if m.lastgroup == "other_date"
                            for d in _date_after_value(text[m.end() : labels[k + 1].start() if k + 1 < len(labels) else len(text)])
                        ]
                    else:
                        dates = _dates(head) or _dates(text)
                    if dates:
                        self._set_date(meta, dates[-1] if head.strip() else dates[0], i, 1)
                if not found[-1][1] and _ends_with_label(text):
                    pending = found[-1][0]
                continue
            views = _views_in(text)
            if views is not None and meta.views is None:
                meta.views = views
                meta.lines.add(i)
            # (and the date beside the count: <span>2024-05-20 10:00</span><span>管理员</span><span>阅读(90)</span>)
            if (dates := _dates(text)) and self._unlabelled_date_line(line):
                date = dates[0]
                # A word after the date says what it is (CSDN's 于 2024-05-20 10:12:33 首次发布
                # and 已于 2024-05-22 10:12:33 修改): the publication's, or an update's.
                after = text[date.end : date.end + 8].lstrip(_SPACES)
                rank = 3 if _POSTED_AFTER_RE.match(after) else 0.5 if _UPDATED_AFTER_RE.match(after) else 1
                if rank == 1 and date.moment is None and i + 1 < len(lines) and (time := _TIME_LINE_RE.match(lines[i + 1].text)):
                    # The time on a line of its own under the date (2024年5月22日（星期三）/
                    # 香港時間12時15分: a Hong Kong press release's).
                    joined = _dates(f"{text} {time['time']}")
                    if joined and joined[0].day == date.day and joined[0].moment is not None:
                        date = joined[0]
                        meta.lines.add(i + 1)
                if self._set_date(meta, date, i, rank):
                    meta.lines.add(i)

    def _unlabelled_date_line(self, line: Line) -> bool:
        """A line that carries a date with no label: short, not a link, not a sentence."""
        if len(line.text) > 100:
            return False
        if not line.link_only:
            return True
        # XunRuiCMS: <a href="javascript:;">2024-05-20 16:42:08</a>, a link to nowhere
        links = list(line.block.iter("a"))
        # (or WordPress's: the date linked to its day's archive, /2024/05/21/, or to the post, rel=bookmark;
        # or LOFTER's, to the post's own page without a rel)
        return bool(links) and all(
            _NOWHERE_RE.fullmatch(href := (a.get("href") or "").strip())
            or _DAY_ARCHIVE_RE.search(href.split("?")[0])
            or "bookmark" in (a.get("rel") or "").split()
            or urljoin(self.url, href) == self.url  # (not #comment-2210: a comment's, on the same page)
            for a in links
        )

    def _set_date(self, meta: _Meta, found: DateMatch, i: int, rank: int) -> bool:
        """Keep the best date: a publication label (3) over another date label (2) over
        an update's (1.5) over none (1); the first of equals. A publication date without
        its time takes the time of a date without a label of the same day beside it
        (``Published: May 20, 2024 10:21 | Source: …`` above ``发布时间：2024-05-20``)."""
        best = meta.date
        if rank > meta.date_rank:
            if best is not None and (meta.date_rank, rank) == (1, 3) and found.moment is None and best.day == found.day:
                found = replace(found, moment=best.moment)
            meta.date, meta.date_line, meta.date_rank = found, i, rank
            return True
        if best is not None and (meta.date_rank, rank) == (3, 1) and best.moment is None and best.day == found.day:
            meta.date = replace(best, moment=found.moment)
        return False

    def _take(self, meta: _Meta, name: str, value: str, i: int, text: str, label: str | None = None) -> None:
        if name == "date":
            # The label's own date; the line's only where no other date label stands in it
            # (发布时间：<script> 更新时间：2024-05-22: the update's is not the publication's).
            own = _dates(value)
            if not own and label and label in text:
                # (the date as written after its label, its slashes no end of a value: 發佈日期：2024/05/17)
                rest = text[text.find(label) + len(label) :]
                if (written := _dates(rest[:40])) and not rest[: written[0].start].strip():
                    own = written[:1]
            if not own and sum(1 for m in _labels(text) if m.lastgroup == "date") == 1:
                own = _dates(text)
            if not own and value[:1] == "1":
                # 發布日期：113-05-20, 113/05/15 14:30 (Taiwan's; the value as written after its label)
                rest = text[text.find(label) + len(label) :] if label and label in text else value
                if roc := roc_value_date(rest):
                    own = (roc,)
            if own:
                if _SPECIFIC_DATE_RE.search(label or text):
                    rank = 3
                else:
                    rank = 1.5 if label and "更新" in label else 2  # (更新时间 gives way to machine evidence)
                    if rank == 1.5 and label in text and (before := _dates(text[: text.find(label)])):
                        # (the publication's date unlabelled before it: 澳門時間 2024年5月18日 09:30 ｜ 更新時間：…)
                        self._set_date(meta, before[-1], i, 2)
                self._set_date(meta, own[0], i, rank)
            elif (
                meta.date is not None
                and meta.date_line == i
                and meta.date.moment is None
                and (time := _TIME_LINE_RE.match(value))
                and (joined := _dates(f"{meta.date.day.isoformat()} {time['time']}"))
            ):
                # A time under a label of its own beside the date's (發佈日期：2024/05/17 時間：11:20),
                # read as a time on its own line under its date is.
                meta.date = replace(meta.date, moment=joined[0].moment)
            elif value and meta.unread_date is None and _SPECIFIC_DATE_RE.search(text):
                meta.unread_date = value
        elif name == "author":
            value = _AFFILIATION_MARKS_RE.sub("", value)  # (a paper's 张立新¹，王海燕1,2: their affiliations' marks)
            value = _PADDED_NAME_RE.sub(r"\1\2", value)  # (作者：王&ensp;平, a name padded to three characters' width)
            if value and meta.author is None and len(value) <= 40 and _plausible_name(value):
                meta.author = value
        elif name == "source":
            if value and len(value) <= 60 and _plausible_name(value) and (
                meta.source is None or (meta.source in _PLACEHOLDER_SOURCES and value not in _PLACEHOLDER_SOURCES)
            ) and not _this_site(value, self.url):
                meta.source = value
        elif name == "views" and meta.views is None:
            count = parse_view_count(value) if value else None
            meta.views = count if count is not None else _views_in(text)

    def meta_below(self, body_end: int) -> _Meta:
        """Labelled fields on the lines right after the body, up to a list of other
        articles or the comments (their counts and dates are theirs), or the page's
        footer (最后更新：… is the site's)."""
        meta = _Meta()
        lines = self.lines
        # Eight lines, a widget's button not counted (a post's buttons, its author's name and
        # follow button, its like counts: 好文要顶 关注我 收藏该文, 计量老张, +加关注, 3; cnblogs'
        # saved page puts them between the text and its posted @ line), sixteen at most.
        last, counted = body_end, 0
        while last < min(len(lines), body_end + 16) and counted < 8:
            line = lines[last]
            counted += not (len(line.text) <= 4 or (line.link_only and len(line.text) <= 16) or _is_tools(line.text))
            last += 1
        # (a list of other articles, or the comments' heading or first floor: 评论 2, 沙发; or another
        # article's headline, a heading that is a link: Medium's More from …, its items' dates under them)
        last = next(
            (
                i for i in range(body_end, last)
                if _LISTS_RE.match(lines[i].text) or _FLOOR_RE.match(lines[i].text) or (lines[i].heading and lines[i].link_only)
            ),
            last,
        )  # fmt: skip
        last = next((i for i in range(body_end + 1, last) if _FOOTER_RE.search(lines[i].text)), last)
        # (not an ad's line: 【推广】2026-11-22 检测仪器租赁，来源：合作伙伴, a mirror's injection)
        self._read_meta([*self.closing_meta, *(i for i in range(body_end, last) if not _AD_LINE_RE.match(lines[i].text))], meta)
        return meta

    # --- category -----------------------------------------------------------------

    def breadcrumb(self, title: str | None) -> list[str]:
        lines = self.lines
        text = None
        for line in lines:
            start = line.text.lstrip()
            if start[:1] == ":":
                start = start.removeprefix(":::").lstrip()  # (Taiwan's accesskey link :::)
            # (the label matched before the arrows are read: they are no part of it, and read
            # one for one, they leave where it ends where it was)
            if len(line.text) <= 200 and (m := _BREADCRUMB_RE.match(start)) and (
                _BREADCRUMB_SEP_RE.search(_arrows(line.text)) or line.link_chars or line.block.tag == "li"
            ):
                text = _arrows(start)[m.end() :]
                if line.cuts and not _BREADCRUMB_SEP_RE.search(text):
                    # Crumbs side by side, an arrow's image between them and no space (an old
                    # table template's 首页<img src="jt.gif">政务公开): split where each link ends.
                    text = _split_at_cuts(text, [c - (len(line.text) - len(text)) for c in line.cuts])
                if line.block.tag == "li" and (parent := line.block.getparent()) is not None:
                    # The label in the first item of a list of crumbs (<li>您现在的位置：<a>首页</a></li><li>…)
                    items = [" ".join("".join(li.itertext()).split()) for li in parent.iterchildren("li")]
                    if len(items) >= 2 and items[0] == line.text:
                        text = " > ".join(i for i in [text, *items[1:]] if i)
                break
        if text is None:
            for el in self.scope.iter("nav", "div", "p", "span", "ol", "ul", "td"):
                marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('aria-label', '')}".lower()
                if _CRUMB_MARKER_RE.search(marker):
                    items = [_crumb_item(li) for li in el.iter("li")]
                    text = _arrows(" > ".join(i for i in items if i) or self._crumb_box_text(el))
                    if len(items) < 2 and not _BREADCRUMB_SEP_RE.search(text):
                        # Links side by side, the separators drawn by CSS (方正's div.bc_nav).
                        links = [" ".join("".join(a.itertext()).split()) for a in el.iter("a")]
                        if len([x for x in links if x]) < 2:
                            # (or crumbs that are no links, an icon between them: Element UI's
                            # <span class="el-breadcrumb__item"><span role="link">科技新闻</span><i …></i></span>)
                            links = [" ".join("".join(c.itertext()).split()) for c in el.iterchildren("span", "a", "div")]
                        if len([x for x in links if x]) >= 2:
                            text = " > ".join(x for x in links if x)
                    if len(items) < 2 and el.find(".//a[@href]") is None and not _BREADCRUMB_SEP_RE.search(text):
                        text = None  # one word, no link: a post's region (span.location 东江)
                        continue
                    m = _BREADCRUMB_RE.match(text)
                    if m:
                        text = text[m.end() :]
                    break
        if text is None:
            for line in lines:
                if line.chars <= 120 and line.link_chars >= 0.3 * line.chars:
                    parts = [p for p in _BREADCRUMB_SEP_RE.split(_arrows(line.text)) if p.strip()]
                    if len(parts) >= 2 and _is_home_crumb(parts[0].strip(), self.page_title) and (
                        _BREADCRUMB_SEP_RE.search(_arrows(line.text))
                    ):
                        text = line.text
                        break
                    # 汽车 >> 车坛动态 >> 业界新闻: arrows no menu writes, twice, make a trail
                    # from its channel (no home crumb before it).
                    if len(parts) >= 3 and len(_STRONG_CRUMB_SEP_RE.findall(line.text)) >= 2:
                        text = line.text
                        break
                    if " - " not in line.text:
                        continue
                    # 清河计量网 - 计量动态 - 正文 [大 中 小]: spaced hyphens make a trail (not a
                    # menu) where it ends with 正文 or the like, its font tools cut off.
                    trail = _TRAIL_TOOLS_RE.sub("", _arrows(line.text))
                    parts = [p.strip() for p in _CRUMB_SPLIT_RE.split(trail) if p.strip()]
                    if (
                        len(parts) >= 3
                        and _BREADCRUMB_TAIL_RE.match(parts[-1])
                        and _is_home_crumb(parts[0], self.page_title)
                    ):
                        text = trail
                        break
        if text is None:
            return []
        if m := next((m for m in _labels(text) if _VALUE_NUMBER_RE.match(text, m.end())), None):
            text = text[: m.start()]  # (当前您在 - 论坛 - 专区 点击数：39: the thread's count)
        if title and len(title) >= 6 and (trail := text.rstrip()).endswith(title):
            text = trail[: -len(title)]  # (the headline as the last crumb, before its dashes split it: 甲——乙)
        parts = [p.strip() for p in _CRUMB_SPLIT_RE.split(text) if p.strip()]
        if len(parts) == 1:
            parts = parts[0].split()
        homes = [i for i, p in enumerate(parts) if _HOME_RE.match(p) or p.endswith(("首页", "首頁"))]
        if homes:
            parts = parts[homes[-1] + 1 :]
        elif parts and (
            _is_home_crumb(parts[0], self.page_title)
            or self._names_site(parts[0])
            or (self._on_main_host() and self._links_home(parts[0]))
        ):
            parts = parts[1:]
        while parts and (_BREADCRUMB_TAIL_RE.match(parts[-1]) or (title and _is_headline_crumb(parts[-1], title))):
            parts.pop()
        # (a crumb's length without a mirror's readings: 計(jì)量(liàng)與(yǔ)質(zhì)量(liàng) is 计量与质量)
        return [p for p in parts if len(_CRUMB_READING_RE.sub("", p) if "(" in p else p) <= 30]

    def _crumb_box_text(self, el: etree._Element) -> str:
        """The text of a box marked as the breadcrumb's; where it holds lines of its own, the
        line with the crumbs' separators (天涯's div.atl-location: the trail in one block, its
        订阅 and 发帖 buttons in another, not glued to its last crumb)."""
        start, end = self.page.spans.get(el, (0, 0))
        if end - start >= 2:
            texts = [line.text for line in self.lines[start:end]]
            # (a line of two crumbs or more: not a separator alone between two blocks, ETtoday's
            # <div>首頁</div> › <div>生活</div>, whose lines are read together)
            trails = (t for t in map(_arrows, texts) if _BREADCRUMB_SEP_RE.search(t) and sum(1 for p in _CRUMB_SPLIT_RE.split(t) if p.strip()) >= 2)
            return next(trails, " ".join(texts))
        return " ".join("".join(el.itertext()).split())

    def _on_main_host(self) -> bool:
        """The page is on the site's own host (``www.`` or the bare domain), whose root is the
        site's home; a subdomain's root is a channel's (biz.example.com: 商业频道 > …)."""
        host = (urlsplit(self.url).hostname or "").split(".")
        return host[0] == "www" or len(host) <= 2

    def _names_site(self, crumb: str) -> bool:
        """A crumb that ends with the site's name its ``<meta name="SiteName">`` or
        ``og:site_name`` gives (吉林省政府信息公开专栏 of the site 信息公开专栏)."""
        names = _SITE_NAME_XPATH(self.root)
        return any(len(name := n.strip()) >= 2 and crumb.endswith(name) for n in names)


# A label's value that is a number (a count, a date): no crumb's name (点击财富专题 is one).
_VALUE_NUMBER_RE = compile_guarded(r"[\s:：]*\d")
_SITE_NAME_XPATH = etree.XPath(
    "//meta[@name='SiteName' or @name='sitename' or @property='og:site_name' or @name='og:site_name']/@content",
    smart_strings=False,
)
# Separators only a breadcrumb writes (a menu writes |, a "more" link one >>).
_STRONG_CRUMB_SEP_RE = compile_guarded(r"-->|->|>>|»|›|→")
# Font tools after a trail: [大 中 小], 【字体：大 中 小】.
_TRAIL_TOOLS_RE = compile_guarded(r"\s*[\[【][^\]】]{0,12}[\]】]\s*$")
# A breadcrumb's class or id: breadcrumb, 当前位置, position, location (not CSS's position-relative).
_CRUMB_READING_RE = compile_guarded(READING_AFTER)
_CRUMB_MARKER_RE = compile_guarded(
    r"crumb|(?:^|[\s_-])bread(?:$|[\s_-])|位置|\bbc[-_]?nav\b|(?<!elementor-)(?:position|location)(?![-_]?(?:relative|absolute|fixed|static|sticky))"
)
_SENTENCE_PUNCT_RE = compile_guarded(r"[，。！？；]")
_NOWHERE_RE = compile_guarded(r"#?|javascript:(?:;|void\(0\);?)?", re.I)  # a link's href that goes nowhere
_DAY_ARCHIVE_RE = compile_guarded(r"/(?:19|20)\d\d/\d\d/\d\d/?$")  # WordPress's archive of a day


# An icon of an eye (icon-eye, fa-eye, glyphicon-eye-open, layui-icon-read...) before a count.
# (and iconfont.cn's icons named in pinyin: icon-liulan 浏览, icon-yanjing 眼睛, icon-chakan 查看, icon-yuedu 阅读)
_EYE_CLASS_RE = compile_guarded(r"eye|icon-(?:view|read|hits|browse|liulan|yanjing|chakan|yuedu|dianji)", re.I)
_PERSON_CLASS_RE = compile_guarded(
    r"(?:fa|icon|glyphicon|layui-icon|lucide)-(?:user(?!s)|author|person|username)|\bauthor-icon\b", re.I
)
# Not a person's name beside a person's icon: a date, a count, a label, an account's links.
_NOT_A_NAME_RE = compile_guarded(r"[\d:：]|登录|注册|会员|个人中心|我的|退出")


def _icon_text(icon: etree._Element) -> str:
    """The words an icon labels: its tail, or the next element's text
    (``<i class="fa fa-eye"></i><span>41</span>``, ``<svg …></svg><span><span>王工</span></span>``)."""
    tail = icon.tail
    if not (tail and tail.strip()) and (after := icon.getnext()) is not None:
        tail = after.text
        if not (tail and tail.strip()):
            tail = "".join(after.itertext())[:40]  # (its children's: <span><span>王工</span></span>)
    return tail or ""


# The elements that draw an icon: an icon font's (<i class="fa fa-eye">), or an <svg> (lucide's
# <svg class="lucide lucide-eye">, a sprite's <svg><use href="#icon-user"></svg>).
_ICON_TAGS = ("i", "span", "em", "svg")


def _icon_names(icon: etree._Element) -> str:
    """The names an icon goes by: its class, and for an <svg> its sprite's symbol."""
    names = icon.get("class") or ""
    if icon.tag == "svg":
        names += " " + " ".join(
            use.get("href") or use.get("xlink:href") or "" for use in icon.iter("use")
        ) + " " + (icon.get("name") or "")
    return names
# A class or id that names the page's footer (footer, foot_about, copyright), not a part's
# own (QuestionHeader-footer, entry-footer, CopyrightRichText-richText).
# A line of a contact box (地址：…, 联系电话：…, 传真：…, E-mail：…).
_CONTACT_LINE_RE = LazyPattern(
    r"^\s*(?:" + tolerant("地址", "电话", "联系电话", "传真", "邮编", "邮箱", "电子邮箱", "联系人", "网址", "手机", "热线")
    + r"|e-?mail|qq|tel|fax)\s*[:：]",
    re.I,
)
# A class or id naming a footer: foot, footer, copyright, dibu (底部), alone or as the first part
# of a name (footer-wrap); footer and copyright as a later part too (s-section-footer,
# p_footer, site-footer: site builders' names); ft alone (Discuz!'s) or with a footer's word
# (ft_wrap), not an interview's (访谈: ft-content, ft_con).
_FOOTER_MARK_RE = compile_guarded(
    r"(?:^|\s)(?:(?:foot(?:er)?|copyright|dibu)(?:[-_]\S*)?|ft(?:[-_](?:wrap|box|nav|links?|copy(?:right)?|bottom|inner|bar))?"
    r"|\S*[-_](?:footer|copyright)(?:[-_]\S*)?)(?=\s|$)",
    re.I,
)


# The heading of a site's box about itself (a company site's 关于我们 beside every post).
_ABOUT_BOX_RE = compile_guarded(
    r"^(?:关于我们|关于本站|公司简介|企业简介|公司介绍|企业介绍|公司概况|本站简介|网站简介|联系我们|about\s+us)$", re.I
)


def _footer_of(block) -> etree._Element | None:
    """The page's footer ``block`` is in: a ``<footer>`` (not an article's own) or an element
    whose class or id names the footer; None when it is in none."""
    for el in (block, *block.iterancestors()):
        if el.tag == "body":
            return None
        if el.tag == "footer":
            return None if any(a.tag == "article" for a in el.iterancestors()) else el
        if _FOOTER_MARK_RE.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return el
    return None


def _table_of(block) -> etree._Element | None:
    """The table ``block`` is in (itself, a cell, a row: six levels looked at), or None."""
    for el in (block, *islice(block.iterancestors(), 6)):
        if el.tag == "table":
            return el
    return None


def _in_quote(block) -> bool:
    """Inside a <blockquote>: a quoted article's own 来源/date lines are text."""
    return block.tag == "blockquote" or any(a.tag == "blockquote" for a in block.iterancestors())


def _is_prose(line: Line) -> bool:
    """A line of running text: it has sentence punctuation and text of its own, and
    does not start with a label."""
    return (
        line.chars - line.link_chars >= 20
        and bool(_SENTENCE_PUNCT_RE.search(line.text))
        and not (_labels(line.text) and _labels(line.text)[0].start() == 0)
    )


# (a tag's or an attribute's pieces: size="20", </span>, ">甲; not the ASCII quotes and angle brackets an
# IME in English mode types for “” and 《》: 来源："质量江苏"微信公众号, <<中国质量报>>)
_LEAKED_MARKUP_RE = compile_guarded(r"=|<\s*/?[a-z!]|[a-z\"']\s*/?>|^(?:size|class|style|width|color)\b", re.I)


def _plausible_name(value: str) -> bool:
    """An author or a source, not a date, a counter or leaked markup (作者： size="20")."""
    return not _dates(value) and not _LEAKED_MARKUP_RE.search(value) and not value.isdigit()


# One credit or several on a line (责任编辑：甲　校对：乙).
_EDITOR_LINE_RE = LazyPattern(
    r"^[\s【\[（(]*(?:(?:我要纠错|我要糾錯|纠错|糾錯|打印|关闭|關閉)[\s】\]]*[【\[]?)*(?:"
    # (纽约时报中文网's 翻译：王相宜; a government post's three reviews 初审：甲 复审：乙 终审：丙; 本期编辑：甲 排版：乙)
    + r"(?:本期)?(?:" + tolerant("责任编辑", "编辑", "责编", "审核", "校对", "编审", "翻译", "译者", "初审", "复审", "终审", "排版") + ")"
    # (credits set apart by a bar: 财新's 责任编辑：何书 | 版面编辑：钟毅)
    + r"(?:[:：\s]|\s*[|｜]\s*)\s*[\w\s、，,·]{0,30}?[\s】\]）)]*(?:[|｜]\s*(?:版面|值班|美术|文字|图片|视频)?(?=[编編责責审審校]))?)+(?:(?<=[）)])\d{7})?$"  # (责任编辑：<span></span>: a script fills it in)
)
# A line of credits that opens with the writer's: （文/计量学院 张晓宁 图/刘洋 编辑：孙丽 审核：陈建国）,
# （文字：许文斌　摄影：丁雪）, 文/甲 图/乙 (a university's 新闻网, a province's platform).
_CREDIT_NAME = r"[\w·、]+(?:[ \t\u3000\xa0]+[\w·、]+)*?"
_CREDITS_LINE_RE = LazyPattern(
    rf"^[\s（(【\[]*(?:{tolerant('文字', '文', '撰文', '撰稿', '执笔')})[ \t\u3000\xa0]*[:：/][ \t\u3000\xa0]*{_CREDIT_NAME}"
    rf"(?:[ \t\u3000\xa0]*(?:{tolerant('图片', '图', '摄影', '摄', '视频', '编辑', '责任编辑', '责编', '审核', '校对', '排版', '美编', '设计')})"
    rf"[ \t\u3000\xa0]*[:：/][ \t\u3000\xa0]*{_CREDIT_NAME})+[\s）)】\]]*$"
)
def _junk_credits(text: str) -> bool:
    return len(text) <= 60 and (_CREDITS_LINE_RE.match(text) is not None or _PICTURES_AND_TEXT_BY_RE.match(text) is not None)


# Photo news' one credit for its pictures and text, alone on its line: （图/文 王磊）, 图文/甲, （文/图 甲）.
_PICTURES_AND_TEXT_BY_RE = compile_guarded(
    r"^[\s（(【\[]*(?:[图圖][ \u3000]?[/／·]?[ \u3000]?文|文[ \u3000]?[/／·][ \u3000]?[图圖])[ \u3000]*[:：/ \u3000][ \u3000]*"
    r"[\u4e00-\u9fff·]{2,8}(?:[、 \u3000][\u4e00-\u9fff·]{2,8})*[\s）)】\]]*$"
)


# A keywords line (关键词 >> 甲,乙), a news hotline (报料：电话) or a reprint notice
# (未经授权不得转载): after a body, never of it.
_KEYWORDS_LINE_RE = LazyPattern(
    r"^[\s【\[]*(?:" + tolerant("关键词", "关键字", "标签", "本文标签", "文章标签", "相关热词搜索", "热词搜索", "热门标签", "相关搜索", "热门搜索", "搜索热词") + r"|tag标签|tags?)[\s】\]]*(?:[:：]|>>|>|»)",
    re.I,
)
_NOTICE_LINE_RE = LazyPattern(
    rf"^[^，。]{{0,12}}{tolerant('报料')}(?:热线|电话|邮箱)?[:：]"
    rf"|{tolerant('未经')}(?:{tolerant('授权', '许可')})[，,]?(?:{tolerant('不得', '禁止', '严禁')})(?:进行|進行)?{tolerant('转载')}"
    # A copier's disclaimer, wherever it stands: 温馨提示：本文来源于网络，文章观点不代表本站立场。
    rf"|{tolerant('不代表本站')}(?:{tolerant('立场', '观点')})|{tolerant('本文来源于网络')}"
    # A reprint notice: 原创文章，作者：李华，如若转载，请注明出处：… (wpcom's), 转载请注明出处
    rf"|{tolerant('转载')}[，,]?[ \t\u3000\xa0]*(?:{tolerant('请注明', '请务必注明', '须注明', '务必注明')})"
)


# The rows a letter's box and its answer's open with (来信人：李** 来信时间：…; 答复单位：… 答复时间：…).
_LETTER_ROW_RE = compile_guarded(r"^[【\[]?(?:来信人|来信时间|来信日期|咨询人|留言人|提问人|诉求人|来信内容|咨询内容|留言内容|信件标题)[】\]]?\s*[:：]")
_ANSWER_ROW_RE = compile_guarded(r"^[【\[]?(?:答复单位|回复单位|答复部门|回复部门|办理单位|答复时间|回复时间|答复日期|回复日期|答复内容|回复内容|办理结果)[】\]]?\s*[:：]")
# 回复： alone on its line, and the letter's label above it (留言：…, 问：…): a Q&A's answer follows.
_ANSWER_LABEL_RE = compile_guarded(r"^[【\[]?(?:回复|答复|回答|答)(?:内容)?[】\]]?\s*[:：]\s*$")
_QUESTION_RE = compile_guarded(r"^[【\[]?(?:网友)?(?:留言|问|提问|来信|咨询)(?:内容)?[】\]]?\s*[:：]")
# An advertisement's mark on a line of its own: 广告, 【推广】, AD.
_AD_MARK_RE = compile_guarded(r"^[【\[(（]?\s*(?:广告|廣告|推广|推廣|AD)\s*[】\])）]?$")


def _in_pre(block: etree._Element) -> bool:
    return block.tag == "pre" or next(block.iterancestors("pre"), None) is not None


def _aside_of(el: etree._Element) -> etree._Element | None:
    """The ``<aside>`` ``el`` is in (or is), or None."""
    return next((a for a in el.iterancestors("aside")), None) if el.tag != "aside" else el


def _formula_line(text: str, paragraphs: list[str]) -> bool:
    """A line of the text without words that is a formula, a condition or a value (（20±2）℃,
    ≤ 5‰, 12.345 → 12.34, 0.012 5 × 2 = 0.025, a data story's 98.6%), or that the paragraph
    before announces (以修约到0.01为例：): not a counter, a page's number or a divider."""
    if text.strip(_DIVIDER_CHARS) == "" or _PAGINATION_TOKEN_RE.sub("", text).strip() == "":
        return False
    return (
        _MATH_SIGN_RE.search(text) is not None
        or _CLAUSE_NUMBER_RE.fullmatch(text) is not None  # (2.1<br>定义：… a clause's number on its line)
        or bool(paragraphs and paragraphs[-1].endswith(("：", ":")))
    )


_CLAUSE_NUMBER_RE = compile_guarded(r"\d{1,2}(?:\.\d{1,2}){1,3}")
# The signs of a formula or of a value with its unit.
_MATH_SIGN_RE = compile_guarded(r"[=＝±×÷≤≥≈≠<>→∑√∫∞∝∶℃‰%％°Ω]")


@lru_cache(maxsize=4096)
def _junk_line(text: str) -> bool:
    """Page tools, pagination, dividers, counters, editor credits: lines that are never body."""
    return bool(
        text.strip(_DIVIDER_CHARS) in _DIVIDER_WORDS
        or _end_mark(text)
        or (len(text) <= 50 and _EDITOR_LINE_RE.match(text))
        or _junk_credits(text)
        or (len(text) <= 80 and _NOTICE_LINE_RE.search(text))
        # (a paper's own 关键词：甲；乙；丙 under its abstract is text: a site's tags are not set off by ；)
        or (len(text) <= 80 and _KEYWORDS_LINE_RE.match(text) and "；" not in text)
        or _is_tools(text)
        or _is_pagination(text)
        or _NO_WORDS_RE.match(text)
        or _FORUM_EDIT_RE.match(text)
        or _PLACEHOLDER_RE.match(text)
        or (len(text) <= 30 and _QR_PROMPT_RE.match(text))
        or (len(text) <= 60 and _WIDGET_LINE_RE.match(text))
        or (len(text) <= 120 and _OVERDUE_NOTICE_RE.match(text))
    )


_NOTICE_TITLE_RE = compile_guarded(r"^(?:温馨提示|溫馨提示|提示|注意)[:：]?$")
# A blog theme's notice that a post may be out of date, above or below its text (Joe's 温馨提示：
# 本文最后更新于2024-05-22，若内容或图片失效，请留言反馈。…): the theme's words, not the post's.
_OVERDUE_NOTICE_RE = compile_guarded(
    rf"^(?:温馨提示[:：]\s*)?(?:本文|本篇|文章)最后(?:更新|修改|编辑)(?:于|时间[:：]?)\s*{_WRITTEN_DATE}日?[^，。]{{0,12}}[，,]\s*"
    r"(?:若|如|部分|其中|请|文中|内容)"
)


# A QR code's prompt beside its image (扫一扫在手机打开当前页, 用手机扫描二维码查看本页): no text.
_QR_PROMPT_RE = compile_guarded(
    r"^(?:手机|微信)?(?:扫一扫|扫描二维码|扫码|用手机扫描(?:二维码)?)[^。！？]{0,16}(?:打开|阅读|查看|浏览|分享)[^。！？]{0,12}$"
    r"|^(?:手机|微信)?扫一扫$|^手机(?:看新闻|扫码阅读|阅读本文|浏览本页)$|^在手机上继续(?:观看|阅读)$"
)
# A widget's words inside the text box: a reader's controls (朗读本文：, 智能朗读：播放 暂停, 语音播报),
# a like or rating box (已有8人点赞, 喜欢 (26), 本文对您是否有帮助？有帮助(12) 没帮助(1), 您对本页信息是否满意？),
# a reward appeal (如果觉得本文对您有帮助，欢迎打赏支持！), a player's placeholder (ckplayer's 播放器容器),
# a loading note, an empty counter's label, a colour switcher.
_WIDGET_LINE_RE = compile_guarded(
    r"^(?:朗读本文|智能朗读|语音播报|听全文|听新闻|点击播放语音|本文朗读)[:：]?(?:\s*(?:播放|暂停|停止|继续|重播))*$"
    r"|^已有\s*\d+\s*人(?:点赞|觉得很赞|赞过|推荐)$|^(?:喜欢|点赞|赞)\s*[(（]\s*\d+\s*[)）]$"
    r"|^(?:本文|本页|此文|文章)?对您(?:是否)?有(?:帮助|用)吗?[？?]|^您对本页(?:信息|内容)?是否满意[？?]"
    r"|^如果(?:觉得|您觉得|你觉得).{0,24}(?:有帮助|有用|不错).{0,24}(?:打赏|赞赏)|^(?:欢迎|请|随意)?(?:打赏|赞赏)(?:支持|作者)?[！!]?$"
    r"|^(?:播放器容器|视频加载中|正在加载评论|评论加载中|站长统计)(?:\.{3}|…)?$|^(?:视力保护色|护眼模式)[:：]?$"
    r"|^(?:阅读量|浏览次数|阅读次数|浏览量)[:：]$"
    # (an expand control over the rest of the text, in the page already: 展开全文 ∨, 网易's 展开剩余 80%,
    # 还剩70%未读，继续阅读)
    r"|^(?:点击)?(?:展开(?:全文|剩余)|阅读全文|查看全文|继续阅读)\s*(?:\d{1,3}\s*%)?\s*[∨▼↓﹀⌄>›»]*$"
    r"|^还剩\s*\d{1,3}\s*%\s*(?:未读|的内容)?[，,]?\s*(?:点击)?(?:继续阅读|展开全文|阅读全文)\s*[∨▼↓﹀⌄>›»]*$"
    # (a forum's attachment's size and downloads under its name: Discuz!'s 38.5 KB, 下载次数: 142)
    r"|^\d+(?:\.\d+)?\s*[KMG]?B\s*[,，]\s*(?:下载次数|下載次數)\s*[:：]\s*\d+$"
    # (an instrument portal's ad inside the text: 【推荐】便携式拉曼光谱仪 立即询价 >>)
    r"|^[【\[]推荐[】\]].{0,40}(?:立即询价|在线询价|立即咨询|免费试用|立即购买)\s*[>》»]*$"
    # (a news app's share page: 打开APP阅读全文, 打开腾讯新闻，阅读体验更佳, 下载客户端 查看更多; a player's
    # fallback: 您的浏览器不支持视频播放，请使用Chrome等浏览器观看)
    r"|^(?:打开|打開|下载|下載)[^。！？]{0,10}?(?:APP|App|app|客户端|客戶端|新闻|新聞)[，,\s]*(?:阅读|閱讀|查看|观看|觀看|看)(?:全文|更多|体验更佳|體驗更佳|原文|视频|視頻)[！!]?$"
    r"|^(?:您的|你的)?(?:浏览器|瀏覽器)(?:暂)?不支持(?:HTML5\s*)?(?:视频|視頻|video|音频|音頻)(?:播放)?[^。]{0,30}[。.]?$"
    # (an update's time alone on its line, under the publication's: 香港01's 更新：2024-05-20 18:02)
    rf"|^(?:最后|最後)?(?:更新|修改|編輯|编辑)(?:时间|時間|于|於)?\s*[:：]\s*{_WRITTEN_DATE}日?(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$"
    # (a video's or gallery's prompt: ▼ 觀看影片 ▼; 自由時報's ☆…提醒您…☆; 中央社's 聽新聞 consent prompt)
    r"|^[▼▲↓]\s*[^。，]{2,14}\s*[▼▲↓]$|^☆[^☆]{4,60}☆$|^[請请]同意.{0,20}(?:隱私|隐私).{0,24}(?:聽新聞|听新闻|朗讀|朗读)"
)


# A template's fields left unfilled, all a value or a line holds: Vue's and Handlebars'
# {{ detail.author }}, Thymeleaf's [[${article.author}]], JSP's and FreeMarker's ${…},
# ThinkPHP's {$vo.title}, ASP's <%= … %>, DedeCMS's {dede:field name='source'/} and [field:writer/].
_PLACEHOLDER_RE = compile_guarded(
    r"^(?:[ \t\u3000\xa0:：]*(?:\{\{[^{}]*\}\}|\[\[\$\{[^{}]*\}\]\]|\$\{[^{}]*\}|\{\$[^{}]*\}|<%=?[^%]*%>"
    r"|\{dede:[^{}]*\}|\[field:[^\[\]]*\]))+[ \t\u3000\xa0]*$"
)


def _keywords_of_abstract(text: str, paragraphs: list[str]) -> bool:
    """A paper's 关键词：甲，乙，丙 right under its 摘要：…, however its words are set off: text."""
    return bool(paragraphs) and _ABSTRACT_RE.match(paragraphs[-1]) is not None and _KEYWORDS_LINE_RE.match(text) is not None


_ABSTRACT_RE = compile_guarded(r"^[\s【\[]*(?:摘\s*要|内容摘要|内容提要|提\s*要)[\s】\]]*[:：]")


# A forum's note of an edit: [甲于2024-05-21 08:30编辑了帖子], 本帖最后由 甲 于 2024-5-21 08:30 编辑,
# phpwind 8's [ 此帖被甲在2024-05-21 08:30重新编辑 ].
_FORUM_EDIT_RE = compile_guarded(
    r"^\[?\s*(?:本帖最后由\s*|此帖被\s*)?\S{1,20}?\s*[于在]\s*(?:19|20)\d\d-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?:重新)?编辑(?:了帖子)?\s*\]?$"
)


def _event_label_re(labels: str) -> LazyPattern:
    """A line that opens with one of an event's ``labels`` (a :func:`tolerant` pattern),
    numbered or qualified (二、培训时间：, 会议地点：)."""
    return LazyPattern(r"^[\s（(一二三四五六七八九十\d、.．)）]*[\u4e00-\u9fff]{0,4}(?:" + labels + rf"){_SP}*[:：]")


# A line that opens with a label of its own (展馆：…, 展期：…, 主办单位：…).
_LABELLED_LINE_RE = compile_guarded(r"^[\s（(一二三四五六七八九十\d、.．)）]*[\u4e00-\u9fff]{1,6}\s*[:：]")
_EVENT_LINE_RE = _event_label_re(
    tolerant("时间", "日期", "地点", "地址", "主办单位", "承办单位", "协办单位", "参加人员", "报名方式")
)
# Where and with whom, beside an event's time (not a publication's date labels).
_EVENT_PLACE_RE = _event_label_re(
    tolerant("地点", "地址", "主办单位", "承办单位", "协办单位", "参加人员", "报名方式", "主持人", "嘉宾", "报告人", "主讲人")
)
# A number, a limit (≤0.5%, ±2%), a fraction (1/3) or a date (2021-03-01) standing alone.
# The rest of the text is for members: 登录后阅读全文, 付费阅读, 订阅后查看.
_PAYWALL_RE = compile_guarded(
    r"登录后(?:才能|方可|即可)?(?:阅读|查看|浏览)(?:全文|全部|剩余)|(?:阅读|查看)(?:全文|剩余内容)(?:需|请先?)登录"
    # (Discuz!'s 抱歉，您需要登录后才能查看本文章; 本文为会员内容，请登录后查看。)
    r"|登录后才能(?:查看|阅读|浏览)本(?:文章?|帖)|本文为会员(?:内容|专享)|会员内容[，,]\s*请登录后(?:查看|阅读)"
    r"|付费(?:阅读|订阅)全文|订阅后(?:阅读|查看)|会员(?:专享|可见)(?:全文|内容)"
    # (界面's 剩余85%内容为界面VIP会员专享 and 开通VIP会员 解锁全文; 财新's 剩余76%（1855字）…订阅以继续阅读)
    r"|剩余\s*\d{1,2}\s*[%％].{0,30}(?:会员专享|订阅|付费)|解锁全文|订阅以继续阅读|已订阅用户请登录"
    # (PHPCMS v9's default show.html for a paid article: 阅读此信息需要您支付 5 点，点击这里支付)
    r"|阅读此信息需要您?支付|需要您?支付\s*\d+\s*(?:点|金币|积分)"
    # (联合早报's 此文章为早报订户专享, Ghost's members box 此文章仅限付费订阅者阅读; Traditional too)
    r"|(?:文章|内容|內容)[为為].{0,6}(?:订户|訂戶)(?:专享|專享)|仅限付费(?:订阅者|会员)|僅限付費(?:訂閱者|會員)"
    # DedeCMS's page for a document its members only may read (templets/plus/view_msg.htm)
    r"|没有权限浏览文档|才能访问，你目前是"
    # Discuz!'s message for a thread its readers need a rank to read
    r"|阅读权限高于\s*\d+\s*才能浏览"
)
# (a number, a date, a dash for none; or a mark: a matrix's √ and ×)
_NUMBER_CELL_RE = compile_guarded(
    r"[-+±≤≥<>]?\d[\d.,]*%?(?:/\d+)?|(?:19|20)\d\d-\d{1,2}-\d{1,2}|[/／—－-]{1,2}|[√✓✔×✗✘○●△▲]|[☆★]{1,5}"  # (★★★★☆: a rating)
)
# A notice's attachment, a link of its own (2.计量器具强制检定申请表.doc): part of the text.
_DOCUMENT_EXTENSIONS = r"\.(?:docx?|xlsx?|pdf|wps|et|ofd|zip|rar|pptx?|txt|odt|ods|odp)"  # (Taiwan's ODF files)
# (博达 VSB's: 附件【询价单.docx】已下载<script>次, its count a script's)
_ATTACHMENT_RE = compile_guarded(
    rf"^(?:附件\s*[:：]?\s*)?(?:\d{{1,2}}\s*[.、．]\s*)?\S.{{0,80}}{_DOCUMENT_EXTENSIONS}$"
    rf"|^附件\s*【[^】]{{1,80}}{_DOCUMENT_EXTENSIONS}】",
    re.I,
)
# A link to a document file (the attachment's name may have no extension of its own).
# (or a download script's query naming it: downfile.jsp?filename=2405201030456.xls&classid=0)
_DOCUMENT_HREF_RE = compile_guarded(rf"{_DOCUMENT_EXTENSIONS}(?:[?#&].*)?$", re.I)
# A download button's words at a line's end, no attachment's name (附件下载：点击下载).
_DOWNLOAD_WORD_RE = compile_guarded(r"(?:点击|附件)?下载$")


def _attachment(line: Line) -> bool:
    """A notice's attachment on a line of its own: its name has a document's extension,
    or its link goes to a document (./P020210304553101231876.pdf: 1.国家计量技术规范目录)."""
    if _ATTACHMENT_RE.match(line.text):
        return True
    if line.chars > 80:
        return False
    text = _squash(line.text)
    links = [a for a in line.block.iter("a") if _squash(_STRING_XPATH(a)) in text]
    return bool(links) and all(_DOCUMENT_HREF_RE.search((a.get("href") or "").strip()) for a in links)


def _cell_of(line: Line) -> etree._Element | None:
    """The table cell holding ``line`` (itself, or three levels up: Word's <td><p>), or None."""
    cell = line.block
    for _ in range(4):
        if cell is None or cell.tag in ("td", "th"):
            return cell
        cell = cell.getparent()
    return None


def _data_table_of(line: Line, known: dict[etree._Element, bool]) -> etree._Element | None:
    """The table of data ``line`` is a cell of: three rows or more, two cells or more in a
    row (not a layout's table of one column), most of its cells no links (not a box of
    promoted links); or None. ``known``: the answers for the page's tables so far (a layout
    table holding the whole page is looked at once)."""
    if (cell := _cell_of(line)) is None:
        return None
    table = next((el for el in cell.iterancestors() if el.tag == "table"), None)
    if table is None:
        return None
    if (data := known.get(table)) is None:
        data = known[table] = _holds_data(table)
    return table if data else None


def _holds_data(table: etree._Element) -> bool:
    """See :func:`_data_table_of`."""
    rows = [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]
    if len(rows) < 3 or max(sum(1 for c in row if c.tag in ("td", "th")) for row in rows) < 2:
        return False
    cells = [c for row in rows for c in row if c.tag in ("td", "th") and _STRING_XPATH(c).strip()]
    linked = sum(1 for c in cells if c.find(".//a[@href]") is not None)
    return linked * 2 < len(cells)


# The heading of a notice's attachments, alone on its line, its files under it: 附件：, and TRS's and
# others' boxes: 相关附件：, 附件下载：, 附件列表, 相关文件, 相关下载, 下载附件, 附 件：.
_RELATED_LINK_LINE_RE = LazyPattern(
    r"^[（(【\[]\s*(?:" + tolerant("相关报道", "相关报导", "相关阅读", "相关新闻", "相关文章", "延伸阅读", "推荐阅读") + r")\s*[:：]"
)
# A notice's organisers, one a line (主办单位：…, 承办单位：…, 协办单位：…, 技术支持单位：…).
_ORGANISER_RE = compile_guarded(
    r"^[\s\u3000]*(?:主[办辦]|承[办辦]|[协協][办辦]|支持|技[术術]支持|指[导導])[单單]位\s*[:：]\s*\S"  # (Taiwan's 承辦單位：)
)
# What a site's footer carries besides its organisers, no notice's line: its record numbers and
# rights (no notice carries them), and its address and telephone (a notice's contacts may).
_COPYRIGHT_MARKS = r"ICP|备案|版权|©|copyright|公网安备|网站标识码"
_COPYRIGHT_MARK_RE = compile_guarded(_COPYRIGHT_MARKS, re.I)
_FOOTER_TEXT_MARK_RE = compile_guarded(_COPYRIGHT_MARKS + r"|地址[:：]|电话[:：]|邮编|E-?mail", re.I)
# A notice's contact person (联系人：王老师, 联 系 人：…).
_CONTACT_PERSON_RE = compile_guarded(r"^[\s\u3000]*联\s*系\s*人\s*[:：]")
# A promotion's label with the account's name: 微信公众号：江淮计量.
_PROMOTION_LABEL_RE = compile_guarded(r"^[\s\u3000]*(?:微信公众号|官方微信)\s*[:：]\s*\S{1,20}$")
# A label in a cell of its own, with its colon (索引号：, 文 号：, 发布日期：).
_LABEL_CELL_RE = compile_guarded(r"[\u4e00-\u9fff][\u4e00-\u9fff ]{1,7}[:：]")
# A note's mark opening its line, and its words after it ([1] 交叉浮动法…, ① 数据由…).
_NOTE_MARK_RE = compile_guarded(r"^(\[\d{1,2}\]|[①-⑳])\s*\S")
_ATTACHMENTS_HEAD_RE = compile_guarded(
    r"(?:(?:相关|相關)?附\s*件(?:下载|下載|列表)?|(?:相关|相關)(?:文件|下载|下載)|下载附件|下載附件)\s*[:：]?"
)
# The heading of a box of attachments under a text that a 来源 line closes (the same).
_FILES_HEAD_RE = compile_guarded(rf"^(?:{_ATTACHMENTS_HEAD_RE.pattern})$")


def _value_cell(line: Line) -> bool:
    """The second cell of a row of two whose first cell holds words, in a table of three rows
    or more: a value beside its label (联系电话 | 0791-88781235)."""
    if (cell := _cell_of(line)) is None or (row := cell.getparent()) is None or row.tag != "tr":
        return False
    cells = [c for c in row if c.tag in ("td", "th")]
    if len(cells) != 2 or cells[1] is not cell or not _words_cell(" ".join(_STRING_XPATH(cells[0]).split())):
        return False
    table = next(row.iterancestors("table"), None)
    return table is not None and sum(1 for r in table.iter("tr") if next(r.iterancestors("table"), None) is table) >= 3


def _grid_cell(line: Line, known: dict[etree._Element, bool]) -> bool:
    """A cell of a row of three cells or more in a table of data (a name, a number linking
    to its page): the table's, not a line of links."""
    return (
        (cell := _cell_of(line)) is not None
        and _data_table_of(line, known) is not None
        and sum(1 for c in cell.getparent() if c.tag in ("td", "th")) >= 3
        and not _in_quote(line.block)
    )


def _data_cell(line: Line) -> bool:
    """A number in its own cell of a table row whose other cells hold words (序号 1, 器具
    类别, 数量 96, 合格率 94.8%): the article's data, not a counter or a page number."""
    # (a unit A, a size 中 in a table; not a bullet ·)
    tool_word = len(line.text) <= 3 and any(c.isalnum() for c in line.text) and _is_tools(line.text)
    if not (
        tool_word
        or _NUMBER_CELL_RE.fullmatch(line.text)
        or (len(line.text) <= 30 and _DIGIT_RE.search(line.text))
        or _UNIT_SIGN_RE.fullmatch(line.text)
    ):
        return False  # (a range with its units in symbols: -10℃～50℃, 0～±5‰)
    cell = line.block
    for _ in range(3):  # the cell itself, or the paragraph in it (Word: <td><p class="MsoNormal">)
        if cell is None or cell.tag in ("td", "th"):
            break
        cell = cell.getparent()
    if cell is None or cell.tag not in ("td", "th"):
        return False
    row = cell.getparent()
    if row is None or row.tag != "tr":
        return False
    if sum(1 for c in row if c.tag in ("td", "th")) < 3:
        # A two-column table's numbers are its data under a header naming them (项目 | 单价
        # (元)), not a meta box's counter (浏览次数 | 123).
        table = row.getparent()
        if table.tag in ("tbody", "thead", "tfoot") and table.getparent() is not None:
            table = table.getparent()  # (the header row in its <thead>)
        first = next(table.iter("tr"), None)
        rows = sum(1 for _ in table.iter("tr"))
        return (
            first is not None
            and first is not row
            and rows >= 3
            and bool(_NUMBERS_HEADER_RE.search(list(_cell_texts(first))[-1] if len(first) else ""))
        )
    if any(_words_cell(t) and not (tool_word and _is_tools(t)) for t in _cell_texts(row)):
        return True  # (a row of 打印 | 关闭 | A+ is a toolbar)
    # A row of numbers alone, under a header row of words (测量点 / 示值 / 误差), in its <thead> too
    # (a verification regulation's table: 测量范围/mm | 示值误差/μm over 0～25 | ±2).
    table = row.getparent()
    if table.tag in ("tbody", "thead", "tfoot") and table.getparent() is not None:
        table = table.getparent()
    first = next(table.iter("tr"), None)
    return first is not None and first is not row and any(_words_cell(t) for t in _cell_texts(first))


# A column's unit in a sign alone, under its name in a header cell (重复性<br>（%）).
_UNIT_SIGN_RE = re.compile(r"[（(]?[%‰‱℃°±]{1,3}[）)]?")
_NUMBERS_HEADER_RE = LazyPattern(
    tolerant("单价", "价格", "收费", "费用", "金额", "数量", "数值", "结果", "指标", "合计", "比例", "合格率", "误差", "次数", "人数")
    + r"|（元）|\(元\)"
)  # (in Traditional too, with a mirror's readings: 示值誤(wù)差)


def _cell_texts(row: etree._Element) -> Iterator[str]:
    """The texts of a row's cells, one at a time (the first of words ends most asks)."""
    return (" ".join(_STRING_XPATH(c).split()) for c in row if c.tag in ("td", "th"))


def _words_cell(text: str) -> bool:
    return bool(text) and not _NO_WORDS_RE.match(text) and not _is_pagination(text)


def _label_cell(line: Line, following: Line, tags: tuple[str, ...] = ("td",)) -> bool:
    """``following`` is the value of the label cell ``line`` (``<td>索引号：</td><td>…</td>``; with
    ``tags``, a description's term too: ``<dt>活动类型:</dt><dd>…``)."""
    return line.block.tag in tags and line.text[-1] in ":：" and following.block.getprevious() is line.block


def _next_cell(line: Line, following: Line) -> bool:
    """``following`` is the cell or item right after ``line``'s (``<td>作者:</td><td>甲</td>``),
    or in the element right after it (Drupal's inline field: ``<div class="field-label">来源:</div>
    <div class="field-items"><div class="field-item">甲</div></div>``)."""
    if following.chars > 40:
        return False
    parent = following.block.getparent()
    return parent is line.block.getparent() or (
        parent is not None and parent.getprevious() is line.block and len(parent) == 1
    )


def _crumb_item(li: etree._Element) -> str:
    """A breadcrumb's item's text; 首页 for an item that is only an icon linking home (Xiuno's
    ``<li><a href="./" aria-label="首页"><i class="icon-home"></i></a></li>``), so that the crumb
    after it is not taken for the site's name."""
    text = " ".join("".join(li.itertext()).split())
    if text or (a := li.find(".//a[@href]")) is None:
        return text
    label = (a.get("aria-label") or a.get("title") or "").strip()
    return "首页" if _HOME_RE.match(label) or a.get("href", "").strip() in _HOME_HREFS else text


# The links of a site's home from its own pages.
_HOME_HREFS = frozenset(("/", "./", "../", "index.html", "index.htm", "index.php", "/index.html", "/index.htm", "/index.php"))


def _is_home_crumb(part: str, page_title: str) -> bool:
    """首页, 网站首页, 中华资讯网首页, or the site's own name: the last part of ``<title>``
    or the start of it (网易 in ``…_网易商业报道``), the end of a ``<title>`` joined by bare
    hyphens, or a ``<title>`` that is only the site's name (a forum's 网易娱乐)."""
    if _HOME_RE.match(part) or part.endswith(("首页", "首頁")):
        return True
    parts = _title_parts(page_title)
    if len(parts) >= 2 and (part in (parts[0], parts[-1]) or (len(part) >= 2 and parts[-1].startswith(part))):
        return True
    if len(part) >= 4 and len(page_title) > len(part) and page_title.endswith(part):
        return True  # (KesionCMS's 标题-栏目-站名, joined by a bare hyphen)
    if len(part) >= 2 and "-" in page_title and page_title.rpartition("-")[2].strip().startswith(part):
        return True  # (标题-华测精衡仪器有限公司, its first crumb 华测精衡: the company's short name)
    return (len(parts) == 1 and part == parts[0]) or part.endswith(("网", "論壇", "论坛", "門戶", "门户", "網"))


_POWERED_BY_RE = compile_guarded(r"powered\s+by\b", re.I)
# The links whose text, spaces left out, is $t (libxml2 reads their text).
_LINKS_READING_XPATH = etree.XPath("descendant::a[@href][translate(normalize-space(.), ' ', '') = $t]")


_MEDIUM_BEFORE_NAME_RE = compile_guarded(r"([\u4e00-\u9fff]{2,6}) ([\u4e00-\u9fff]{2,4})")


def _title_parts(page_title: str) -> list[str]:
    """``标题_栏目_站名`` -> ["标题", ...]: the pieces a CMS joined into ``<title>``, without
    the software's credit (``标题 - 站名 - Powered by Discuz!``)."""
    parts = (p.strip() for p in _TITLE_SEP_RE.split(page_title))
    return [p for p in parts if p and not _POWERED_BY_RE.match(p)]


def _machine_date(page: _Page) -> tuple[date | None, datetime | None]:
    """The page's machine-readable date and its time; a time of midnight, 00:00:00, is
    none (the placeholder of a date without one: 大汉 JCMS's PubDate 2024-05-14 00:00)."""
    for value in (*page.evidence.dates, *page.evidence.times):
        day, moment = parse_machine_date(value)
        if day is not None:
            if moment is not None and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
                moment = None
            return day, moment
    return None, None


def _plausible_title(title: str | None) -> bool:
    if not title:
        return False
    text = _squash(title)
    if len(text) < 2 or len(text) > 200:
        return False
    if _is_tools(title) or _NO_WORDS_RE.match(text) or _LABEL_RE.match(text):
        return False
    return bool(_CJK_RE.search(text)) or sum(c.isalpha() for c in text) >= 4


# A product's terms under its name: 单价：￥38000.00 起订：1 台 供货总量：… 发货期限：…
_PRODUCT_TERMS_RE = LazyPattern(
    rf"^\s*({tolerant('单价', '起订', '最小起订量', '供货总量', '发货期限', '询价', '有效期至', '批发价', '零售价', '产品型号', '产品分类', '产品规格', '产品价格', '市场价', '商品编号', '库存', '咨询热线')})\s*[:：]"
)


# A product's buttons, lines of their own under its name (an enterprise site's, 云优CMS's).
_PRODUCT_BUTTONS = frozenset(("在线咨询", "在线询价", "立即咨询", "加入购物车", "立即购买"))


def _is_product_page(lines: list[Line]) -> bool:
    """Three of a product's terms (单价, 起订, 供货总量, 发货期限 ...) under the headline."""
    terms = {m.group(1) for ln in lines if (m := _PRODUCT_TERMS_RE.match(ln.text))}
    terms |= {text for ln in lines if (text := ln.text.strip()) in _PRODUCT_BUTTONS}
    return len(terms) >= 3


_PASSWORD_FORM_XPATH = etree.XPath("//form[.//input[@type='password']]")


def _in_password_form(root: etree._Element, paragraphs: list[str]) -> bool:
    """The body's text is a form that asks for a password (not a login box beside it)."""
    forms = _PASSWORD_FORM_XPATH(root)
    if not forms:
        return False
    texts = [" ".join(_STRING_XPATH(form).split()) for form in forms]
    return all(any(p in text for text in texts) for p in paragraphs)


def _only_headlines(lines: list[Line], paragraphs: list[str]) -> bool:
    """Every line of the body a link for the most part (a headline and its date: a
    channel's list page read as an article, SiteServer's /channels/12.html)."""
    kept = set(paragraphs)
    # (the site's footer under the list aside: 本网站为非营利性站点 © 2024 …)
    body = [ln for ln in lines if ln.text in kept and not (len(ln.text) <= 80 and _FOOTER_RE.search(ln.text))]
    return bool(body) and all(
        (2 * ln.link_chars >= ln.chars or (ln.link_chars and ln.chars - ln.link_chars <= 12 and _dates(ln.text)))
        and not _attachment(ln)
        for ln in body
    )  # (a headline and its date beside it: 第1期计量知识问答2024-07-01, the date no shorter than the link)


def _plausible_body(paragraphs: list[str]) -> bool:
    """At least two words: CJK characters, or four Latin letters each (counted per paragraph,
    and only until there are two)."""
    words = 0
    for p in paragraphs:
        words += sum(1 for _ in islice(_CJK_RE.finditer(p), 2))
        if words >= 2:
            return True
        words += sum(c.isalpha() for c in p if c < "\u0250") // 4
        if words >= 2:
            return True
    return False


# Why a page of a paywall or a members' column gives no article (the spider counts such an
# article's failure apart: the portal's markup is not at fault, and the next run tries again).
BEHIND_LOGIN = "the article's text is behind a login"


def extract_page(selector: Selector, url: str) -> Extraction:
    """The article on this page with what the evidence said, or why there is none."""
    root = selector.root
    if not url:
        return Extraction(ExtractionFailure(url, "no URL", "id"))
    if not isinstance(root, etree._Element):
        return Extraction(ExtractionFailure(url, "not an HTML page"))
    page = _Page(root, url)
    if not page.lines:
        if reason := _frameset(root):
            return Extraction(ExtractionFailure(url, reason, "paragraphs"))
        if to := script_redirect(root):
            # (window.location.href = '/biaozhun/2080.html': followed by the assembly where it
            # leads to an article on the same host, navigation.script_redirect_url)
            return Extraction(ExtractionFailure(url, f"the page sends the reader on by a script (to {to})", "paragraphs"))
        return Extraction(ExtractionFailure(url, "no text on the page", "paragraphs"))
    extraction = _extract(page, url)
    if not extraction.result and _says_not_found(page):
        failure = extraction.result
        extraction.result = ExtractionFailure(url, "the page says the article does not exist", failure.field, True)
    elif not extraction.result and (reason := _frameset(root)):
        extraction.result = ExtractionFailure(url, reason, extraction.result.field)
    elif not extraction.result and any(_PAYWALL_RE.search(line.text) for line in page.lines[:80]):
        # (a page that is only the message: 抱歉，本帖要求阅读权限高于 30 才能浏览)
        extraction.result = ExtractionFailure(url, BEHIND_LOGIN, extraction.result.field)
    return extraction


def _without_photo_counters(paragraphs: list[str]) -> list[str]:
    """A gallery's captions without the counter each opens with (1/3检定人员对…, 2/3…, 3/3…):
    only where the captions count 1, 2, 3 … of one number (1/3 alone may be a third)."""
    counted = [(n, m) for n, p in enumerate(paragraphs) if (m := _PHOTO_COUNTER_RE.match(p))]
    if len(counted) < 2 or [int(m[1]) for _, m in counted] != list(range(1, len(counted) + 1)):
        return paragraphs
    if len({m[2] for _, m in counted}) != 1:
        return paragraphs
    out = list(paragraphs)
    for n, m in counted:
        out[n] = out[n][m.end() :]
    return [p for p in out if p]


# A gallery's counter before a photo's caption: 1/3, (2/6).
_PHOTO_COUNTER_RE = compile_guarded(r"^[（(]?(\d{1,2})\s*/\s*(\d{1,2})[)）]?\s*(?=[\u4e00-\u9fff“])")


def _zero_filled_by_script(root: etree._Element) -> bool:
    """A 0 that stands in an element a script of the page writes the count into
    (XunRuiCMS's ``<span class="dr_show_hits_41">0</span>`` with its ``$(".dr_show_hits_41").html(...)``):
    the count is the script's answer, not in the page; or named by its id alone
    (``document.getElementById("hits")``), or in an element a counter's script of its own
    fills (``<span id="hits">0</span>`` beside ``<script src="/js/hits.js?id=1234">``)."""
    scripts = counter = None
    for el in _ZEROS_XPATH(root):
        ident = el.get("id")
        if _BLOG_COUNTER_RE.search(f"{ident or ''} {el.get('class') or ''} {el.getparent().get('class') or ''}"):
            return True  # (a blog's counter service writes it: Valine's LeanCloud, Waline, busuanzi, Twikoo)
        names = [f"#{ident}", f'"{ident}"', f"'{ident}'"] if ident else []
        names += [f".{c}" for c in (el.get("class") or "").split()]
        if names:
            if scripts is None:  # (the page's scripts, read once for all its zeros)
                scripts = " ".join(_SCRIPTS_XPATH(root))
                counter = any(_COUNTER_SCRIPT_RE.search(src) for src in _SCRIPT_SRC_XPATH(root))
            if any(name in scripts for name in names) or (ident and counter):
                return True
    return False


_SCRIPT_SRC_XPATH = etree.XPath("//script/@src", smart_strings=False)
# The elements blogs' counter services fill (<i class="leancloud-visitors-count">0</i>, Waline's
# waline-pageview-count, busuanzi's busuanzi_value_page_pv, Twikoo's twikoo_visitors, Artalk's artalk-pv-count).
_BLOG_COUNTER_RE = compile_guarded(r"leancloud[-_]visitors|waline-pageview|busuanzi_value|twikoo_visitors|artalk-pv")
# A counter's script by its name (hits.js, click.php, count.asp, views.js, pv.js)
_COUNTER_SCRIPT_RE = compile_guarded(r"(?:^|[/_.?&=-])(?:hits?|clicks?|counts?|counter|views?|pv)(?:[/_.?&=-]|$)", re.I)


def _titled_date(root: etree._Element, shown: str) -> tuple[date | None, datetime | None]:
    """The date in the ``title`` of the element that shows ``shown`` (``<span title="2024-5-20
    10:21:33">3&nbsp;天前</span>``)."""
    for title in _TITLED_XPATH(root, t=shown):
        day, moment = parse_date(title)
        if day is not None:
            return day, moment
    return None, None


# A date written relative to now: 3天前, 5 小时前, 刚刚, 昨天 09:12 (the element's title holds the date;
# its span may stand against a name's: 作者：陈立</span><span title="…">3天前).
_RELATIVE_DATE_RE = compile_guarded(
    r"(?<!\d)(?:\d{1,2}\s*(?:天|小时|小時|分钟|分鐘|秒|周|週)前|半小时前|刚刚|剛剛|(?:昨天|前天|今天)(?:\s*\d{1,2}:\d{2})?)"
)
_TITLED_XPATH = etree.XPath(
    "//body//*[@title][normalize-space(translate(., '\u00a0', ' ')) = $t]/@title", smart_strings=False
)


def _wechat_script_time(root: etree._Element) -> datetime | None:
    """The publication time a WeChat article's script holds (``var ct = "1716368700"``, seconds
    since 1970), where the page has ``#js_content`` (WeChat's text box); None elsewhere."""
    if not _WECHAT_CONTENT_XPATH(root):
        return None
    for script in _SCRIPTS_XPATH(root):
        if m := _WECHAT_CT_RE.search(script):
            return datetime.fromtimestamp(int(m[1]), BEIJING)
    return None


_WECHAT_CONTENT_XPATH = etree.XPath("//@id[. = 'js_content']")
_WECHAT_CT_RE = compile_guarded(r"\bvar\s+ct\s*=\s*[\"'](1\d{9})[\"']")
# (by the attributes: libxml2 tests a predicate on every element several times slower)
_WECHAT_READS_XPATH = etree.XPath("//@id[starts-with(., 'js_read_area')]")
_WECHAT_READS_RE = compile_guarded(r"(?:阅读|閱讀)\s*(\d{1,9})")
_ZEROS_XPATH = etree.XPath("//body//*[@class or @id][normalize-space(text()) = '0'][not(*)]")


# A thread's second floor (沙发, 板凳, 2楼, #2) or the heading of readers' comments (评论 2,
# 全部评论 (3), 2 条评论): a reply's or comment's text follows, never the post's.
_REPOST_CARD = "以下文章来源于"
# A line that is a label and a telephone number alone: 投诉电话：0591-8765400, 传真：(0591) 876 5401.
_PHONE_LINE_RE = compile_guarded(r"^[^，。；！？]{1,12}[:：]\s*[(（]?\d{3,4}[)）]?[-－\s]?\d{3,4}[-－\s]?\d{0,4}(?:\s*转\s*\d{1,5})?\s*$")
_AD_LINE_RE = compile_guarded(r"^\s*[【\[(（]?\s*(?:推广|广告|廣告|赞助|贊助|AD)\s*[】\])）]")
# A topic's items: a headline's link and a summary under it, in an item of their own.
_TOPIC_ITEMS_XPATH = etree.XPath(
    "//body//li[.//a[string-length(normalize-space()) >= 6]][.//p[string-length(normalize-space()) >= 20]]"
)
_TOPIC_PAGE_URL_RE = compile_guarded(r"/(?:zhuanti|ztbd|special|topics?)/(?!\d+/)", re.I)  # (not a forum's thread: NodeBB's /topic/123/slug)
_TEASER_END_RE = compile_guarded(r"(?:\.\.\.|…|。。。)\s*$")
# An e-paper's bar: its issue's date beside its page (第03版) or the issues' links (上一期).
_ISSUE_BAR_RE = compile_guarded(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,30}(?:第\s*\d{1,3}\s*版|上一期|下一期|往期)")
# A notice's salutation (各有关单位：, 各市、县（区）市场监管局：) and its signature's date.
_SALUTATION_RE = compile_guarded(r"^各[^，。；！？:：]{1,40}[:：]$")
_SIGNATURE_DATE_RE = compile_guarded(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_FLOOR_RE = compile_guarded(
    r"^(?:沙发|板凳|地板|[2-9]\s*楼|[1-9]\d+\s*楼|#\s*[2-9]|[2-9]\s*#)(?:\s|$)"
    r"|^(?:网友|读者|全部|最新)?(?:评论|留言|跟帖)\s*(?:[(（]?\s*\d+\s*条?\s*[)）]?)?\s*[:：]?$|^(?:已有|共)?\s*\d+\s*条(?:评论|回复|留言)$"
)
# A thread's counters alone on their line: 阅读：533 回复：3, 查看: 1234 | 回复: 5.
_THREAD_COUNTERS_RE = compile_guarded(r"^(?:阅读|查看|浏览|點擊|点击)\s*[:：]\s*\d+\s*[|｜]?\s*(?:回复|回帖|回覆)\s*[:：]\s*\d+$")
_META_ROW_TAGS = frozenset(("td", "th", "li", "dt", "dd"))
# A medium's or an organisation's name, not a person's (新华网, 大众日报, 新华社, 央视新闻).
_MEDIUM_NAME_RE = compile_guarded(r"(?:网|報|报|社|台|刊|杂志|雜誌|新闻|新聞|在线|在線|中心|局|院|部|公司|网站|網站)$|^(?:www\.|https?:)")
# The name an editor's credit gives (编辑：王小丽　　责任编辑：马嘉).
_EDITOR_NAME_RE = compile_guarded(r"(?:编辑|編輯|责编|責編)\s*[:：]\s*([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
# A forum's notice where a post's text was: its author banned, the post screened.
_BLOCKED_POST_RE = compile_guarded(r"作者被禁止或删除|内容自动屏蔽|该帖被管理员或版主屏蔽")


def _frameset(root: etree._Element) -> str | None:
    """Why a frameset's page holds no article (its text is in the pages its frames name)."""
    if frames := _FRAME_SRC_XPATH(root):
        return f"the page is a frameset: its text is in its frames ({', '.join(frames[:3])}), not read"
    return None


_FRAME_SRC_XPATH = etree.XPath("//frameset//frame/@src", smart_strings=False)
_SCRIPTS_XPATH = etree.XPath("//script[not(@src)]/text()", smart_strings=False)


def script_redirect(root: etree._Element) -> str | None:
    """Where a script of the page sends the reader, as written (``window.location.href =
    "/2024/05/18/moved/"``, ``location.replace('/a/1.html')``): the first such assignment of
    the page's inline scripts; None where none does."""
    for script in _SCRIPTS_XPATH(root):
        if m := _SCRIPT_REDIRECT_RE.search(script):
            return m[1] or m[2]
    return None

_SCRIPT_REDIRECT_RE = compile_guarded(
    r"location(?:\.href)?\s*=\s*['\"](?!javascript:)([^'\"]+)['\"]"
    r"|location\.(?:replace|assign)\(\s*['\"](?!javascript:)([^'\"]+)['\"]"
)


def _extract(page: _Page, url: str) -> Extraction:
    """The record of the page, or why there is none (a page with lines of text)."""
    lines = page.lines

    first_span = page.body_span(-1)
    body_start = page.first_prose(*first_span) if first_span else None
    title_at = page.title_line(body_start)
    if title_at and lines[title_at].text.isascii() and lines[title_at - 1].block is lines[title_at].block and _CJK_CHAR_RE.search(lines[title_at - 1].text):
        title_at -= 1  # (a bilingual heading, 推出電子秤現場校正服務<br><span lang="en">On-site …</span>: its Chinese line)
    near = page.meta_near(title_at, None)
    if title_at is None and near.date_line is not None:
        # No headline found: the line above the meta line, as DedeCMS writes it.
        above = [
            ln for ln in lines[max(0, near.date_line - 4) : near.date_line]
            if not ln.link_only and not _labels(ln.text) and not _is_tools(ln.text)
            and not _BREADCRUMB_RE.match(ln.text)
        ]  # fmt: skip
        if above:
            title_at = above[-1].index
            near = page.meta_near(title_at, None)
    if title_at is not None:
        anchor = title_at
    elif near.date_line is not None:
        anchor = near.date_line
    elif first_span is not None:
        anchor = body_start - 1
    else:
        anchor = -1
    after = max([anchor, *(i for i in near.lines if anchor is None or i <= anchor + _TITLE_WINDOW)])
    # The block found first stands after the headline and meta line on most pages;
    # where it holds them (the article's own box), the body is in it, below them
    # (a short text beside longer summaries further down the page).
    if first_span is None or first_span[0] > after:
        span = first_span
        if span is not None and title_at is not None:
            span = page.own_box_span(title_at, after, span) or span
    else:
        in_box = page.body_span(after, first_span[1]) if first_span[1] > after + 1 else None
        span = in_box or page.body_span(after)
    if span is not None and title_at is not None:
        # A thread's second floor (沙发, 2楼) or the comments' heading (评论 2) between the
        # headline and the prose found: that prose is a reply's or a reader's, longer than a
        # short post's own text, which stands before it.
        floor = next((i for i in range(after + 1, span[0]) if _FLOOR_RE.match(lines[i].text)), None)
        if floor is not None and (own := page.body_span(after, floor)) is not None:
            span = own
    if span is None:
        return Extraction(ExtractionFailure(url, "no body: no prose on the page", "paragraphs"))
    if title_at is not None and (side := _aside_of(lines[span[0]].block)) is not None and _aside_of(lines[title_at].block) is not side:
        # The only prose is a side box's (<aside>: 热门文章's summaries), the article's own box
        # empty (its text written by a script, from the page's data): no record of the summaries.
        return Extraction(ExtractionFailure(url, "no body: the only prose is in a side box (<aside>)", "paragraphs"))
    if title_at is not None and any(_BLOCKED_POST_RE.search(ln.text) for ln in lines[title_at + 1 : span[0] + 1]):
        # Discuz!'s 作者被禁止或删除 内容自动屏蔽 where the post's text was: the forum hides it (tried again).
        return Extraction(ExtractionFailure(url, "the forum hides the post (作者被禁止或删除)", "paragraphs"))
    if title_at is not None and (site_box := page.site_box_start(after, span)) is not None:
        # The prose found first is the site's (its footer's or its 关于我们 box's, a short
        # post's longest lines): the article's own text stands above it, if anywhere.
        # (Not past the article's end: a box of other articles' summaries, 热点推荐, is no text.)
        own = page.body_span(after, site_box)
        if (
            own is not None
            and _footer_of(lines[own[0]].block) is None
            and not any(_ends_body(ln.text) for ln in lines[after + 1 : own[0]])
        ):
            span = own
    if (
        span[0] > after + 1
        and all(_TEASER_END_RE.search(lines[i].text) for i in range(*span) if page.weights[i])
        and (own := page.body_span(after, span[0])) is not None
    ):
        # The prose found first is a list's teasers, cut off with …: a sidebar's summary of
        # another article, longer than a short text above it (a continuation page's last words).
        span = own
    if title_at is not None and (
        prev_next := next((i for i in range(after + 1, span[0]) if _PREV_NEXT_RE.match(lines[i].text)), None)
    ) is not None and (own := page.body_span(after, prev_next)) is not None and any(
        page.weights[i] and _squash(lines[i].text) != _squash(lines[title_at].text) for i in range(*own)
    ):  # (not the headline again: a poster's caption)
        # The article's 上一篇/下一篇 stand between it and the prose found first (a sidebar's
        # summary, longer than a short notice or a gallery's caption): its text is above them.
        span = own
    if title_at is not None and (
        any(_PREV_NEXT_RE.match(ln.text) for ln in lines[after + 1 : span[0]])
        or _footer_of(lines[span[0]].block) is not None
    ):
        # The article's 上一篇/下一篇 stand between it and the prose found, or that prose is
        # the page's footer's (关于本站…): the article has no text of its own in the page (a
        # poster, an image, a text its scripts write); the prose is another's.
        return Extraction(ExtractionFailure(url, "no body: the article ends before any text", "paragraphs"))
    if title_at is not None and (header := page.own_header(title_at, span)) is not None:
        near.lines.update(range(*header))  # (its meta line again, for phones: 03-18 09:30 · 甲 · 1,234)
    paragraphs, body_end = page.body_lines(*span, near.lines)
    paragraphs = _without_photo_counters(paragraphs)
    if len(paragraphs) >= 2 and len(head := paragraphs[0].rstrip("…. ")) >= 20 and (
        paragraphs[1].startswith(head) or _squash(" ".join(paragraphs[1:4])).startswith(_squash(head))
    ):
        # A summary box above the text that repeats its opening (PHPCMS's div.summary,
        # DedeCMS's description cut at its length, over the text's first paragraphs when they
        # are shorter than it: 近日，…电子秤。 此次共检定…已现场调): said once.
        del paragraphs[0]
    if paragraphs and span[0] > after + 1 and title_at is not None:
        # Meta lines between the title and a body found further down.
        near = page.meta_near(title_at, span[0])
    below = page.meta_below(body_end)

    # Title
    if title_at is not None:
        title = page.title_text(title_at)
    elif page.evidence.titles:
        title = page.evidence.titles[0]
    else:
        parts = _title_parts(page.page_title)
        title = parts[0] if parts else None

    if title and len(paragraphs) > 1 and _squash(paragraphs[0]) == _squash(title):
        del paragraphs[0]  # (the headline again, in bold, at the head of the text)

    # Date, by the rule in the module docstring.
    machine_day, machine_moment = _machine_date(page)
    # Where the page's publication date reads as no date (发布时间：3小时前), no other line's
    # date stands in for it (a list's, a comment's): machine evidence only, or a failure.
    text_date = near.date or (below.date if near.unread_date is None or near.date is not None else None)
    if (
        text_date is near.date
        and near.date_rank < 3
        and title_at is not None
        and near.date_line is not None
        and near.date_line < title_at
        and below.date is not None
        and below.date_rank >= 3
    ):
        # A date above the headline (a site's banner: 2024年6月18日—20日 · 杭州) gives way to the
        # post's own publication date, labelled, under its text.
        text_date = below.date
    if text_date is below.date and below.date is not None and page.first_of_a_list(below.date_line):
        text_date = None  # the first item of a list of dated items (a topic's, a search's) is no meta
    # Not right under the headline, but among the lines that open the text.
    inside = near.date_line is not None and title_at is not None and near.date_line - title_at > 3
    if near.date_rank == 1 and below.date is not None and (inside or near.date_line >= span[0]):
        # An unlabelled date inside the article's text (a reposted story's) gives way
        # to the post's own meta line below the body.
        text_date = below.date
    elif text_date is not None and near.date is not None and near.date_rank < 2:
        # An unlabelled date next to the title: machine evidence goes first, unless it
        # says the same day without a time (the text's time is then the only one).
        if machine_day is not None and (machine_day != text_date.day or machine_moment is not None):
            if machine_day != text_date.day:
                page.disagreements.append("date")  # (said: the page shows another day)
            text_date = None
    if text_date is not None:
        day, moment = text_date.day, text_date.moment
        if machine_day is not None and machine_day != day:
            page.disagreements.append("date")
        if moment is None and machine_moment is not None and machine_day == day:
            # The time a <time datetime> gives the date it wraps is shown; a <meta>'s is not
            # (published_at is null where the page shows no time: PubDate's 00:00:00).
            shown = (parse_machine_date(value) for value in page.evidence.times)
            moment = next((m for d, m in shown if d == day and m is not None), None)
    else:
        day, moment = machine_day, machine_moment
        # Where the page shows a date, the machine's time only if the page shows it too (a
        # <meta>'s or JSON-LD's alone is not shown; where the page shows no date at all, the
        # machine's date and time are all there is).
        times = [parse_machine_date(value) for value in page.evidence.times]
        if moment is not None and (shown := [d.moment for d in (near.date, below.date) if d is not None]):
            if moment not in {*shown, *(m for _, m in times)}:
                moment = None
        elif moment is None:
            # A date-only <meta> beside the <time datetime> of a date shown without its year
            # (<time datetime="2024-06-03T08:15:00+08:00">6月3日 08:15</time>): the time shown.
            moment = next((m for d, m in times if d == day and m is not None), None)
    if day is None and near.unread_date:
        # Discuz! X writes a date under a week old as 3 天前, the date itself in its <span>'s title.
        day, moment = _titled_date(page.root, near.unread_date)
    if day is None and title_at is not None:
        # The same without a label, under the headline or in the meta lines below the text
        # (<span title="2024-05-17 14:03">3天前</span>, 昨天 09:12).
        for i in [*range(title_at + 1, span[0]), *sorted(below.lines)]:
            if len(lines[i].text) > _MAX_META_LINE:
                continue
            for shown in _RELATIVE_DATE_RE.finditer(lines[i].text):
                day, moment = _titled_date(page.root, shown.group())
                if day is not None:
                    break
            if day is not None:
                break

    meta_lines = [lines[i].text for i in sorted(near.lines | below.lines)]
    # A byline on a line of its own between the headline and the body (本报记者 甲).
    heads = []
    if title_at is not None:
        heads = [ln.text for ln in lines[title_at + 1 : span[0]] if not ln.link_only]
    author = near.author or below.author
    if author is None or author in _PLACEHOLDER_AUTHORS:
        # (A placeholder, 佚名 as old CMSes print an empty field, gives way to a named author.)
        # (not a medium's name: 新浪 fills article:author with the source it shows by the date)
        named = [
            a for a in page.evidence.authors
            if a not in _title_parts(page.page_title)[1:] and a != near.source and not _MEDIUM_NAME_RE.search(a)
        ]  # fmt: skip
        if named:
            # (not a name an editor's line gives: 央视网's <meta name="author"> is its 编辑's)
            editors = {n for ln in lines if len(ln.text) <= 80 for n in _EDITOR_NAME_RE.findall(ln.text)}
            named = [a for a in named if a not in editors]
        author = (
            _first(named)
            or hcard_author(page.root)
            or listed_author(page.root)
            or (_author_link([ln.block for ln in lines[title_at + 1 : span[0]]]) if title_at is not None else None)
            or _byline(meta_lines + heads + paragraphs[:2] + paragraphs[-2:])
            # (the writer's credit in a line of credits, no paragraph: （文/甲 图/乙 编辑：丙）)
            or _byline([ln.text for ln in lines[span[0] : body_end + 1] if _junk_credits(ln.text)])
            # (a closing byline just under a short text, in a box of its own: 新京报记者 周可)
            or _byline([ln.text for ln in lines[body_end : body_end + 2] if len(ln.text) <= 40])
            or _poster(meta_lines)
            or (page.icon_author(title_at + 1, span[0]) if title_at is not None else None)
            or author
        )
    if author and (medium := _MEDIUM_BEFORE_NAME_RE.fullmatch(author)) and any(
        part.startswith(medium[1]) for part in _title_parts(page.page_title)[1:]
    ):
        author = medium[2]  # (the site's own name before the writer's: 文｜财新 周颖 on 财新网)
    source = near.source
    if source is None or (source in _PLACEHOLDER_SOURCES and below.source):
        source = below.source or source
    source = source or _first(page.evidence.sources)
    views = near.views if near.views is not None else below.views
    if views is None and title_at is not None:
        views = page.icon_views(title_at + 1, span[0])
    if views is None and (reads := _WECHAT_READS_XPATH(page.root)):
        # (a saved WeChat page's 阅读 1286, below its end matter; 10万+ is no count)
        m = _WECHAT_READS_RE.fullmatch(" ".join(_STRING_XPATH(reads[0].getparent()).split()))
        views = int(m[1]) if m else None
    if views == 0 and _zero_filled_by_script(page.root):
        views = None  # (浏览：<span class="dr_show_hits_41">0</span>, which a script fills in)

    if day is None and (written := _wechat_script_time(page.root)) is not None:
        # A copy of a WeChat article whose date its script writes from var ct = "1716368700"
        # (Beijing time; its time is the script's to show, none in the page: published_at null).
        day = written.date()
    if day is None:
        said = f" (its publication date reads {near.unread_date!r})" if near.unread_date else ""
        return Extraction(ExtractionFailure(url, "no date" + said, "date"), page.disagreements)
    if day.year < _MIN_YEAR:
        return Extraction(ExtractionFailure(url, f"implausible date {day}", "date"), page.disagreements)
    if not _plausible_title(title):
        return Extraction(ExtractionFailure(url, f"no title (found {title!r})", "title"), page.disagreements)
    if paragraphs and all(_LOADING_RE.match(p) for p in paragraphs):
        # 正在加载，请稍候…: the page's scripts write the text (from data the page or its
        # server holds): not an article read, and said so (the crawl reads no scripts).
        return Extraction(ExtractionFailure(url, "no body: the page's scripts write its text (正在加载)", "paragraphs"))
    if (
        not paragraphs
        or not _plausible_body(paragraphs)
        or (
            page.link_density(span[0], body_end) > 0.5
            and not all(_attachment(ln) for ln in lines[span[0] : body_end] if ln.link_chars)
        )
        or _only_headlines(lines[span[0] : body_end], paragraphs)
        # (a list's stamps alone: 5月21日 16:45新京报, its headlines links)
        or all(len(p) <= 30 and (_dates(p) or _STAMP_RE.match(p) or _DAY_TIME_RE.match(p)) for p in paragraphs)
        # (the site's footer alone: 本网站为非营利性站点 © 2024 衡准计量知识库, a list page's only prose)
        or all(len(p) <= 80 and _FOOTER_RE.search(p) for p in paragraphs)
        # (a side box's heading alone: 热门排行, 相关文章, over an image-only page's nothing)
        or all(len(p) <= 12 and _LISTS_RE.match(p) for p in paragraphs)
    ):
        # (A block that is mostly links is a list of other pages: the article's text is not in
        # the page, as where an <iframe> holds it.)
        return Extraction(ExtractionFailure(url, "no body: only tools, links or counters", "paragraphs"))
    if title_at is not None and _is_product_page(lines[title_at + 1 : min(span[0], title_at + _TITLE_WINDOW)]):
        # A B2B site's offer (DESTOON's /sell/show-2031.html): a price and terms, no article.
        # (The page says what it is: not an article, not to be retried, even where listed.)
        return Extraction(ExtractionFailure(url, "a product's page (单价, 起订 ...), not an article", "paragraphs", True))
    if (
        (title.endswith(("专题", "专题报道", "专栏")) or _TOPIC_PAGE_URL_RE.search(url))
        and ((sum(map(len, paragraphs)) <= 300 and len(paragraphs) <= 3) or len(_TOPIC_ITEMS_XPATH(page.root)) >= 3)
    ) or (_TOPIC_PAGE_URL_RE.search(url) and page.root.find(".//*[@class='spec_node']") is not None):
        # A topic's page (DedeCMS's article_spec.htm at /zhuanti/70111.html: …活动专题, its
        # introduction of a few lines, then its lists of articles, div.spec_node): not an
        # article, not tried again.
        return Extraction(ExtractionFailure(url, "a topic's page (专题), not an article", "paragraphs", True))
    if sum(map(len, paragraphs)) <= 200 and _in_password_form(page.root, paragraphs):
        # A post only its password opens (WordPress's 此内容受密码保护): no article to read,
        # now or later (not retried).
        return Extraction(ExtractionFailure(url, "the article is protected by a password", "paragraphs", True))
    # (from a few lines above the headline: DedeCMS's 你没有权限浏览文档 stands over it)
    above = max(0, min(span[0], title_at if title_at is not None else span[0]) - 4)
    if any(_PAYWALL_RE.search(ln.text) for ln in lines[above : min(len(lines), body_end + 3)]):
        # A teaser is not the article: said, and tried again (by a crawl that can read it).
        return Extraction(ExtractionFailure(url, BEHIND_LOGIN, "paragraphs"))
    size = sum(map(len, paragraphs))
    # A page that stands in for the article (a firewall's block, a CAPTCHA, maintenance, a
    # redirect, a parked domain) says so in its headline or its few lines: tried again.
    headline = " ".join([title, *_title_parts(page.page_title)[:1]])
    if _STAND_IN_RE.search(headline) or (size <= 400 and _STAND_IN_RE.search(" ".join(paragraphs[:3]))):
        reason = "the page stands in for the article (a block, a CAPTCHA, maintenance or a redirect)"
        return Extraction(ExtractionFailure(url, reason, "paragraphs"), page.disagreements)
    if (
        (size <= 40 and _SEE_DOCUMENT_RE.search(" ".join(paragraphs)))
        or (size <= 120 and all(_ATTACHMENT_RE.match(p) for p in paragraphs))
    ) and page.embeds_document(span[0], body_end):
        # 附件：见PDF, or the document's name alone (附件：抽查计划.pdf), beside the PDF's viewer (pdf.js's
        # <iframe src="/pdfjs/web/viewer.html?file=…">): the text is in a document this archive does not read.
        reason = "the text is in an embedded document"
        return Extraction(ExtractionFailure(url, reason, "paragraphs"), page.disagreements)
    if (len(title) <= 30 and _not_found_re().search(title)) or (
        size <= 80 and _not_found_re().search(" ".join([title, *paragraphs]))
    ):
        # (the headline alone says so on a page a list's dates fill: 很抱歉，您访问的页面不存在！)
        failure = ExtractionFailure(url, "the page says the article does not exist", "paragraphs", True)
        return Extraction(failure, page.disagreements)
    return Extraction(
        Article(
            url=url,
            id=record_id(url),
            category=page.breadcrumb(title),
            title=title,
            date=day,
            published_at=moment,
            author=author or None,
            source=source or None,
            views=views,
            paragraphs=paragraphs,
        ),
        page.disagreements,
    )


_PHOTO_CREDIT_RE = compile_guarded(r"[ \u3000]*摄(?!影|像)")  # (not the next credit's label: 文字：甲　摄影：乙)


def _byline(lines: list[str]) -> str | None:
    """A reporter's byline in the first or last lines of the body, or a poster's name;
    never a photographer's credit (新华社记者 李贺 摄)."""
    for text in lines:
        found = [m for m in _BYLINE_RE.finditer(text) if not _PHOTO_CREDIT_RE.match(text, m.end(1))]
        if found:
            # (通讯员 李娜 记者 张晓: the reporter's, where a line names both)
            reporter = next((m for m in found if _REPORTER_BEFORE_RE.search(text, 0, m.start(1))), found[0])
            return _PADDED_NAME_RE.sub(r"\1\2", reporter.group(1))  # (王 浩: 王浩)
    return None


_REPORTER_BEFORE_RE = compile_guarded(r"[记記]者[ \u3000]?[:：|｜]?[ \u3000]?$")


def _author_link(blocks: list[etree._Element]) -> str | None:
    """The text of a link to the author's page among the lines between the headline and
    the text (WordPress's ``<a href="/author/lihua" class="nickname">李华</a> • 2024年1月8日``,
    or ``rel="author"``): the post's author, as its theme shows it."""
    for block in dict.fromkeys(blocks):
        for a in block.iter("a"):
            href, rel = a.get("href") or "", (a.get("rel") or "").lower().split()
            if "author" in rel or _AUTHOR_HREF_RE.search(href):
                name = " ".join("".join(a.itertext()).split())
                if 2 <= len(name) <= 20 and _plausible_name(name):
                    return name
    return None


# (WordPress's, Typecho's and Ghost's author archive: /author/lihua/, /index.php/author/1/, ?author=1;
# Halo's /authors/lihua)
# (风传媒's /authors/12345/林上祚: its number, then its name)
_AUTHOR_HREF_RE = compile_guarded(r"/authors?/(?:\d+/)?[^/?#]+/?$|[?&]author=\d+$")


def closing_byline(paragraphs: list[str]) -> str | None:
    """A reporter's byline in the last lines of an article's text: read again where the
    article's pages are joined (its last page's （记者 甲）)."""
    return _byline(paragraphs[-2:])


def _poster(lines: list[str]) -> str | None:
    for text in lines:
        for pattern in _POSTER_RES:
            if (m := pattern.search(text)) and not _FLOOR_NAME_RE.fullmatch(m.group(1)):
                return m.group(1)
    return None


# A floor's name before 发表于 (楼主 发表于: 2024-05-18 16:45): no poster's.
_FLOOR_NAME_RE = compile_guarded(r"楼主|沙发|板凳|地板|\d+\s*楼|#\d+")


def _first(values: list[str]) -> str | None:
    return next((v for v in values if v), None)


def parse_article(selector: Selector, url: str) -> Article | ExtractionFailure:
    """The article on this page, as the page writes it, or why there is none."""
    return extract_page(selector, url).result


@cache
def _not_found_re() -> re.Pattern[str]:
    """What a CMS answers, with status 200, for an article that is not there (compiled when
    a page first fails)."""
    return re.compile(
        tolerant(
            "文档不存在", "文章不存在", "页面不存在", "信息不存在", "内容不存在", "新闻不存在", "已被删除",
            "已经删除", "已删除", "您访问的内容", "找不到该页面", "找不到页面", "您访问的页面", "无法找到该页",
            "此信息已过期", "信息已过期", "已经下线", "不再提供",  # (DESTOON's message('此信息已过期'))
        )
        + r"|\b404\b|not\s+found",
        re.I,
    )  # fmt: skip


# What a page that stands in for an article says (anchored ones only as the whole headline).
_STAND_IN_RE = compile_guarded(
    "请求已被拦截|访问(?:已)?被拦截|访问被阻断|可能对网站造成安全威胁|网站防火墙"
    "|请输入验证码|输入验证码后继续|人机验证|^安全验证$|^访问验证$"
    "|网站维护中|系统维护中|网站正在维护|系统升级维护中|升级改造，暂停访问|暂停访问，预计"
    "|页面跳转中|正在(?:为您)?跳转|没有自动跳转"
    "|域名已过期|域名正在出售|此域名出售|^提示信息[！!]?$|^系统提示[！!]?$"
)
# A text that only points to a document (附件：见PDF, 详见附件).
_SEE_DOCUMENT_RE = compile_guarded(r"^(?:附件[:：]\s*)?(?:详?见|请见|请查看)\s*(?:PDF|附件|下方|文件)", re.I)
# The links to the previous and next articles, which stand after an article's text.
_STRING_XPATH = etree.XPath("string()", smart_strings=False)  # the text of an element and all it holds
# A placeholder a script replaces with the text: 正在加载，请稍候…, 数据加载中..., Loading...
_LOADING_RE = LazyPattern(
    r"^[\s.…。·]*(?:" + tolerant("正在加载", "加载中", "努力加载", "载入中", "正在载入") + r"|loading\b)[^。！？]{0,16}$",
    re.I,
)
_PREV_NEXT_RE = LazyPattern(r"^[\s【\[]*" + tolerant("上一篇", "下一篇", "上一条", "下一条") + r"\s*[:：]")
# The page's footer (a line of it ends the meta below the body).
# (Discuz!'s footer: Powered by Discuz! X3.4, and the page's render time GMT+8, 2024-5-20 10:00.)
_FOOTER_RE = compile_guarded(
    r"版权所有|copyright|©|ICP备|ICP证|公网安备|主办单位|关于我们\s*[|｜]|powered\s+by\b|^\s*GMT[+-]\d{1,2}\s*,"
    r"|^\s*(?:此|本)?(?:网页|網頁|页面|頁面)(?:于|於|最后|最後)",  # (此網頁於2024年5月20日更新: the site's page's date)
    re.I,
)


def _says_not_found(page: _Page) -> bool:
    """A short page that says its article does not exist (a soft 404)."""
    text = " ".join(line.text for line in page.lines[:60])
    return len(text) <= 2000 and bool(_not_found_re().search(text + " " + page.page_title))

"""Article extraction: plain functions over a parsel ``Selector``.

Nothing here knows CSS classes. The page is read as a sequence of lines (block
elements and ``<br>`` end a line; scripts and styles are skipped), and the
article is found by its words and its shape:

- the *meta line* is the line carrying the 发布时间 label (and usually 作者,
  来源, 浏览); a page without one is not an article;
- the *title* is the nearest line before it (checked against ``<title>``);
- the *breadcrumb* is the line with 当前位置, its parts after 首页;
- the *body* is the lines after the meta line inside the smallest enclosing
  element that holds any text after it, up to the first footer line
  (分享到, 上一篇, 会员注册 ...).

The text is returned as the page has it (Traditional, readings and all);
:mod:`metrology_spider.normalize` cleans it in the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree
from parsel import Selector

from metrology_spider.items import Article, ExtractionFailure
from metrology_spider.textmatch import tolerant

__all__ = [
    "BEIJING",
    "article_id",
    "assemble_article",
    "parse_article",
    "parse_date",
    "parse_view_count",
]

BEIJING = ZoneInfo("Asia/Shanghai")

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe select option textarea button head title "
    "object embed svg map canvas audio video".split()
)
HEADING_TAGS = frozenset(("h1", "h2", "h3"))

_COLON = r"[ \t\u3000\xa0]*[:：][ \t\u3000\xa0]*"
_DATE_VALUE = (
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
)
_DATE_RE = re.compile(_DATE_VALUE)

# Labels of the meta line, most specific first within each field.
_LABELS = {
    "date": tolerant("发布时间", "发表时间", "发布日期", "更新时间", "时间", "日期"),
    "author": tolerant("作者"),
    "source": tolerant("来源", "稿源", "出处"),
    "views": tolerant("浏览次数", "浏览", "点击数", "点击", "阅读", "人气"),
}
_LABEL_RE = re.compile("|".join(f"(?P<{name}>{pattern}){_COLON}" for name, pattern in _LABELS.items()))
_ENDS_WITH_LABEL_RE = re.compile(f"(?:{_LABEL_RE.pattern})$")
_SPECIFIC_DATE_RE = re.compile(tolerant("发布时间", "发表时间", "发布日期", "更新时间"))
# A value ends where the page's tool links begin: 【字体：大 中 小】, [打印], | ...
_VALUE_END_RE = re.compile(r"[【\[|丨｜].*", re.S)

_BREADCRUMB_RE = re.compile(tolerant("当前位置", "当前的位置", "您的位置", "所在位置") + _COLON)
_BREADCRUMB_SEP_RE = re.compile(r"\s*(?:>|›|»|→|＞|/)\s*")
_HOME_RE = re.compile(rf"^(?:{tolerant('首页', '网站首页', '主页', '中国计量网')})$")
_BREADCRUMB_TAIL_RE = re.compile(rf"^(?:{tolerant('正文', '内容', '详情', '阅读文章')})$")

# Lines that end the body: share bars, previous/next, related lists, member box, footer.
_STOP_RE = re.compile(
    r"^\s*(?:"
    + tolerant(
        "分享到",
        "上一篇",
        "下一篇",
        "相关文章",
        "相关阅读",
        "相关新闻",
        "相关链接",
        "相关推荐",
        "会员注册",
        "会员登录",
        "会员登陆",
        "已有账号",
        "找回密码",
        "完善信息",
        "发表评论",
        "网友评论",
        "返回顶部",
        "版权所有",
    )
    + r"|copyright\b|©)",
    re.I,
)
# Lines dropped wherever they stand: page tools and separators.
_TOOLS_RE = re.compile(
    r"^[\s【\[]*"
    + tolerant("字体", "字号")
    + r"[:：]"
    + r"|^(?:[\s【\[]*"
    + tolerant("打印", "关闭", "收藏", "打印本页", "关闭窗口", "加入收藏")
    + r"[\s】\]]*)+$"
    + r"|^[-—=_*·\s]*(?:"
    + tolerant("分隔线")
    + r")?[-—=_*·\s]*$"
)
_PAGINATION_RE = re.compile(
    r"^(?:\s*(?:"
    + tolerant("上一页", "下一页", "首页", "末页", "尾页")
    + r"|"
    + tolerant("共")
    + r"\s*\d+\s*"
    + tolerant("页")
    + r"[:：]?|\d+))+\s*$"
)

# How DedeCMS and its kind join the title, the category and the site in <title>.
_TITLE_SEP_RE = re.compile(r"_|--| - | \| |｜")

_ARTICLE_ID_RE = re.compile(r"/(\d+)(?:_\d+)?\.html?$")


@dataclass(slots=True)
class _Line:
    text: str
    block: etree._Element  # the innermost block element that holds it
    link_only: bool  # every visible character is inside an <a>


class _Lines:
    """The text of a page cut into lines at block boundaries and ``<br>``, in one walk.

    ``spans[el]`` is the slice of ``lines`` that block element ``el`` holds, so the
    lines of any enclosing element are found without walking the page again.
    """

    __slots__ = ("_block", "_parts", "_plain", "lines", "spans")

    def __init__(self, root: etree._Element) -> None:
        self.lines: list[_Line] = []
        self.spans: dict[etree._Element, tuple[int, int]] = {}
        self._parts: list[str] = []
        self._plain = False
        self._block = root
        self._walk(root, root, False)
        self._end()
        self.spans[root] = (0, len(self.lines))

    def _text(self, value: str, block: etree._Element, in_link: bool) -> None:
        if not self._parts:
            self._block = block
        self._parts.append(value)
        if not in_link and not value.isspace():
            self._plain = True

    def _end(self) -> None:
        if self._parts:
            text = "".join(self._parts).strip()
            if text:
                self.lines.append(_Line(text, self._block, not self._plain))
            self._parts = []
            self._plain = False

    def _walk(self, el: etree._Element, block: etree._Element, in_link: bool) -> None:
        # The hot loop of extraction: one call per element, text handled inline.
        tag = el.tag
        is_block = tag in BLOCK_TAGS
        if is_block:
            self._end()
            block = el
            start = len(self.lines)
        elif tag == "a":
            in_link = True
        if el.text:
            self._text(el.text, block, in_link)
        for child in el:
            child_tag = child.tag
            # Skipped elements (scripts, comments: their tag is not a str) keep their tails.
            if child_tag.__class__ is str and child_tag not in SKIP_TAGS:
                self._walk(child, block, in_link)
            if child.tail:
                self._text(child.tail, block, in_link)
        if is_block:
            self._end()
            self.spans[el] = (start, len(self.lines))

    def span(self, el: etree._Element) -> tuple[int, int]:
        return self.spans[el]

    def first(self, pattern: re.Pattern[str], accept=None) -> int | None:
        """The index of the first line that ``pattern`` finds in (and ``accept`` takes)."""
        for i, line in enumerate(self.lines):
            if pattern.search(line.text) and (accept is None or accept(line)):
                return i
        return None


def _is_meta_line(line: _Line) -> bool:
    labels = {m.lastgroup for m in _LABEL_RE.finditer(line.text)}
    if "date" not in labels:
        return False
    return len(labels) >= 2 or bool(_SPECIFIC_DATE_RE.search(line.text))


def _value_in_next_cell(line: _Line, following: _Line) -> bool:
    return (
        bool(_ENDS_WITH_LABEL_RE.search(line.text)) and following.block.getparent() is line.block.getparent()
    )


def parse_date(text: str) -> tuple[date | None, datetime | None]:
    """``"2017-09-22 10:31"`` -> (date, Beijing datetime); no time -> (date, None)."""
    m = _DATE_RE.search(text)
    if not m:
        return None, None
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return day, None
        moment = datetime(
            day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0), tzinfo=BEIJING
        )
    except ValueError:
        return None, None
    return day, moment


def _meta_fields(text: str) -> dict[str, str]:
    """``发布时间:2008-04-13 作者:沈平子 ...`` -> {"date": "2008-04-13", "author": ...}."""
    found = list(_LABEL_RE.finditer(text))
    fields: dict[str, str] = {}
    for match, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following else len(text)
        value = _VALUE_END_RE.sub("", text[match.end() : end]).strip().rstrip("】]").strip()
        fields.setdefault(match.lastgroup, value)
    return fields


def parse_view_count(text: str | None) -> int | None:
    """The view count in ``8309``, ``8309次`` or ``document.write('8309');``."""
    if not text:
        return None
    m = re.search(r"document\.write\(\s*['\"]?\s*(\d+)", text) or re.match(r"\s*(\d+)", text)
    return int(m.group(1)) if m else None


def _breadcrumb(page: _Lines) -> list[str]:
    at = page.first(_BREADCRUMB_RE)
    if at is None:
        return []
    text = page.lines[at].text
    text = text[_BREADCRUMB_RE.search(text).end() :]
    parts = [p.strip() for p in _BREADCRUMB_SEP_RE.split(text) if p.strip()]
    if parts and _HOME_RE.match(parts[0]):
        parts = parts[1:]
    while parts and _BREADCRUMB_TAIL_RE.match(parts[-1]):
        parts.pop()
    return parts


def _body_lines(lines: list[_Line]) -> list[_Line]:
    """The lines after the meta line that make the body, up to the first footer line."""
    body: list[_Line] = []
    for line in lines:
        if _STOP_RE.match(line.text):
            if body:
                break
            continue  # a share bar above the body does not end it
        if _TOOLS_RE.match(line.text) or (line.link_only and _PAGINATION_RE.match(line.text)):
            continue
        body.append(line)
    return body


def _has_prose(body: list[_Line]) -> bool:
    """Navigation is all links; a body has text of its own."""
    return any(not line.link_only for line in body)


def _title(before: list[_Line], page_title: str) -> str | None:
    """The nearest line before the meta line that names the page."""
    candidates = [
        ln
        for ln in reversed(before[-4:])
        if ln.text
        and not _BREADCRUMB_RE.search(ln.text)
        and not _TOOLS_RE.match(ln.text)
        and not _LABEL_RE.match(ln.text)
    ][:3]
    if not candidates:
        # Nothing above the meta line: the page's <title> names it ("标题_栏目_中国计量网").
        return _TITLE_SEP_RE.split(page_title, maxsplit=1)[0].strip() or None
    for line in candidates:
        if page_title and line.text in page_title:
            return line.text
    for line in candidates:
        if line.block.tag in HEADING_TAGS:
            return line.text
    return candidates[0].text


def article_id(url: str) -> int | None:
    """``.../57604.html`` and ``.../57604_2.html`` -> 57604."""
    m = _ARTICLE_ID_RE.search(url.split("?", 1)[0].split("#", 1)[0])
    return int(m.group(1)) if m else None


def parse_article(selector: Selector, url: str) -> Article | ExtractionFailure:
    """The article on this page, as the page writes it, or why there is none.

    Fields the page does not give are left empty (``None`` or ``[]``): deciding
    whether such a record is kept is the pipeline's business, not extraction's.
    """
    ident = article_id(url)
    root = selector.root
    if ident is None:
        return ExtractionFailure(url, "no article id in the URL", "id")
    if not isinstance(root, etree._Element):
        return ExtractionFailure(url, "not an HTML page")
    body_el = root.find("body")
    scope = body_el if body_el is not None else root
    page = _Lines(scope)
    lines = page.lines
    at = page.first(_LABEL_RE, _is_meta_line)
    if at is None:
        return ExtractionFailure(url, "no date", "date")

    # Climb from the meta line's block to the smallest element with prose after it.
    # Meta fields may stand in blocks of their own (<li>作者:</li><li>来源:</li>):
    # label lines next to the meta line are part of it.
    container = lines[at].block
    while True:
        start, end = page.span(container)
        first = last = at
        while first > start and _LABEL_RE.match(lines[first - 1].text):
            first -= 1
        # The next line is the meta's too when it starts with a label, or when this one
        # ends with a label whose value sits in the next cell (<td>作者:</td><td>甲</td>).
        while last + 1 < end and (
            _LABEL_RE.match(lines[last + 1].text) or _value_in_next_cell(lines[last], lines[last + 1])
        ):
            last += 1
        body = _body_lines(lines[last + 1 : end])
        if _has_prose(body) or container is scope:
            break
        container = _enclosing_block(container, page)
    paragraphs = [line.text for line in body] if _has_prose(body) else []
    fields = _meta_fields(" ".join(ln.text for ln in lines[first : last + 1]))
    published_on, published_at = parse_date(fields.get("date", ""))

    # The title sits above the meta line, possibly above the container.
    while start == first and container is not scope:
        container = _enclosing_block(container, page)
        start = page.span(container)[0]
    page_title = " ".join(root.xpath("string(//title)").split())

    return Article(
        url=url,
        id=ident,
        category=_breadcrumb(page),
        title=_title(lines[start:first], page_title),
        date=published_on,
        published_at=published_at,
        author=fields.get("author") or None,
        source=fields.get("source") or None,
        views=parse_view_count(fields.get("views")),
        paragraphs=paragraphs,
    )


def _enclosing_block(el: etree._Element, page: _Lines) -> etree._Element:
    parent = el.getparent()
    while parent not in page.spans:
        parent = parent.getparent()
    return parent


def assemble_article(first: Article, continuations: list[Article], views: int | None) -> Article:
    """One record from an article's pages (in page order) and its script-written view count."""
    paragraphs = list(first.paragraphs)
    for page in continuations:
        paragraphs.extend(page.paragraphs)
    return first.replace(paragraphs=paragraphs, views=first.views if first.views is not None else views)

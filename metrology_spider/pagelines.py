"""A page read as lines, the way a reader sees it: block elements and ``<br>`` end a line.

One iterative walk over the parsed tree (no recursion: a page nested a
thousand elements deep is read like any other) gives, for every line, its
text, the innermost block element holding it, how much of it is link text,
and whether it stands in a heading. ``spans[el]`` is the slice of lines a
block element holds, so the lines of any container are found without a
second walk. Scripts, styles, forms' option lists and elements hidden by an
inline ``display:none`` are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from lxml import etree

__all__ = ["BLOCK_TAGS", "Line", "PageLines"]

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe select option textarea button head title "
    "object embed svg map canvas audio video input rt rp".split()  # (rt, rp: a ruby's reading)
    # WeChat's cards inside an article's text (an account's, a mini-program's, an audio's)
    + "mp-common-profile mp-miniprogram mp-common-mpaudio mpvoice mpprofile mp-common-videosnap qqmusic".split()
    # AMP's players and frames (their fallback text: 您的浏览器不支持HTML5视频播放)
    + "amp-video amp-iframe amp-audio amp-youtube amp-ad amp-social-share".split()
    # A MathML formula's source (KaTeX's TeX, in its hidden copy): never shown
    + ["annotation", "annotation-xml"]
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = frozenset(("b", "strong"))
# A superscript or subscript of digits and signs (10<sup>-6</sup>, m<sup>3</sup>, CO<sub>2</sub>,
# Ca<sup>2+</sup>) is read as Unicode's own superscript and subscript characters (10⁻⁶, m³, CO₂,
# Ca²⁺): flattened, 5×10<sup>-8</sup> read 5×10-8 and 10<sup>6</sup> 10 6. Any other (K<sub>J</sub>,
# a note's <sup>[1]</sup>) is read as written.
_SCRIPTS = {  # (and the full-width digits and signs an IME types: 10<sup>－６</sup>)
    "sup": str.maketrans("0123456789+-\u2212\u2013\uff0d=()０１２３４５６７８９＋＝（）", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁻⁻⁼⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁼⁽⁾"),
    "sub": str.maketrans("0123456789+-\u2212\u2013\uff0d=()０１２３４５６７８９＋＝（）", "₀₁₂₃₄₅₆₇₈₉₊₋₋₋₋₌₍₎₀₁₂₃₄₅₆₇₈₉₊₌₍₎"),
}
# MathML's scripts: the second child of an <msup> or <msub>, the second (sub) and third (sup) of
# an <msubsup>, read as <sup> and <sub> are (10<msup><mn>10</mn><mrow><mo>−</mo><mn>4</mn></mrow></msup>).
_MATH_SCRIPTS = {("msup", 1): "sup", ("msub", 1): "sub", ("msubsup", 1): "sub", ("msubsup", 2): "sup"}
_MATH_SCRIPT_TAGS = frozenset(("mn", "mo", "mi", "mrow"))
_SCRIPT_CHARS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPT_INNER_TAGS = frozenset(("span", "font", "a", "mn", "mo", "mrow"))


def _math_script(el: etree._Element) -> str | None:
    """``sup`` or ``sub`` for a MathML script (see :data:`_MATH_SCRIPTS`), else None."""
    parent = el.getparent()
    if parent is None or parent.tag not in ("msup", "msub", "msubsup"):
        return None
    return _MATH_SCRIPTS.get((parent.tag, parent.index(el)))


def _script_text(el: etree._Element, table: dict[int, str]) -> str | None:
    """The text of a ``<sup>`` or ``<sub>`` of digits and signs alone, in Unicode's superscript
    or subscript characters; None for any other."""
    if len(el):
        # (Word's and WPS's run inside it: 10<sup><span lang=EN-US>-6</span></sup>; a footnote's
        # mark, 3 500<sup><a href="#fn1">1</a></sup>; MathML's tokens, <mrow><mo>−</mo><mn>4</mn></mrow>)
        if any(child.tag not in _SCRIPT_INNER_TAGS for child in el.iterdescendants()):
            return None
        text = "".join(el.itertext()).strip()
    else:
        text = (el.text or "").strip()
    if not text:
        return None
    scripted = text.translate(table)
    return scripted if _SCRIPT_CHARS.issuperset(scripted) else None


@dataclass(slots=True)
class Line:
    text: str
    block: etree._Element  # the innermost block element that holds it
    chars: int  # characters, whitespace not counted
    link_chars: int  # of which inside an <a href>
    heading: int  # 1-6 inside <h1>-<h6>, else 0
    emphasis: bool  # all of it inside <b>, <strong> or a <font size> of 4 or more
    index: int = 0
    # Where an inline element ends against the next one, no space between them (作者：李思远</span>
    # <span>计量科普: 7): offsets in ``text``, where a labelled value ends.
    cuts: tuple[int, ...] = ()

    @property
    def link_only(self) -> bool:
        return self.link_chars >= self.chars


_HIDDEN_XPATH = etree.XPath("descendant-or-self::*/@hidden")
_STYLE_XPATH = etree.XPath("descendant-or-self::*/@style")


def _hidden_style(style: str) -> bool:
    """``display: none``, ``visibility: hidden`` or ``font-size: 0`` in an inline style."""
    style = style.replace(" ", "").lower()
    return _shown_none(style) or _zero_size(style)


def _clipped(style: str) -> bool:
    """A rule that clips what it selects to nothing, for screen readers alone (BBC's caption
    labels 图像来源，, a framework's ``.sr-only``: ``clip: rect(0 0 0 0)``, ``clip-path: inset(50%)``)."""
    style = style.replace(" ", "").lower()
    return "clip:rect(0" in style or "clip:rect(1px" in style or "clip-path:inset(50%)" in style


def _shown_none(style: str) -> bool:
    """``display: none`` or ``visibility: hidden`` in a style without its spaces, lower-cased."""
    return "display:none" in style or "visibility:hidden" in style


def _zero_size(style: str) -> bool:
    """``font-size: 0`` in a style without its spaces, lower-cased."""
    return "font-size:0" in style and _ZERO_SIZE_RE.search(style) is not None


def _hidden_inline(el: etree._Element, style: str) -> bool:
    """``el`` hidden by its inline ``style``; not WeChat's text box (``#js_content``, hidden until
    its script shows it, always), nor a ``font-size: 0`` wrapper whose descendants set a size of
    their own (WeChat's layout editors, 秀米 and 135, zero a wrapper's size to close the gaps
    between its ``inline-block`` children, whose text is in ``font-size: 15px``)."""
    style = style.replace(" ", "").lower()
    if _shown_none(style):
        return el.get("id") != "js_content"
    return _zero_size(style) and all(_zero_size(s.replace(" ", "").lower()) for s in _SIZED_XPATH(el))


_ZERO_SIZE_RE = re.compile(r"font-size:0(?:px|pt|em|rem|%)?(?:;|!|$)")
_SIZED_XPATH = etree.XPath("descendant::*[contains(@style, 'font-size')]/@style")
_WHITE_STYLE_RE = re.compile(r"(?:^|;)color:(?:#fff|#ffffff|white)(?:;|!|$)")
_INLINE_TAGS = frozenset(("span", "font", "em", "i", "b", "strong", "small", "u", "s"))


def _white_style(el: etree._Element, style: str) -> bool:
    """Text an inline style makes white (``<span style="color:#FFFFFF">``) on no background of
    its own or its ancestors' but white: as :func:`_white_on_white`, for an inline element."""
    if el.tag not in _INLINE_TAGS or "color" not in style:
        return False
    style = style.replace(" ", "").lower()
    return bool(_WHITE_STYLE_RE.search(style)) and "background" not in style and _on_white(el)


# A rule of the page's own <style> that hides what it selects: .x{display:none}.
_RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_MEDIA_RE = re.compile(r"@media([^{;]*)\{")


def _screen_rules(css: str) -> str:
    """The style sheet without its ``@media`` blocks but those for any screen
    (``@media print{.noprint{display:none}}`` hides nothing on screen, a phone's
    ``max-width`` rules nothing on a page read whole)."""
    if "@media" not in css:
        return css
    kept, i = [], 0
    for m in _MEDIA_RE.finditer(css):
        if m.start() < i:
            continue  # (inside a block already skipped)
        depth, j = 1, m.end()
        while j < len(css) and depth:
            depth += (css[j] == "{") - (css[j] == "}")
            j += 1
        kept.append(css[i : m.start()])
        if m.group(1).strip().lower() in ("screen", "all", "only screen"):
            kept.append(css[m.end() : j - 1])
        i = j
    kept.append(css[i:])
    return "".join(kept)
_CLASS_RE = re.compile(r"\.([\w-]+)")


def _hidden_by_class(root: etree._Element) -> list[etree._Element]:
    """The elements that a rule of the page's own ``<style>`` hides by their class
    (``.x{display:none}``: DedeCMS's strings against copying are hidden so). Only a
    selector of one element counts: ``.mobile .nav`` hides no other ``.nav``, and
    ``.x:hover`` nothing until then."""
    classes = set()
    for css in (style.text for style in root.getroottree().iter("style") if style.text):
        for selectors, declarations in _RULE_RE.findall(_screen_rules(css)):
            if _hidden_style(declarations) or _clipped(declarations):
                for selector in selectors.split(","):
                    selector = selector.strip()
                    if selector and not any(c in selector for c in " >+~:["):
                        classes.update(_CLASS_RE.findall(selector))
    if not classes:
        return []
    return [el for el in _CLASSED_XPATH(root) if not classes.isdisjoint((el.get("class") or "").split())]


_CLASSED_XPATH = etree.XPath("descendant-or-self::*[@class]")
# A poll (DedeCMS's {dede:vote}: radio buttons beside their labels): a small form of choices,
# or one that posts a vote; or a small form to write in (a 意见征集's 姓名： 联系电话： 意见内容：
# beside their fields); not the form ASP.NET wraps around a whole page.
_POLL_XPATH = etree.XPath(
    "descendant-or-self::form[contains(@action, 'vote')"
    " or ((.//input[@type='radio' or @type='checkbox'] or .//textarea) and not(.//h1 or .//h2)"
    " and string-length(normalize-space(.)) < 400)]"
)
# A newsletter's sign-up box: a form asking for an e-mail address, and the appeal beside it in a
# small box (Substack's subscription-widget, Mailchimp's mc_embed_signup).
_SIGN_UP_XPATH = etree.XPath(
    "descendant-or-self::form[.//input[@type='email']]/parent::*[string-length(normalize-space(.)) < 300]"
)
# Boxes marked by their class: a saved WeChat page's video player and cards (重播 分享 赞, 退出全屏…),
# and marks a static site's theme draws beside the text: a code block's line numbers (Hexo's
# <td class="gutter">, Prism's line-numbers-rows, VuePress's line-numbers-wrapper, highlight.js's
# hljs-ln-numbers), a heading's anchor (VuePress's <a class="header-anchor">#</a>, Docusaurus's
# hash-link), Hexo Fluid's licence box under a post (its title and URL again), Ant Design's 预览 mask
# over an image, Discuz!'s 最佳答案 box in a reward thread's first floor (another member's reply,
# copied there: div.rwdbst). Read from the class attributes libxml2 gives (XPath's string functions over every
# class cost three times as much).
_CLASS_VALUES_XPATH = etree.XPath("descendant-or-self::*/@class")
_MARK_CLASSES = ("gutter", "hash-link", "license-box", "ant-image-mask", "rwdbst")  # (a class of its own)
_MARK_CLASS_PARTS = ("line-numbers-", "hljs-ln-numbers", "header-anchor", "js_mpvideo_wrp", "mp_profile_iframe_wrp")
_MARK_CLASS_RE = re.compile(
    r"(?:^|\s)(?:" + "|".join(map(re.escape, _MARK_CLASSES)) + r")(?:\s|$)|" + "|".join(map(re.escape, _MARK_CLASS_PARTS))
)
# The same class values as plain strings (no reference to their element: half the cost to read).
_CLASS_TEXTS_XPATH = etree.XPath("descendant-or-self::*/@class", smart_strings=False)


def _marked_by_class(root: etree._Element) -> list[etree._Element]:
    """The elements :data:`_MARK_CLASS_RE` marks by their class (not a worded anchor)."""
    # Most pages have none, and every mark holds one of the words: the page's classes, read
    # as plain strings and looked through for the words with ``in``, say so (cheaper than the
    # pattern over each class value read with its element, which every mark is then).
    classes = " ".join(_CLASS_TEXTS_XPATH(root))
    if not any(word in classes for word in (*_MARK_CLASSES, *_MARK_CLASS_PARTS)):
        return []
    return [
        value.getparent() for value in _CLASS_VALUES_XPATH(root)
        if _MARK_CLASS_RE.search(value) and not _worded_anchor(value)
    ]  # fmt: skip


def _worded_anchor(value) -> bool:
    """A heading's anchor (``header-anchor``, ``hash-link``) that holds the heading's words,
    not a mark: markdown-it-anchor's ``headerLink`` (VuePress 2: ``<h2><a class="header-anchor"
    href="#x"><span>一、…</span></a></h2>``), read; its ``#`` or ``¶`` alone is hidden."""
    if "anchor" not in value and "hash-link" not in value:
        return False
    # (its first pieces of text only: a hostile page nests thousands of anchors, each holding all)
    return any(piece.strip(" \t\n#¶§\u00a0\u200b") for piece in islice(value.getparent().itertext(), 20))


# The copy of a formula MathJax 2 and KaTeX keep for screen readers (a <math> in a box a style sheet
# puts out of sight: MathJax 2's MJX_Assistive_MathML, KaTeX's katex-mathml; MathJax 3's
# <mjx-assistive-mml> is its only text). Looked for where the page has a <math>.
_MATH_COPIES_XPATH = etree.XPath(
    "//math/ancestor::*[contains(@class, 'MJX_Assistive_MathML') or contains(concat(' ', @class, ' '), ' katex-mathml ')]"
)
_WHITE = {"#fff", "#ffffff", "white"}


def _background(el: etree._Element) -> str | None:
    """The background an element's own attributes give it (``bgcolor``, ``background``,
    an inline ``background`` style), lower-cased; None where they give none."""
    if value := el.get("bgcolor") or el.get("background"):
        return value.strip().lower()
    style = el.get("style")
    if style and "background" in (style := style.replace(" ", "").lower()):
        return style.split("background", 1)[1].split(":", 1)[-1].split(";", 1)[0]
    return None


def _white_on_white(root: etree._Element) -> list[etree._Element]:
    """``<font color="#FFFFFF">`` on no background of its own or its ancestors' but white:
    DedeCMS's other way of hiding its strings against copying in the text (织梦好，好织梦).
    White on a coloured bar (a date in a header cell ``bgcolor="#cc3300"``) is seen."""
    return [
        font for font in root.iter("font")
        if (colour := font.get("color")) is not None and colour.strip().lower() in _WHITE and _on_white(font)
    ]  # fmt: skip


def _on_white(el: etree._Element) -> bool:
    """No background but white behind ``el``: the nearest of its ancestors that gives one
    (forty looked at, on a hostile page's nesting) gives white, or none does."""
    ground = next((b for a in islice(el.iterancestors(), 40) if (b := _background(a)) is not None), None)
    return ground is None or ground.partition(" ")[0] in _WHITE


def _stands_in_for_script(noscript: etree._Element) -> bool:
    """An inline ``<noscript>`` right after the ``<script>`` it stands in for, holding only a
    short text: what the page shows a reader without scripts (a notice's telephone written by
    a script against spam: 联系电话：<script>document.write(…)</script><noscript>0571-87654321</noscript>).
    A block's (您的浏览器已禁用JavaScript) or an image's stand-in is no text."""
    before = noscript.getprevious()
    return (
        before is not None
        and before.tag == "script"
        and not (before.tail or "").strip()
        and len(noscript) == 0
        and len((noscript.text or "").strip()) <= 60
        and (noscript.getparent() is None or noscript.getparent().tag not in ("head", "body", "html"))
    )


def _big_font(el: etree._Element) -> bool:
    size = (el.get("size") or "").strip().lstrip("+")
    return size.isdigit() and int(size) >= 4


# Digits of two elements side by side are two values only where one of them is a whole time or
# date (<span>09:30</span><span>2345次阅读</span>, a calendar badge's <b>26</b><span>2024-05</span>);
# elsewhere they are one number that the markup cuts (a Word-pasted text's runs, <font> soup, a
# keyword's link: 0.0|2 MPa, 20|24年, JJG 5|2—2013, 罚款 <a>3</a>0000 元).
_WHOLE_BEFORE_RE = re.compile(r"(?:(?<![\d:])\d{1,2}:\d\d(?::\d\d)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$")
_DATE_AFTER_RE = re.compile(r"\d{4}[-/.年]\d{1,2}")
# A badge's year and month before its day alone (<span>2024-05</span><b>16</b>: "2024-05 16").
# (Both in two digits, as badges print them: a number the markup cuts, 2024-1|2, stays one.)
_YEAR_MONTH_BEFORE_RE = re.compile(r"(?<!\d)(?:19|20)\d\d[-/.](?:0[1-9]|1[0-2])$")
_DAY_ALONE_RE = re.compile(r"\s*(?:0[1-9]|[12]\d|3[01])\s*$")


# Characters nothing shows, inside words (zero-width spaces and joiners, word joiners, byte-order
# marks, soft hyphens: pasted from Word or WeChat, or put there against copying).
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]+")
# The colons of Hong Kong's fonts (small and vertical forms) read as the full-width colon.
_COLONS = str.maketrans("\ufe55\ufe30", "：：")
# The ratio sign ∶ (U+2236) that IMEs and old Word templates give for the colon (来源∶甲, 10∶40),
# read as the colon after a label's word or in a date's time; a ratio's own (1∶10, 比例尺1∶500,
# m₁∶m₂, V(A)∶V(B)) is left as it is.
_RATIO_AS_COLON_RE = re.compile(r"(?<=[\u4e00-\u9fff])\u2236|(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2})\u2236(?=[0-5]\d(?!\d))")


# Marks where an inline element ends against the next (a noncharacter: never in a page's text).
_CUT = "\ufdd0"


def _add_line(lines: list[Line], parts: list[str], block, chars, link_chars, heading, emphasis) -> None:
    """End the line being built: its text, whitespace folded, unless it is empty."""
    text = " ".join("".join(parts).split())
    if "\ufe55" in text or "\ufe30" in text:
        text = text.translate(_COLONS)  # (Hong Kong's ﹕ and ︰: 文﹕陳志強)
    if "\u2236" in text:
        text = _RATIO_AS_COLON_RE.sub(lambda m: (m[1] or "") + "：", text)
    # (作\u00ad者：, 来\u200b源：, 2\u200b09: a label, a number read whole; few lines hold one, and
    # six tests with ``in`` cost less than the pattern's substitution over every line)
    if not text.isascii() and (
        "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text or "\ufeff" in text or "\u00ad" in text
    ):
        text = _ZERO_WIDTH_RE.sub("", text)
    cuts: tuple[int, ...] = ()
    if _CUT in text:
        pieces = text.split(_CUT)
        text = "".join(pieces)
        ends, at = [], 0
        for piece in pieces[:-1]:
            at += len(piece)
            if 0 < at < len(text) and (not ends or ends[-1] != at):
                ends.append(at)
        cuts = tuple(ends)
    if text:
        lines.append(Line(text, block, chars, link_chars, heading, emphasis, len(lines), cuts))
    parts.clear()


class PageLines:
    """The lines of ``root`` and the span of lines of every block element."""

    __slots__ = ("_enclosing", "lines", "spans")

    def __init__(self, root: etree._Element) -> None:
        self.lines: list[Line] = []
        self.spans: dict[etree._Element, tuple[int, int]] = {}
        self._enclosing: dict[etree._Element, etree._Element | None] = {}
        lines = self.lines
        spans = self.spans
        parts: list[str] = []
        # The line being built: its block, heading, characters, link characters, and
        # whether all of it is emphasised.
        line_block, line_heading, chars, link_chars, all_emphasis = root, 0, 0, 0, True
        preformatted = 0  # <pre> elements open: a newline in their text ends a line, as a <br>
        # The context of the element being read: (block, in_link, heading, emphasis,
        # first line of a block or -1).
        context = (root, False, 0, False, -1)
        stack: list[tuple] = []
        # Elements hidden by their attributes, found by libxml2 from the attributes: about
        # 24 million instructions over benches/extract_instructions.py's pages, where
        # reading both attributes of every element from Python took 44 million.
        hidden = {value.getparent() for value in _HIDDEN_XPATH(root)}
        for value in _STYLE_XPATH(root):
            owner = value.getparent()
            if _hidden_inline(owner, value) or _white_style(owner, value):
                hidden.add(owner)
        hidden.update(_hidden_by_class(root))
        if next(root.iter("form"), None) is not None:
            hidden.update(_POLL_XPATH(root))  # (a poll's question and options: a form's, not text)
            hidden.update(_SIGN_UP_XPATH(root))  # (a newsletter's sign-up box and its appeal)
        # (a saved WeChat page's video player, a code block's line numbers, a heading's # anchor)
        hidden.update(_marked_by_class(root))
        if next(root.iter("math"), None) is not None:
            hidden.update(_MATH_COPIES_XPATH(root))  # (a formula's copy for screen readers)
        hidden.update(_white_on_white(root))
        # Comments and processing instructions hold no text, but their tails are text
        # where they stand (in the context of the element around them).
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        skip_subtree = walker.skip_subtree
        push, pop, add = stack.append, stack.pop, parts.append
        for event, el in walker:
            if event == "start":
                push(context)
                block, in_link, heading, emphasis, _ = context
                tag = el.tag
                if (tag in SKIP_TAGS and not (tag == "noscript" and _stands_in_for_script(el))) or (hidden and el in hidden):
                    skip_subtree()
                    context = (block, in_link, heading, emphasis, -1)
                    continue
                start = -1
                if tag in BLOCK_TAGS:
                    # A block (and <br>) ends the line being built.
                    if parts:
                        _add_line(lines, parts, line_block, chars, link_chars, line_heading, all_emphasis)
                    chars = link_chars = 0
                    all_emphasis = True
                    if tag != "br":
                        block = el
                        start = len(lines)
                        if tag == "pre":
                            preformatted += 1
                elif tag == "a":
                    # (not a heading's link to itself: markdown-it-anchor's <h2 id="x"><a href="#x">…</a>)
                    href = el.get("href")
                    in_link = in_link or (href is not None and not (heading and href[:1] == "#" and len(href) > 1))
                elif tag in _EMPHASIS or (tag == "font" and _big_font(el)):
                    emphasis = True
                elif (kind := tag if tag in _SCRIPTS else _math_script(el) if tag in _MATH_SCRIPT_TAGS else None) and (
                    scripted := _script_text(el, _SCRIPTS[kind])
                ):
                    skip_subtree()
                    context = (block, in_link, heading, emphasis, -1)
                    value = scripted
                    if not parts:
                        line_block, line_heading = block, heading
                    add(value)
                    chars += len(value)
                    if in_link:
                        link_chars += len(value)
                    if not emphasis:
                        all_emphasis = False
                    continue
                if tag in _HEADINGS:
                    heading = _HEADINGS[tag]
                context = (block, in_link, heading, emphasis, start)
                value = el.text
            elif event == "end":
                if context[4] >= 0:
                    if parts:
                        _add_line(lines, parts, line_block, chars, link_chars, line_heading, all_emphasis)
                    chars = link_chars = 0
                    all_emphasis = True
                    spans[el] = (context[4], len(lines))
                    if el.tag == "pre":
                        preformatted -= 1
                elif parts and not el.tail and (after := el.getnext()) is not None and after.tag not in BLOCK_TAGS:
                    add(_CUT)  # (an inline element against the next: 来源：甲</span><span>乙)
                context = pop()
                value = el.tail
                if not value:
                    continue
                block, in_link, heading, emphasis, _ = context
            else:  # a comment or a processing instruction
                value = el.tail
                if not value:
                    continue
                block, in_link, heading, emphasis, _ = context
            if value:
                if preformatted and "\n" in value:
                    # A <pre>'s lines: each ends where its newline is (the last goes on below).
                    *ended, value = value.split("\n")
                    for piece in ended:
                        if n := len(piece.strip()):
                            if not parts:
                                line_block, line_heading = block, heading
                            add(piece)
                            chars += n
                            if in_link:
                                link_chars += n
                            if not emphasis:
                                all_emphasis = False
                        if parts:
                            _add_line(lines, parts, line_block, chars, link_chars, line_heading, all_emphasis)
                        chars = link_chars = 0
                        all_emphasis = True
                # Text in the context now current: the element's own, or its tail.
                n = len(value.strip())
                if n:
                    if not parts:
                        line_block, line_heading = block, heading
                    elif (
                        value[0].isdigit()
                        and (parts[-1] if parts[-1] != _CUT or len(parts) < 2 else parts[-2])[-1:].isdigit()
                        and (
                            _WHOLE_BEFORE_RE.search(before := "".join(parts[-5:]).rstrip(_CUT))
                            or _DATE_AFTER_RE.match(value)
                            or (_DAY_ALONE_RE.match(value) and _YEAR_MONTH_BEFORE_RE.search(before))
                        )
                    ):
                        add(" ")  # two values side by side (see _WHOLE_BEFORE_RE)
                    add(value)
                    chars += n
                    if in_link:
                        link_chars += n
                    if not emphasis:
                        all_emphasis = False
                elif parts:
                    # Whitespace between words; before a line's first word it is nothing
                    # (a line's block and heading are those of its first word: they only
                    # change where a block starts or ends, which ends the line).
                    add(value)
        if parts:
            _add_line(lines, parts, line_block, chars, link_chars, line_heading, all_emphasis)
        spans[root] = (0, len(lines))

    def enclosing(self, el: etree._Element) -> etree._Element | None:
        """The nearest block ancestor of ``el`` that holds lines, or None at the top."""
        try:
            return self._enclosing[el]
        except KeyError:
            pass
        parent = el.getparent()
        while parent is not None and parent not in self.spans:
            parent = parent.getparent()
        self._enclosing[el] = parent
        return parent

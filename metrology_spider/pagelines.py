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

from dataclasses import dataclass

from lxml import etree

__all__ = ["BLOCK_TAGS", "Line", "PageLines"]

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe select option textarea button head title "
    "object embed svg map canvas audio video input".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = frozenset(("b", "strong"))


@dataclass(slots=True)
class Line:
    text: str
    block: etree._Element  # the innermost block element that holds it
    chars: int  # characters, whitespace not counted
    link_chars: int  # of which inside an <a href>
    heading: int  # 1-6 inside <h1>-<h6>, else 0
    emphasis: bool  # all of it inside <b>, <strong> or a <font size> of 4 or more
    index: int = 0

    @property
    def link_only(self) -> bool:
        return self.link_chars >= self.chars


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _big_font(el: etree._Element) -> bool:
    size = (el.get("size") or "").strip().lstrip("+")
    return size.isdigit() and int(size) >= 4


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
        # The line being built: its block, heading, and character counts.
        state = [root, 0, 0, 0, True]  # block, heading, chars, link_chars, emphasis

        def end() -> None:
            if parts:
                text = " ".join("".join(parts).split())
                if text:
                    lines.append(
                        Line(text, state[0], state[2], state[3], state[1], state[4], len(lines))
                    )
                parts.clear()
            state[2] = state[3] = 0
            state[4] = True

        def add(value: str, block, in_link: bool, heading: int, emphasis: bool) -> None:
            n = len(value.strip())
            if not parts:
                state[0] = block
                state[1] = heading
            parts.append(value)
            if n:
                state[2] += n
                if in_link:
                    state[3] += n
                if not emphasis:
                    state[4] = False

        # An explicit stack of (element, children iterator, block, in_link, heading,
        # emphasis, first line index or -1 when the element is not a block).
        stack: list[tuple] = []

        def open_(el, block, in_link, heading, emphasis):
            tag = el.tag
            start = -1
            if tag == "br":
                end()
            elif tag in BLOCK_TAGS:
                end()
                block = el
                start = len(lines)
            elif tag == "a":
                in_link = in_link or el.get("href") is not None
            elif tag in _EMPHASIS or (tag == "font" and _big_font(el)):
                emphasis = True
            level = _HEADINGS.get(tag)
            if level:
                heading = level
            if el.text:
                add(el.text, block, in_link, heading, emphasis)
            stack.append((el, iter(el), block, in_link, heading, emphasis, start))

        open_(root, root, False, 0, False)
        while stack:
            el, children, block, in_link, heading, emphasis, start = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if start >= 0:
                    end()
                    spans[el] = (start, len(lines))
                if stack and el.tail:
                    _, _, pblock, plink, pheading, pemph, _ = stack[-1]
                    add(el.tail, pblock, plink, pheading, pemph)
                continue
            tag = child.tag
            if tag.__class__ is str and tag not in SKIP_TAGS and not _hidden(child):
                open_(child, block, in_link, heading, emphasis)
            elif child.tail:
                add(child.tail, block, in_link, heading, emphasis)
        end()
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

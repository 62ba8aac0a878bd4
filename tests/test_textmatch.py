"""guarded(): a lookahead of a pattern's first characters in front of it finds the same
matches as the pattern alone (it only lets the engine give up sooner where no match begins)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metrology_spider
from metrology_spider.pagelines import PageLines
from metrology_spider.textmatch import LazyPattern, compile_guarded, guarded
from tests.conftest import page_cases


def _matches(pattern: re.Pattern[str], text: str) -> list:
    """Everything the package asks of a pattern, over ``text``: its matches (spans and
    groups), and match, fullmatch and search from every position."""
    found = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    for pos in range(len(text) + 1):
        for method in (pattern.match, pattern.fullmatch, pattern.search):
            m = method(text, pos)
            found.append(m and (m.span(), m.groups()))
    return found


# Random patterns of the package's kinds: words in alternations, classes, optional and
# repeated parts, lookbehinds and lookaheads, anchors; over texts of their characters.
_ALPHABET = "发發布时間来源作者阅讀数12 :：()（）a"
_atoms = st.sampled_from(["发", "發", "布", "[发發]", "[时間]", "来源", "作者", "[阅讀]数", r"\d", r"\d+", r"\s*", " ", "[:：]", r"\(", "a"])


def _patterns(depth: int = 2):
    if depth == 0:
        return _atoms
    inner = _patterns(depth - 1)
    return st.one_of(
        _atoms,
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=4).map(lambda alts: "(?:" + "|".join(alts) + ")"),
        st.lists(inner, min_size=2, max_size=3).map("|".join),
        inner.map(lambda p: f"(?:{p})?"),
        inner.map(lambda p: f"(?P<g>{p})" if "?P<g>" not in p else f"({p})"),
        st.tuples(st.sampled_from(["(?<![\u4e00-\u9fff])", r"(?<=\d)", "(?=[^:：]{1,3}[:：])", r"\b", "^"]), inner).map("".join),
        st.tuples(inner, st.sampled_from(["", "$", r"(?!\d)", "{1,2}"])).map(lambda t: f"(?:{t[0]}){t[1]}"),
    )


@settings(max_examples=400, deadline=None)
@given(pattern=_patterns(), text=st.text(alphabet=_ALPHABET, max_size=14), flags=st.sampled_from([0, re.I]))
def test_a_guarded_pattern_finds_what_the_pattern_finds(pattern, text, flags):
    try:
        plain = re.compile(pattern, flags)
    except re.error:
        return
    assert _matches(re.compile(guarded(pattern, flags), flags), text) == _matches(plain, text)


def _package_patterns() -> dict[str, tuple[str, int]]:
    found = {}
    for module in pkgutil.iter_modules(metrology_spider.__path__):
        if module.name in ("spiders", "commands"):
            continue
        for name, value in vars(importlib.import_module(f"metrology_spider.{module.name}")).items():
            if isinstance(value, LazyPattern):
                found[f"{module.name}.{name}"] = value._source
            elif isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.name}.{name}"] = (value.pattern, value.flags)
    return found


@pytest.fixture(scope="module")
def fixture_lines() -> list[str]:
    from lxml import html

    lines = []
    for page, _url in page_cases():
        root = html.fromstring(page.read_bytes())
        body = root.find("body")
        lines += [line.text for line in PageLines(body if body is not None else root).lines]
    return lines


def test_the_package_patterns_find_the_same_on_the_fixture_pages_guarded(fixture_lines):
    # The package's own patterns, and every line of the fixture pages: finditer, as the
    # package mostly asks them (each position's match and search: the random patterns above).
    guarded_ones = 0
    for name, (source, flags) in _package_patterns().items():
        plain = re.compile(source, flags)
        if (text := guarded(source, flags)) == source:
            continue
        guarded_ones += 1
        ours = re.compile(text, flags)
        for line in fixture_lines:
            assert [(m.span(), m.groups()) for m in ours.finditer(line)] == [
                (m.span(), m.groups()) for m in plain.finditer(line)
            ], (name, line)
    assert guarded_ones >= 20


def test_the_label_pattern_is_guarded_by_its_words_first_characters():
    from metrology_spider.extract import _LABEL_RE

    source, flags = _LABEL_RE._source
    text = guarded(source, flags)
    first = re.match(r"\(\?=\[([^\]]+)\]\)", text)
    assert first and {"来", "來", "作", "发", "發", "阅", "閱", "点"} <= set(first.group(1))
    assert "(" not in first.group(1) and "a" not in first.group(1)
    assert _LABEL_RE.pattern == text  # (what the lazy pattern compiled)


@pytest.mark.parametrize(
    "source",
    [
        r"^\s*(?:来源|作者)",  # ^: the engine tries the start alone
        "来源|作者",  # literals: it skips to them itself
        r"[发發]布",  # a class: the same
        r"\d{4,}",  # a repeated class fails at once where it does not begin
        r"(?<!\d)\S+",  # nearly any character begins it
        r"(?:来源)?",  # it matches nothing: anywhere
        r"(?<=a)(?P=x)|(?P<x>b)",  # a back reference first: its characters are not known
        r"(?x) (?<!\d) 来源 # a comment",  # verbose: left as it is
        r"(?i)(?<!\d)(?:ab|cd)",  # global flags must open a pattern: left as it is
    ],
)
def test_patterns_the_engine_skips_through_by_itself_stay_as_they_are(source):
    assert guarded(source) == source


def test_an_assertion_or_alternation_of_classes_is_guarded():
    text = guarded(r"(?<![\u4e00-\u9fff])(?:[来來]源|[作]者)\s*[:：]")
    assert text.startswith("(?=[") and set(text[4 : text.index("]")]) == set("来來作")
    pattern = compile_guarded(r"(?<![\u4e00-\u9fff])(?:[来來]源|[作]者)\s*[:：]")
    assert [m.group() for m in pattern.finditer("来源：新华社 作者: 张三 本文来源：")] == ["来源：", "作者:"]
    # A lookbehind still looks before the position a search starts from.
    assert pattern.search("本来源：", 1) is None and pattern.search(" 来源：", 1).span() == (1, 4)


# Dated lines: every form find_dates reads (digits with -, / or 年月日, the day and month
# first, Xinhua's split date, Chinese numerals, the Republic's years, English months), in
# full- or half-width digits, among what stands around them.
_year = st.sampled_from(["2024", "1998", "２０２４"])
_number = st.sampled_from(["5", "05", "12", "20", "31", "13"])
_date = st.one_of(
    st.tuples(_year, st.sampled_from(["-", "/", ".", "年", " ", "／"]), _number, st.sampled_from(["-", "/", "月"]), _number).map("".join),
    st.tuples(_number, st.just("/"), _number, st.just("/"), _year).map("".join),
    st.tuples(st.sampled_from(["二〇二四", "一九九八", "二〇"]), st.just("年"), st.sampled_from(["三", "十二"]), st.just("月"), st.sampled_from(["四", "二十一"]), st.just("日")).map("".join),
    st.tuples(st.sampled_from(["113", "民國 99", "民国113"]), st.just("年"), _number, st.just("月"), _number, st.just("日")).map("".join),
    st.tuples(st.sampled_from(["May ", "Jan. ", "december "]), _number, st.sampled_from([", ", "th, "]), _year).map("".join),
    st.tuples(_number, st.just(" "), _year, st.sampled_from(["-", "."]), _number).map("".join),  # (a calendar badge)
)
_around = st.sampled_from(["", " ", "发布时间：", " 10:30", "下午3:05", "阅读 12", "第5期", "/", "年", "2024"])


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.one_of(_date, _around), max_size=5).map("".join))
def test_find_dates_skips_only_forms_a_line_cannot_hold(text):
    # find_dates tries a form only where the line holds what it needs (a year's digits,
    # a slash, a 年): the dates are those of every form tried in turn.
    from metrology_spider.dates import _FULLWIDTH_RE, _HALFWIDTH, dates_in, find_dates

    whole = text.translate(_HALFWIDTH) if _FULLWIDTH_RE.search(text) else text
    assert find_dates(text) == (dates_in(whole) if len(whole) >= 6 else [])

"""The generated character tables (metrology_spider/data/) equal what pypinyin and OpenCC
give, and a Simplified crawl's extraction and normalisation load neither library."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from metrology_spider import tables
from metrology_spider.normalize import fix_zhe, to_simplified
from tests.conftest import REPO

REMAKE = "stale: remake it with `python -m metrology_spider.tables`"


def test_readings_table_is_pypinyins():
    assert tables.load_readings() == tables.build_readings(), REMAKE


def test_the_readings_table_answers_as_a_dict():
    """The compact table (one string of the characters, an array of indexes) answers every
    lookup as a dict of the same lines does: each character's readings, its last ones
    when it is given twice, nothing for any other character or key, the same values."""
    lines = [("a,ā", "啊阿"), ("de", "的地"), ("dì", "地帝"), ("hē", "𠀀")]
    as_dict: dict[str, str] = {}
    for readings, chars in lines:
        as_dict.update(dict.fromkeys(chars, readings))
    table = tables.Readings(lines)
    assert table["地"] == as_dict["地"] == "dì"
    assert [table.get(c) for c in "啊阿的地帝𠀀网 a"] == [as_dict.get(c) for c in "啊阿的地帝𠀀网 a"]
    for key in ("网", "", "啊阿", 5, None):
        assert table.get(key) is None and key not in table
    whole = tables.load_readings()
    pypinyin = tables.build_readings()
    assert sorted(whole.values()) == sorted(pypinyin.values())
    others = (chr(c) for c in range(0x2E80, 0x30000) if chr(c) not in pypinyin)
    assert all(whole.get(c) is None for c in others)


def test_charsets_are_opencc_s():
    assert tables.load_charsets() == tables.build_charsets(), REMAKE


def test_variants_cover_every_fixed_word_and_are_opencc_s():
    assert tables.load_variants() == tables.build_variants(), REMAKE


_CHANGES = tables.load_charsets()["t2s_changes"]
# The characters of t2s's dictionary keys that no entry changes: where a phrase could hide.
_UNCHANGED_KEY_CHARS = sorted(
    {ch for pairs in tables.t2s_dictionaries().values() for key, _ in pairs for ch in key} - _CHANGES
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.sampled_from(_UNCHANGED_KEY_CHARS)
        | st.characters(exclude_categories=("Cs",)).filter(_CHANGES.isdisjoint),
        max_size=40,
    )
)
def test_t2s_leaves_a_text_without_a_character_it_may_change(text):
    # What lets to_simplified skip OpenCC: it would give the text back as it is.
    assert tables.converter("t2s").convert(text) == text


def test_to_simplified_is_opencc_with_and_without_the_shortcut():
    t2s = tables.converter("t2s")
    for text in ["這標志著江西省", "意味著", "乾淨", "如图(a)所示", "计量", "么麽", "著名", ""]:
        once = t2s.convert(text)
        twice = t2s.convert(once)
        assert to_simplified(text) == fix_zhe(twice if twice != once else once)


_LOADED = """
import sys
from pathlib import Path
from scrapy.http import HtmlResponse
import metrology_spider.pipelines, metrology_spider.spiders.metrology
from metrology_spider.extract import parse_article
from metrology_spider.normalize import normalize_article
from tests.conftest import page_cases
for page, url in page_cases():
    # The Traditional pages: the mirror's (its folder, and the shapes of other mirrors), Taiwan's and Hong Kong's.
    mirror = "mirror" in page.parts or page.name.startswith(("mirror-", "tw-", "hk-"))
    if mirror == (sys.argv[1] == "traditional"):
        article = parse_article(HtmlResponse(url, body=page.read_bytes()).selector, url)
        if article:
            normalize_article(article)
print(" ".join(sorted(m for m in ("opencc", "pypinyin") if m in sys.modules)))
"""


def _loaded(pages: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, pages], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_a_simplified_crawl_loads_no_opencc_nor_pypinyin():
    # The Simplified fixture pages hold 图(a), (PDOP), (2017): parentheses that are no reading.
    assert _loaded("simplified") == ""


def test_a_traditional_page_loads_opencc():
    assert _loaded("traditional") == "opencc"


_COMPILED_AT_IMPORT = """
import re
from metrology_spider.textmatch import _READING, LazyPattern
# Every pattern compiled while the crawl's modules are imported that tolerant() built
# (the reading group after each character is what makes one cost milliseconds to compile).
eager = []
_compile = re._compile
def compile_and_note(pattern, flags):
    if isinstance(pattern, str) and _READING in pattern:
        eager.append(pattern[:40])
    return _compile(pattern, flags)
re._compile = compile_and_note
import metrology_spider.pipelines, metrology_spider.spiders.metrology, metrology_spider.commands.crawl
re._compile = _compile
from metrology_spider import extract
lazy = [name for name, value in vars(extract).items() if isinstance(value, LazyPattern)]
print(len(lazy), len(eager), " ".join(name for name in lazy if "search" in vars(getattr(extract, name))))
print(eager)
"""


def test_the_label_patterns_are_not_compiled_at_start_up():
    # A scheduled run with nothing new never extracts: it never pays for them.
    done = subprocess.run(
        [sys.executable, "-c", _COMPILED_AT_IMPORT], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    counts, eager = done.stdout.strip().splitlines()
    count, compiled_at_import, compiled = (counts + " ").split(" ", 2)
    assert int(count) >= 10
    assert compiled.strip() == ""
    assert int(compiled_at_import) == 0, f"patterns built by tolerant() compiled at import: {eager}"


def test_a_lazy_pattern_answers_as_the_compiled_one():
    from metrology_spider.textmatch import LazyPattern

    source, text = r"(?P<d>\d+)\s*次", "阅读 12 次，点击 3次"
    lazy, compiled = LazyPattern(source), re.compile(source)
    assert [m.group("d") for m in lazy.finditer(text)] == [m.group("d") for m in compiled.finditer(text)]
    assert lazy.sub("#", text) == compiled.sub("#", text)
    assert lazy.search(text).span() == compiled.search(text).span()
    assert lazy.pattern == source and lazy.groupindex == compiled.groupindex
    assert LazyPattern("a", re.I).fullmatch("A")


# tolerant()'s words, and what their texts are made of: the words' characters and their
# Traditional forms, readings (pinyin with a tone mark or number, zhuyin, a word in
# parentheses), parentheses, spaces, colons, digits (what stands around a label).
_WORDS = ["发布时间", "发布", "发表于", "来源", "文章来源", "作者", "原作者", "阅读", "阅读数", "文", "点击"]
_TEXT_PIECES = [
    *_WORDS, "發佈時間", "來源", "閱讀數", "點擊", "發(fā)布", "閱(yuè) 讀",
    *"发發布佈时時间間表于來来源文章作者原阅閱读讀数數点點击擊次",
    "(fā)", "(fa1)", "(ㄈㄚ)", "(ㄈㄚˊ)", "(zuò)", "(新华社)", "(", ")", "（", "）",
    " ", "\u3000", "\xa0", "\t", ":", "：", "0", "12",
]  # fmt: skip


def _per_word(*words: str) -> str:
    """tolerant() as it was written until 2026-11-27: the last reading after each word."""
    from metrology_spider.textmatch import _LAST_READING, word_pattern

    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(word_pattern(word) + _LAST_READING for word in ordered) + ")"


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4, unique=True),
    text=st.lists(st.sampled_from(_TEXT_PIECES), max_size=16).map("".join),
)
def test_tolerant_matches_what_a_reading_after_each_word_matched(words, text):
    """The reading after a word's last character, written once after the alternation of
    the words, matches as the pattern with a reading after each word did: the same spans,
    in every context the package puts a label in (searched for, before a colon, a count
    or the end, inside a group)."""
    from metrology_spider.textmatch import tolerant

    ours, theirs = tolerant(*words), _per_word(*words)
    for context in ("{}", r"^\s*{}\s*[:：]", r"(?P<l>{})\s*(\d+)", r"{}$", r"(?:{})(?!\s*次)"):
        a, b = re.compile(context.format(ours)), re.compile(context.format(theirs))
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], context
        found, expected = a.fullmatch(text), b.fullmatch(text)
        assert (found and found.span()) == (expected and expected.span())

"""Patterns for the portal's fixed words, as they appear on the portal and on its mirrors.

A label such as 发布时间 reaches us as 发布时间, 發佈時間 or 發(fā)布時間 (a
mirror's pinyin reading injected after a character), sometimes with spaces
between the characters (``作  者``). :func:`tolerant` builds one regular
expression that accepts all of them, so extraction can hold on to the words
without converting the page first.
"""

from __future__ import annotations

import re
from functools import cache

from metrology_spider.tables import load_variants, word_variants

# An injected reading, e.g. ``(fā)``, ``(fa1)``, ``(ㄈㄚ)``, after spaces or none; optional
# after every character of a fixed word. Between two of its characters, any short run in
# ASCII parentheses (the patterns repeat it there, so it is kept simple: a class of each
# form's letters tripled them and the time to compile them); after its last, only a
# reading (来源(新华社) is a label and its value).
_READING = r"(?:[ \t\u3000\xa0]*\([^()]{1,8}\))?"
# A reading's syllable as mirrors write it (normalisation strips them by the same
# patterns): pinyin with tone marks or a tone number (wǎng, wang3, lv4), or zhuyin (ㄨㄤˇ).
TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN = rf"[a-z{TONED_VOWELS}ü]{{1,6}}"
_ZHUYIN_TONE = "[\u02ca\u02c7\u02cb\u02d9]"
ZHUYIN = rf"{_ZHUYIN_TONE}?[\u3105-\u312f\u31a0-\u31bf]{{1,4}}{_ZHUYIN_TONE}?"
_LAST_READING = rf"(?:[ \t\u3000\xa0]*\((?:{PINYIN}[1-5]?|{ZHUYIN})\))?"  # (阅读 (1234): a label, a count)


@cache
def _variants(word: str) -> tuple[frozenset[str], ...]:
    """For each character of ``word``, the forms it takes in Traditional text: from the
    table generated for the package's fixed words (``tables.py``), else from OpenCC."""
    return load_variants().get(word) or word_variants(word)


def tolerant(*words: str) -> str:
    """A regex fragment matching any of ``words`` in Simplified or Traditional
    characters, with readings or spaces between the characters.

    The reading that may follow a word's last character is written once, after the
    alternation of the words: ``(?:a|b)R`` tries what ``(?:aR|bR)`` tries, in the same
    order (a backtracking engine's concatenation distributes over alternation), so it
    matches the same text, for half the pattern (106k -> 60k characters over the
    package's patterns: 0.35 -> 0.23 s to compile them, 4.2 -> 2.0 MB of memory in each
    process that does). tests/test_tables.py holds the two forms to the same matches."""
    alternatives = "|".join(word_pattern(word) for word in sorted(words, key=len, reverse=True))
    return "(?:(?:" + alternatives + ")" + _LAST_READING + ")"


def word_pattern(word: str) -> str:
    """``word``'s characters, each as any of its forms, with readings or spaces between
    them (none after the last)."""
    parts = []
    for forms in _variants(word):
        chars = "".join(sorted(forms))
        parts.append(re.escape(chars) if len(forms) == 1 else f"[{chars}]")
    return (_READING + r"[ \t\u3000\xa0]*").join(parts)


def characters(*words: str) -> frozenset[str]:
    """Every character that :func:`tolerant` of ``words`` accepts in place of one of theirs."""
    return frozenset().union(*(forms for word in words for forms in _variants(word)))


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use. Extraction's label patterns
    (:func:`tolerant` over dozens of words) take about 0.3 s to compile: a run that
    extracts nothing (a scheduled run with nothing new) never pays it, and a crawl pays
    it after its first request, not before. Once compiled, the pattern's methods are
    the instance's own attributes: a call costs what it costs on the compiled pattern."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and the like: no compiling for them
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)
            for method in self._METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0][:40]!r}...)"

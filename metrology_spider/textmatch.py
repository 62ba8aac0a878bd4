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

# An injected reading, e.g. ``(fā)``; optional after every character.
_READING = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\))?"


@cache
def _variants(word: str) -> tuple[frozenset[str], ...]:
    """For each character of ``word``, the forms it takes in Traditional text: from the
    table generated for the package's fixed words (``tables.py``), else from OpenCC."""
    return load_variants().get(word) or word_variants(word)


def tolerant(*words: str) -> str:
    """A regex fragment matching any of ``words`` in Simplified or Traditional
    characters, with readings or spaces between the characters."""
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        parts = []
        for forms in _variants(word):
            chars = "".join(sorted(forms))
            parts.append(re.escape(chars) if len(forms) == 1 else f"[{chars}]")
        alternatives.append((_READING + r"[ \t\u3000\xa0]*").join(parts) + _READING)
    return "(?:" + "|".join(alternatives) + ")"


def characters(*words: str) -> frozenset[str]:
    """Every character that :func:`tolerant` of ``words`` accepts in place of one of theirs."""
    return frozenset().union(*(forms for word in words for forms in _variants(word)))

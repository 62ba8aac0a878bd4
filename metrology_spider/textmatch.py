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

from opencc import OpenCC

_CONVERTERS = tuple(OpenCC(c) for c in ("s2t", "s2tw", "s2hk"))
# An injected reading, e.g. ``(fā)``; optional after every character.
_READING = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\))?"


@cache
def _variants(word: str) -> tuple[frozenset[str], ...]:
    """For each character of ``word``, the forms it takes in Traditional text."""
    forms = [{ch} for ch in word]
    for conv in _CONVERTERS:
        for converted in (conv.convert(word), "".join(conv.convert(ch) for ch in word)):
            if len(converted) == len(word):
                for i, ch in enumerate(converted):
                    forms[i].add(ch)
    return tuple(frozenset(f) for f in forms)


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

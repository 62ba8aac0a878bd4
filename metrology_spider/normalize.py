"""Text normalisation: plain ``str -> str`` functions, composed in :func:`normalize_text`.

Mirrors of the portal convert it to Traditional Chinese and inject pinyin
readings after some characters (``中國計量網(wǎng)``). These functions undo that
and clean the whitespace the CMS leaves behind, without touching genuine
parentheses or Chinese full-width punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from metrology_spider.items import Article
from metrology_spider.tables import TO_SIMPLIFIED, converter, load_charsets, load_readings
from metrology_spider.textmatch import PINYIN, TONED_VOWELS, ZHUYIN, compile_guarded, preload_patterns

__all__ = [
    "clean_whitespace",
    "fix_zhe",
    "fullwidth_to_ascii",
    "is_traditional",
    "normalize_article",
    "normalize_name",
    "normalize_optional",
    "normalize_text",
    "normalized_fields",
    "strip_readings",
    "to_simplified",
]

# --- pinyin readings -------------------------------------------------------

_TONED_VOWELS = TONED_VOWELS
_TONED = frozenset(_TONED_VOWELS)
_TONE_FREE = str.maketrans(
    _TONED_VOWELS + "ü",
    "aaaaeeeeiiiioooouuuuvvvvnnnm" + "v",
)


@cache
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Every toned syllable, and every syllable without its tone, that a character reads as.
    (Made when the first syllable in parentheses is met, not at import.)"""
    toned: set[str] = set()
    toneless: set[str] = set()
    for readings in set(load_readings().values()):
        syllables = readings.split(",")
        toned.update(s for s in syllables if not _TONED.isdisjoint(s))
        toneless.update(s.translate(_TONE_FREE) for s in syllables)
    return frozenset(toned), frozenset(toneless)


@lru_cache(maxsize=4096)
def _toneless(readings: str) -> frozenset[str]:
    return frozenset(s.translate(_TONE_FREE) for s in readings.split(","))


def _readings_of(char: str) -> frozenset[str]:
    """The toneless readings of ``char`` (none for a character pypinyin does not know)."""
    readings = load_readings().get(char)
    return _toneless(readings) if readings else frozenset()


# One syllable in ASCII parentheses, optionally preceded by the character it reads (and
# the spaces a mirror's <span> may leave before it): pinyin with tone marks or numbers
# (wǎng, wang3, lv4), or zhuyin (ㄨㄤˇ).
_READING_RE = compile_guarded(rf"(.?)[ \t\u3000\xa0]*\((?:({PINYIN})[1-5]?|({ZHUYIN}))\)")


def _is_injected_reading(prev: str, syllable: str, context: str) -> bool:
    toned_syllables, syllables = _syllables()
    if syllable in toned_syllables:
        # A tone-marked syllable in parentheses is a mirror's reading wherever it
        # stands; genuine text never writes a single toned syllable that way.
        return True
    # Without tone marks, ``(a)`` or ``(me)`` is only a reading when it is one of
    # the preceding character's own: 幹什麽(me) goes, 图(a) stays.
    plain = syllable.replace("ü", "v")
    if plain not in syllables:
        return False
    if plain in _readings_of(prev):
        return True
    # A mirror reads 明瞭(le) as 明了: try the Simplified form of the character in context
    # (t2s leaves a context without a character it may change as it is: 图(a) loads no OpenCC).
    simplified = (context if _t2s_leaves(context) else converter(TO_SIMPLIFIED).convert(context))[-1:]
    return simplified != prev and plain in _readings_of(simplified)


def _drop_reading(match: re.Match[str]) -> str:
    prev, syllable = match.group(1), match.group(2)
    if syllable is None:
        return prev  # zhuyin: a reading wherever it stands (no Simplified text writes it)
    syllable = syllable.replace("v", "ü")  # (lv4: ü typed as v)
    end = match.end(1)
    context = match.string[max(0, end - 4) : end]
    return prev if _is_injected_reading(prev, syllable, context) else match.group(0)


def strip_readings(text: str) -> str:
    """Remove pinyin readings injected by mirrors: ``網(wǎng)`` -> ``網``.

    Genuine parentheses stay: ``(M.J.Maxwell)``, ``(PDOP)``, ``(2017)``, ``图(a)``.
    """
    if "(" not in text:
        return text
    # Removing one reading can bring two characters or a nested pair together
    # (``網((wǎng)wǎng)``); repeat until nothing changes so that the result is stable.
    while True:
        stripped = _READING_RE.sub(_drop_reading, text)
        if stripped == text:
            return stripped
        text = stripped


# --- Traditional -> Simplified ---------------------------------------------


def _t2s_leaves(text: str) -> bool:
    """True when t2s would give ``text`` back as it is: it holds no character any of t2s's
    dictionary entries changes (``tables.t2s_changes``)."""
    return load_charsets()["t2s_changes"].isdisjoint(text)


@cache
def _traditional_only_re() -> re.Pattern[str]:
    """A Traditional-only character, or any character beyond the BMP: one scan in C
    (sre tests a class of BMP characters in one step, but a class holding characters
    beyond it one character at a time: those are let through to the exact count)."""
    bmp = "".join(sorted(c for c in load_charsets()["traditional_only"] if c <= "\uffff"))
    return re.compile("[" + re.escape(bmp) + "\U00010000-\U0010ffff]")


def preload() -> None:
    """Load now what every record's normalisation reads (the character sets and the pattern
    of Traditional-only characters, 1.6 MB), and extraction's patterns that the pattern
    cache holds (``textmatch.preload_patterns``, 0.6–1.3 MB): before worker processes are
    forked, so that they share one copy instead of each making its own."""
    _traditional_only_re()
    preload_patterns()


def is_traditional(text: str) -> bool:
    """True when ``text`` reads as Traditional Chinese: it uses more of the
    characters t2s would change than of those s2t would (each on its own; the
    sets come from ``tables.py``, made with OpenCC)."""
    if _traditional_only_re().search(text) is None:
        return False  # no Traditional-only character (most pages: 4x faster than the sets)
    charsets = load_charsets()
    chars = set(text)
    traditional = len(charsets["traditional_only"].intersection(chars))
    return bool(traditional) and traditional > len(charsets["simplified_only"].intersection(chars))


# 著 is kept in Simplified only in the sense of "to write / notable"; every
# converter leaves it where Simplified text wants 着 (标志著, 连著, 意味著).
_ZHU_BEFORE = "显卓昭土名原巨论专遗译编合撰拙新大所"
_ZHU_AFTER = "名作称述录书者有文"
_ZHE_RE = compile_guarded(rf"(?<![{_ZHU_BEFORE}])著(?![{_ZHU_AFTER}])")


# Words whose 著 is always 着, whatever stands around them (意味著有, 随著有关, 所著手); and a verb's
# 著 before its object (标示著名称, 印著名字, 拿著书, 标注著有效期: 着, though 名, 书 or 有 follows).
_ZHE_WORDS_RE = compile_guarded("(?:(?<=意味)|(?<=[随沿接顺示印刻贴挂拿戴穿握抱捧插]))著|(?<=标注)著|著(?=[手陆落迷急凉想])")


def fix_zhe(text: str) -> str:
    """Turn the 著 that t2s leaves into 着, except in 著名, 显著, 著作 and the like."""
    if "著" not in text:
        return text
    return _ZHE_RE.sub("着", _ZHE_WORDS_RE.sub("着", text))


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, phrase level (OpenCC t2s), with the 著/着 fix.

    t2s is not always stable (``么麽`` -> ``幺麽`` -> ``幺么``): a text it would change
    again is converted again, so that the result is a fixed point."""
    if _t2s_leaves(text):
        return fix_zhe(text)
    t2s = converter(TO_SIMPLIFIED)
    once = t2s.convert(text)
    twice = t2s.convert(once)
    return fix_zhe(twice if twice != once else once)


# --- width and whitespace ---------------------------------------------------

# Full-width Latin letters and digits become ASCII; full-width punctuation stays.
_FULLWIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def _to_ascii(match: re.Match[str]) -> str:
    return "".join(chr(ord(ch) - 0xFEE0) for ch in match.group())


def fullwidth_to_ascii(text: str) -> str:
    """``Ａ１`` -> ``A1``; ``，。：；“”（）`` are left as they are."""
    return _FULLWIDTH_ALNUM_RE.sub(_to_ascii, text)


# Zero-width characters, and Unicode's private use areas, where icon fonts put their
# glyphs (U+E60E) and old GB encodings their user-defined characters: never text.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\ue000-\uf8ff]+")


def clean_whitespace(text: str) -> str:
    """Drop zero-width and private-use characters; fold every run of whitespace (U+3000, NBSP,
    ``\\r``, tabs, newlines) into one space; strip both ends. (``str.split()`` splits on
    the characters ``\\s`` matches, every one of them: checked over all of Unicode.)"""
    return " ".join(_INVISIBLE_RE.sub("", text).split())


# --- composition -------------------------------------------------------------

# Whitespace other than the space: every character ``str.split()`` splits on (and ``\\s``
# matches), the space left out (tests/test_normalize.py checks the list over all of Unicode).
_OTHER_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A character some step below would change: a full-width letter or digit, an invisible
# character, whitespace other than the space, an ASCII parenthesis (a reading may follow).
_NEEDS_WORK_RE = compile_guarded(
    "["
    + _FULLWIDTH_ALNUM_RE.pattern[1:-2]
    + _INVISIBLE_RE.pattern[1:-2]
    + re.escape(_OTHER_WHITESPACE)
    + "]"
)


def _clean_already(text: str) -> bool:
    """True when no step of :func:`normalize_text` but the conversion of Traditional
    text would change ``text`` (NFC already): most lines of a Simplified page, which
    are then given back after one scan instead of five."""
    return (
        _NEEDS_WORK_RE.search(text) is None
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


# Quotation marks as Traditional text writes them (「准确度」), as Simplified text does.
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")


def normalize_text(text: str, *, traditional: bool = False) -> str:
    """The one place the steps are composed.

    ``traditional`` says whether the page as a whole is Traditional (decided
    once per page with :func:`is_traditional`, never per fragment: a short
    author name alone is too little to tell).
    """
    text = unicodedata.normalize("NFC", text)
    if not traditional and _clean_already(text):
        return text
    cleaned = text = clean_whitespace(fullwidth_to_ascii(text))
    if traditional:
        # Readings are a mirror's, injected into its Traditional pages; a Simplified page's
        # parentheses are its own (龠(yuè)、合(gě): an article on the old units glosses them).
        text = to_simplified(strip_readings(text)).translate(_CORNER_QUOTES)
    # Readings removed above may leave doubled spaces, and t2s may yield new ones; a
    # removed reading may bring a combining mark next to a letter (compose it again).
    # Text that neither changed is clean already (clean_whitespace gives its output back).
    composed = unicodedata.normalize("NFC", text)
    return composed if composed == cleaned else clean_whitespace(composed)


# Characters t2s changes that a person's name keeps in Simplified Chinese: 乾 (萧乾, not 萧干) and 著
# (何著明) anywhere in a name, 於 as a surname (於晓雯: the 通用规范汉字表 keeps it there).
_NAME_KEEPS = {"乾": "干", "著": "着"}
_NAME_SEPARATORS = " 、，,/;；"


def normalize_name(text: str | None, *, traditional: bool = False) -> str | None:
    """:func:`normalize_optional` for a field of names (the author's): on a Traditional page,
    the characters of :data:`_NAME_KEEPS`, and 於 opening a name, are kept as the name has them."""
    out = normalize_optional(text, traditional=traditional)
    if not traditional or out is None or not any(c in text for c in "乾著於"):
        return out
    before = normalize_text(strip_readings(unicodedata.normalize("NFC", text)))
    if len(before) != len(out):
        return out  # (t2s changed a phrase's length: no character can be put back in its place)
    return "".join(
        a
        if (_NAME_KEEPS.get(a) == b) or (a == "於" and b == "于" and (i == 0 or before[i - 1] in _NAME_SEPARATORS))
        else b
        for i, (a, b) in enumerate(zip(before, out, strict=True))
    )


def normalize_optional(text: str | None, *, traditional: bool = False) -> str | None:
    """:func:`normalize_text`, with ``None`` for a field that is empty."""
    if text is None:
        return None
    return normalize_text(text, traditional=traditional) or None


def normalize_article(article: Article) -> Article:
    """Every text field of ``article`` normalised; empty paragraphs and fields dropped."""
    return article.replace(**normalized_fields(article))


def normalized_fields(article: Article) -> dict:
    """The text fields of ``article`` normalised (``category``, ``title``, ``author``,
    ``source``, ``paragraphs``), by name: what :func:`normalize_article` sets. They
    depend on those fields alone.

    Whether the page is Traditional is decided once, over its title and body.
    """
    sample = "".join([article.title or "", *article.paragraphs[:20]])
    traditional = is_traditional(sample)
    paragraphs = (normalize_text(p, traditional=traditional) for p in article.paragraphs)
    categories = (normalize_text(c, traditional=traditional) for c in article.category)
    return {
        "category": [c for c in categories if c],
        "title": normalize_optional(article.title, traditional=traditional),
        "author": normalize_name(article.author, traditional=traditional),
        "source": normalize_optional(article.source, traditional=traditional),
        "paragraphs": [p for p in paragraphs if p],
    }

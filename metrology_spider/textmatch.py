"""Patterns for the portal's fixed words, as they appear on the portal and on its mirrors.

A label such as 发布时间 reaches us as 发布时间, 發佈時間 or 發(fā)布時間 (a
mirror's pinyin reading injected after a character), sometimes with spaces
between the characters (``作  者``). :func:`tolerant` builds one regular
expression that accepts all of them, so extraction can hold on to the words
without converting the page first.
"""

from __future__ import annotations

import _sre
import hashlib
import logging
import marshal
import os
import re
import re._compiler as _compiler
import re._constants as _c
import re._parser as _parser
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import ClassVar

from metrology_spider.tables import load_variants, word_variants

logger = logging.getLogger(__name__)

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
# A syllable's reading in ASCII brackets after a character, spaces before it (網 (wǎng), 網(wang3)).
READING_AFTER = rf"[ \t\u3000\xa0]*\((?:{PINYIN}[1-5]?|{ZHUYIN})\)"
_LAST_READING = rf"(?:{READING_AFTER})?"  # (阅读 (1234): a label, a count)


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


# The first characters a pattern's match can begin with, as a lookahead in front of it:
# Python's regex engine skips ahead only to a literal or a character class that opens a
# pattern, so one that opens with an assertion (a label's ``(?<![\u4e00-\u9fff])``) or
# an alternation of words whose first characters are classes (``[发發]布``, ``[来來]源``) is
# tried whole at every position of the text: the label pattern, some 400 words, cost
# 5 times over the fixture pages' lines what it costs with ``(?=[上主举…])`` in front.
# Every match begins with one of the characters (the set is built from the parsed
# pattern: what its first consuming element may match, through optional elements and
# assertions), and the lookahead consumes nothing: the matches are the same.
_ZERO_WIDTH = {_c.ASSERT, _c.ASSERT_NOT, _c.AT}
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}


def _first_of_sequence(items) -> tuple[set[str], bool] | None:
    """The class items that can begin a match of the sequence ``items``, and whether the
    sequence can match nothing; None where an element's first characters are not known."""
    found: set[str] = set()
    for op, av in items:
        first = _first_of(op, av)
        if first is None:
            return None
        found |= first[0]
        if not first[1]:
            return found, False
    return found, True


def _first_of(op, av) -> tuple[set[str], bool] | None:
    if op in _ZERO_WIDTH:
        return set(), True
    if op is _c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _c.IN:
        found = set()
        for item, value in av:
            if item is _c.LITERAL:
                found.add(re.escape(chr(value)))
            elif item is _c.RANGE:
                found.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif item is _c.CATEGORY and value in _CATEGORIES:
                found.add(_CATEGORIES[value])
            else:  # (a negated class and the like: not worth a guard)
                return None
        return found, False
    if op is _c.SUBPATTERN:
        return _first_of_sequence(av[3])
    if op is _c.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op is _c.BRANCH:
        found, empty = set(), False
        for alternative in av[1]:
            if (first := _first_of_sequence(alternative)) is None:
                return None
            found |= first[0]
            empty = empty or first[1]
        return found, empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        if (first := _first_of_sequence(av[2])) is None:
            return None
        return first[0], first[1] or av[0] == 0
    return None  # (any character, a back reference...)


def _engine_skips(parsed) -> bool:
    """Whether the regex engine finds a literal prefix or a first character class of its
    own in the parsed pattern (and skips ahead to it); False where that is not known."""
    try:
        flags = parsed.state.flags
        return bool(_compiler._get_literal_prefix(parsed, flags)[0] or _compiler._get_charset_prefix(parsed, flags))
    except Exception:  # (the engine's private helpers, as of Python 3.11–3.13)
        return False


def guarded(pattern: str, flags: int = 0) -> str:
    """``pattern`` with a lookahead of the characters its matches begin with in front,
    where the regex engine could not skip to them by itself; else ``pattern`` as it is
    (a pattern opening with ``^``, a literal or a class; one whose first characters are
    not known). The matches are the same (tests/test_textmatch.py)."""
    first = _first_characters(pattern, flags)
    return pattern if first is None else f"(?=[{first}])(?:{pattern})"


def _first_characters(pattern: str, flags: int) -> str | None:
    """The class of :func:`guarded`'s lookahead, or None for no lookahead. (Its own
    function: the parsed pattern, as large as the compiled one, is gone before the
    pattern is compiled.)"""
    if pattern[:1] != "(" and (pattern[:1] == "^" or "|" not in pattern):
        return None  # (no group nor alternation opens it: not one to guard, and not parsed for that)
    if _GLOBAL_FLAGS_RE.match(pattern):
        return None  # (flags that must open the pattern)
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    data = parsed.data
    while data and data[0][0] is _c.SUBPATTERN and not data[0][1][1] and not data[0][1][2]:
        data = data[0][1][3].data  # (a group around the pattern's start)
    if not data or data[0][0] not in (_c.ASSERT, _c.ASSERT_NOT, _c.BRANCH):
        # Only an opening assertion or alternation costs much at a position where no match
        # begins: the engine skips to a literal or a class itself, tries ^ once, and fails a
        # repeated class (\d{4,}) at once, where a lookahead would cost more than it saves.
        return None
    if _engine_skips(parsed):
        return None  # (an alternation of literals: the engine skips to their characters)
    first = _first_of_sequence(parsed.data)
    if first is None or first[1] or parsed.state.flags & re.VERBOSE or first[0] & {r"\S", r"\W", r"\D"}:
        return None  # (nor where nearly any character may begin a match: \S*, \W…)
    return "".join(sorted(first[0]))


_GLOBAL_FLAGS_RE = re.compile(r"\(\?[aiLmsux]+\)")


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` of :func:`guarded` ``pattern``: the same matches, found sooner."""
    try:
        return re.compile(guarded(pattern, flags), flags)
    except re.error:  # (not a pattern this module knows how to guard: as it is)
        return re.compile(pattern, flags)


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use. Extraction's label patterns
    (:func:`tolerant` over dozens of words) take about 0.25 s to compile: a run that
    extracts nothing (a scheduled run with nothing new) never pays it, and a crawl pays
    it after its first request, not before; and each is compiled once per interpreter
    and machine, then read back from the pattern cache (:func:`compile_cached`). Once
    compiled, the pattern's methods are the instance's own attributes: a call costs
    what it costs on the compiled pattern."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
    _made: ClassVar[list[LazyPattern]] = []  # (every one made, for preload_patterns)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        LazyPattern._made.append(self)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and the like: no compiling for them
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            self._take(compile_cached(*self._source))
            compiled = self._compiled
        return getattr(compiled, name)

    def _take(self, compiled: re.Pattern[str]) -> None:
        self._compiled = compiled
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0][:40]!r}...)"


# --- compiled patterns kept on disk ------------------------------------------------
#
# Compiling the label patterns (90,000 characters of regular expressions) took 0.24 s
# of CPU in every process that reads pages: the crawl's extraction process, each of
# re-extraction's workers, a paced crawl's one process. What ``re.compile`` makes of a
# pattern (the code ``_sre.compile`` takes) is the same for the same interpreter, so it
# is written once to the user's cache folder and read back: 7 ms for all of them
# (benches/README.md, 2026-11-29). The folder is named by the interpreter and its
# regular expression engine (``_sre.MAGIC``), each file by the pattern it holds, which
# it holds again inside: a file of another pattern, another engine, a damaged or
# unreadable file or folder is no more than a miss (the pattern compiled as before), and
# the engine checks the code it is given (``_sre.compile`` rejects code it cannot run).
# ``METROLOGY_PATTERN_CACHE=off`` in the environment compiles every pattern every time;
# any other value is the folder to use instead of ``$XDG_CACHE_HOME/metrology-spider``
# (``~/.cache/metrology-spider``). Deleting the folder is always safe.

# (None where the engine does not say its version: no cache)
_CACHE_ENGINE = (
    f"{sys.implementation.cache_tag}-sre{_sre.MAGIC}-{_sre.CODESIZE}" if hasattr(_sre, "MAGIC") and hasattr(_sre, "CODESIZE") else None
)


def pattern_cache_dir() -> Path | None:
    """The folder of this interpreter's compiled patterns; None when the environment
    turns the cache off."""
    chosen = os.environ.get("METROLOGY_PATTERN_CACHE", "")
    if chosen.lower() == "off" or _CACHE_ENGINE is None:
        return None
    if chosen:
        base = Path(chosen)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "metrology-spider"
    return base / "patterns" / _CACHE_ENGINE


def _cache_file(folder: Path, pattern: str, flags: int) -> Path:
    key = hashlib.sha256(f"{flags}:{pattern}".encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"{key[:40]}.marshal"


def _engine_arguments(pattern: str, flags: int) -> tuple:
    """What ``re.compile(pattern, flags)`` hands the engine (``_sre.compile``'s arguments),
    made by the steps of ``re._compiler.compile``; raises ``re.error`` as it does."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _read_cached(path: Path, pattern: str, flags: int) -> re.Pattern[str] | None:
    """The pattern the cache file ``path`` holds, if it is ``pattern`` with ``flags``."""
    try:
        held = marshal.loads(path.read_bytes())
        source, held_flags, arguments = held
        if source != pattern or held_flags != flags:
            return None  # (another pattern's file: not ours to use)
        return _sre.compile(*arguments)
    except FileNotFoundError:
        return None
    except Exception as exc:  # (damaged, cut short, of another engine: compiled again)
        logger.debug("Pattern cache file %s not used: %s", path, exc)
        return None


def _write_cached(path: Path, pattern: str, flags: int, arguments: tuple) -> None:
    """Write the cache file of ``pattern`` whole or not at all (a reader in another
    process never sees half of one)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps((pattern, flags, arguments)))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:  # (a read-only home, a full disk: the next process compiles it again)
        logger.debug("Pattern cache file %s not written: %s", path, exc)


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`compile_guarded` ``(pattern, flags)``, read from the pattern cache when it
    holds it, else compiled and written there."""
    flags = int(flags)  # (re.I and the like: the cache file holds a plain number)
    folder = pattern_cache_dir()
    if folder is None:
        return compile_guarded(pattern, flags)
    path = _cache_file(folder, pattern, flags)
    if (compiled := _read_cached(path, pattern, flags)) is not None:
        return compiled
    try:
        try:
            arguments = _engine_arguments(guarded(pattern, flags), flags)
        except re.error:  # (as compile_guarded: the pattern as it is)
            arguments = _engine_arguments(pattern, flags)
        compiled = _sre.compile(*arguments)
    except re.error:
        raise
    except Exception as exc:  # (a Python whose compiler goes otherwise: compiled as before, not kept)
        logger.debug("Pattern %.40r compiled without the cache: %r", pattern, exc)
        return compile_guarded(pattern, flags)
    _write_cached(path, pattern, flags, arguments)
    return compiled


def preload_patterns() -> int:
    """Compile now, from the pattern cache, every lazy pattern it holds (those it does not
    hold stay lazy: compiling them here would hold up the caller); how many. Called
    before worker processes are forked: they then share one copy instead of each
    making its own."""
    folder = pattern_cache_dir()
    if folder is None:
        return 0
    done = 0
    for lazy in LazyPattern._made:
        if "_compiled" not in lazy.__dict__:
            pattern, flags = lazy._source[0], int(lazy._source[1])
            if (compiled := _read_cached(_cache_file(folder, pattern, flags), pattern, flags)) is None:
                continue
            lazy._take(compiled)
        done += 1
    return done

"""The character tables normalisation and the label patterns read, generated into
``metrology_spider/data/`` so that a crawl loads neither pypinyin's dictionary nor an
OpenCC converter until a Traditional page or a pinyin reading needs one.

    python -m metrology_spider.tables     # remake the three files (pypinyin: the test extra)

- ``readings.tsv``: each character's readings, as pypinyin's ``pinyin_dict`` gives them
  (one line per reading list: ``líng,yuán,xīng<TAB>〇...``), for telling an injected
  ``(me)`` from a genuine ``(a)``;
- ``charsets.txt``: the characters OpenCC ``hk2s`` (:data:`TO_SIMPLIFIED`) changes on
  their own, those ``s2t`` changes on their own (both over pypinyin's characters: what
  :func:`is_traditional` counts), and every character ``hk2s`` may change in any phrase (from its dictionaries:
  a text with none of them is left as it is, so converting it can be skipped);
- ``variants.tsv``: the Traditional forms of each fixed word that
  :func:`metrology_spider.textmatch.tolerant` is given in the package's source.

Each ``build_*`` function here computes its table from the libraries, and
``tests/test_tables.py`` checks that the files equal what they give, so the tables
cannot fall behind a new pypinyin, OpenCC or fixed word. Loading them (the
``load_*`` functions, cached) costs a few milliseconds and no library.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import repeat
from pathlib import Path

PACKAGE = Path(__file__).parent
DATA = PACKAGE / "data"
READINGS = DATA / "readings.tsv"
CHARSETS = DATA / "charsets.txt"
VARIANTS = DATA / "variants.tsv"

# The converters ``tolerant`` takes the Traditional forms of a word from.
VARIANT_CONVERTERS = ("s2t", "s2tw", "s2hk")
# Traditional -> Simplified is OpenCC's hk2s: its t2s, after Hong Kong's forms are taken
# back to the standard ones (衞 敍 粧 衹 -> 衛 敘 妝 只: t2s leaves them, and mirrors made
# with s2hk write them). The dictionaries its conversion reads (opencc/clib/share/opencc/hk2s.json):
TO_SIMPLIFIED = "hk2s"
T2S_DICTIONARIES = (
    "HKVariantsRevPhrases", "HKVariantsRev", "TSPhrases", "TSCharactersExt", "TSCharacters",
    "CJK_Compatibility_Ideographs",
)  # fmt: skip


# --- loading (what the crawl does) ----------------------------------------------------


class Readings(Mapping[str, str]):
    """Character -> its readings, as a dict of them answers, held as one string of the
    characters (in the file's order, each once) and an array of the index of each one's
    readings: a dict of the 41,923 characters took 6.5 MB of RSS (a string object for
    each), this 2.0 MB (1.1 MB of objects). A character is found by a scan of the string in
    C (``str.rfind``: its last place, what a dict keeps of a character given twice), at
    most about 11 µs: normalisation asks only for the character before a syllable in
    parentheses without tone marks (16 times over 245 of the bench portal's pages)."""

    __slots__ = ("_chars", "_lines", "_which")

    def __init__(self, lines: Iterable[tuple[str, str]]) -> None:
        chars: list[str] = []
        readings: list[str] = []
        which = array("I")
        for readings_of, chars_of in lines:
            which.extend(repeat(len(readings), len(chars_of)))
            chars.append(chars_of)
            readings.append(readings_of)
        self._chars = "".join(chars)
        self._which = which
        self._lines = tuple(readings)

    def __getitem__(self, char: str) -> str:
        if isinstance(char, str) and len(char) == 1 and (i := self._chars.rfind(char)) >= 0:
            return self._lines[self._which[i]]
        raise KeyError(char)

    def __iter__(self) -> Iterator[str]:
        return iter(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    def values(self) -> list[str]:  # type: ignore[override]
        """Each character's readings, in the characters' order (``dict.values()``'s)."""
        return [self._lines[i] for i in self._which]


@cache
def load_readings() -> Readings:
    """Character -> its readings, comma-separated and tone-marked, as pypinyin writes them."""
    with open(READINGS, encoding="utf-8") as lines:  # line by line: no copy of the whole file at once
        return Readings(line.rstrip("\n").split("\t") for line in lines)


@cache
def load_charsets() -> dict[str, frozenset[str]]:
    """``traditional_only``, ``simplified_only`` and ``t2s_changes`` (see the module's docstring)."""
    sets = {}
    for line in CHARSETS.read_text(encoding="utf-8").splitlines():
        name, chars = line.split("\t")
        sets[name] = frozenset(chars)
    return sets


@cache
def load_variants() -> dict[str, tuple[frozenset[str], ...]]:
    """Fixed word -> for each of its characters, the forms it takes in Traditional text."""
    variants = {}
    for line in VARIANTS.read_text(encoding="utf-8").splitlines():
        word, *forms = line.split("\t")
        variants[word] = tuple(frozenset(f) for f in forms)
    return variants


# --- building (from the libraries) ----------------------------------------------------


def build_readings() -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(codepoint): readings for codepoint, readings in pinyin_dict.items()}


@cache
def converter(config: str):
    """An OpenCC converter (``t2s``, ``s2t`` ...), made on first use: loading one costs
    milliseconds and megabytes a Simplified crawl does without."""
    from opencc import OpenCC

    return OpenCC(config)


def _one_sided(config: str, chars: list[str]) -> frozenset[str]:
    """The characters a converter changes on their own (發 for t2s, 发 for s2t)."""
    converted = converter(config).convert("\n".join(chars)).split("\n")
    return frozenset(c for c, v in zip(chars, converted, strict=True) if c != v)


def t2s_dictionaries() -> dict[str, list[tuple[str, str]]]:
    """OpenCC's t2s dictionaries as (key, first value) pairs, read with its ``opencc_dict`` tool."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    entries = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in T2S_DICTIONARIES:
            text = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [clib / "bin" / "opencc_dict", "-i", clib / "share" / "opencc" / f"{name}.ocd2",
                 "-o", text, "-f", "ocd2", "-t", "text"],
                check=True, capture_output=True,
            )  # fmt: skip
            pairs = (line.split("\t") for line in text.read_text(encoding="utf-8").splitlines())
            entries[name] = [(key, values.split(" ")[0]) for key, values in pairs]
    return entries


def t2s_changes() -> frozenset[str]:
    """Every character t2s may change: those a dictionary entry writes differently (all of a
    key whose value has another length). OpenCC replaces each matched key by its first value,
    so a text holding none of these characters comes out as it went in."""
    changes: set[str] = set()
    for pairs in t2s_dictionaries().values():
        for key, value in pairs:
            if len(key) != len(value):
                changes.update(key)
            else:
                changes.update(k for k, v in zip(key, value, strict=True) if k != v)
    return frozenset(changes)


def build_charsets() -> dict[str, frozenset[str]]:
    chars = list(build_readings())
    return {
        "traditional_only": _one_sided(TO_SIMPLIFIED, chars),
        "simplified_only": _one_sided("s2t", chars),
        "t2s_changes": t2s_changes(),
    }


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def fixed_words() -> list[str]:
    """Every literal word given to ``tolerant(...)`` in the package's source, directly or
    as ``tolerant(*NAME)`` of a module-level tuple of words."""
    words: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = {
            target.id: _strings(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tolerant":
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        words.add(arg.value)
                    elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                        words.update(named.get(arg.value.id, ()))
    return sorted(words)


def word_variants(word: str) -> tuple[frozenset[str], ...]:
    """For each character of ``word``, the forms it takes in Traditional text: the word
    converted whole (phrase level) and character by character, by each converter."""
    forms = [{ch} for ch in word]
    for conv in map(converter, VARIANT_CONVERTERS):
        for converted in (conv.convert(word), "".join(conv.convert(ch) for ch in word)):
            if len(converted) == len(word):
                for i, ch in enumerate(converted):
                    forms[i].add(ch)
    return tuple(frozenset(f) for f in forms)


def build_variants() -> dict[str, tuple[frozenset[str], ...]]:
    return {word: word_variants(word) for word in fixed_words()}


# --- writing -------------------------------------------------------------------------


def write_tables() -> None:
    DATA.mkdir(exist_ok=True)
    grouped: dict[str, list[str]] = {}
    for char, readings in build_readings().items():
        grouped.setdefault(readings, []).append(char)
    READINGS.write_text("".join(f"{r}\t{''.join(c)}\n" for r, c in sorted(grouped.items())), encoding="utf-8")
    charsets = build_charsets()
    CHARSETS.write_text(
        "".join(f"{n}\t{''.join(sorted(s))}\n" for n, s in charsets.items()), encoding="utf-8"
    )
    lines = ("\t".join([w, *("".join(sorted(f)) for f in forms)]) for w, forms in build_variants().items())
    VARIANTS.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    write_tables()
    print(f"wrote {READINGS}, {CHARSETS}, {VARIANTS}", file=sys.stderr)

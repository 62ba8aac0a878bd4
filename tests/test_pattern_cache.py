"""The pattern cache (textmatch.compile_cached): a lazy pattern compiled once per
interpreter and machine, read back by every later process, and never trusted beyond
what it holds: a damaged, foreign or unreadable file is a miss."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from metrology_spider import textmatch
from metrology_spider.textmatch import (
    LazyPattern,
    compile_cached,
    compile_guarded,
    pattern_cache_dir,
    preload_patterns,
)
from tests.conftest import REPO
from tests.test_textmatch import fixture_lines  # noqa: F401 (a fixture)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("METROLOGY_PATTERN_CACHE", str(tmp_path / "cache"))
    folder = pattern_cache_dir()
    assert folder is not None and str(folder).startswith(str(tmp_path))
    return folder


def _same(ours: re.Pattern[str], theirs: re.Pattern[str], lines: list[str]) -> None:
    assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
        theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex,
    )  # fmt: skip
    for line in lines:
        assert [(m.span(), m.groups()) for m in ours.finditer(line)] == [
            (m.span(), m.groups()) for m in theirs.finditer(line)
        ], (ours.pattern[:60], line)


def test_every_lazy_pattern_read_back_from_the_cache_finds_what_it_finds_compiled(cache, fixture_lines):  # noqa: F811
    lazy = [value._source for value in LazyPattern._made]
    assert len(lazy) >= 30
    lines = [*fixture_lines, "發(fā)布時間：2024-05-20 10:21 來源：本網 作者：王平 閱讀(yuè)：1,024"]
    for pattern, flags in lazy:
        written = compile_cached(pattern, flags)  # compiled, and written
        read = compile_cached(pattern, flags)  # read back
        assert read is not written
        expected = compile_guarded(pattern, flags)
        _same(written, expected, lines)
        _same(read, expected, lines)
    assert len(list(cache.iterdir())) == len({(p, int(f)) for p, f in lazy})


def test_a_pattern_with_flags_and_named_groups_is_read_back_whole(cache):
    source = r"(?P<label>阅读|點擊)\s*[:：]?\s*(?P<n>\d+)|(?P<none>views)"
    compile_cached(source, re.I)
    read = compile_cached(source, re.I)
    assert read.flags == re.compile(source, re.I).flags and read.groupindex == {"label": 1, "n": 2, "none": 3}
    assert read.search("VIEWS 3").group("none") == "VIEWS" and read.search("點擊：12")["n"] == "12"


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b""),  # cut to nothing
        lambda path: path.write_bytes(path.read_bytes()[:-40]),  # cut short
        lambda path: path.write_bytes(b"\x00garbage" * 50),  # not marshal's
        lambda path: path.write_bytes(
            marshal.dumps(("次", 0, textmatch._engine_arguments("次", 0)))
        ),  # another pattern's
        lambda path: path.write_bytes(
            marshal.dumps(
                ("(?P<n>\\d+)次", 0, ("(?P<n>\\d+)次", 32, [17, 99, 99, 99], 1, {"n": 1}, (None, "n")))
            )
        ),  # its own, with code the engine cannot run
    ],
)
def test_a_damaged_or_foreign_cache_file_is_a_miss_and_is_written_again(cache, damage):
    source = r"(?P<n>\d+)次"
    compile_cached(source)
    (path,) = cache.iterdir()
    damage(path)
    compiled = compile_cached(source)
    assert compiled.search("阅读 12次")["n"] == "12" and compiled.pattern == compile_guarded(source).pattern
    assert compile_cached(source).search("3次")["n"] == "3"  # (and read back again)


def test_the_cache_can_be_turned_off_or_be_out_of_reach(tmp_path, monkeypatch):
    monkeypatch.setenv("METROLOGY_PATTERN_CACHE", "off")
    assert pattern_cache_dir() is None
    assert compile_cached(r"\d+次").search("12次")
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("METROLOGY_PATTERN_CACHE", str(blocked))
    assert compile_cached(r"(\d+)次").search("阅读 7次")[1] == "7"  # (nothing written, nothing raised)
    monkeypatch.delenv("METROLOGY_PATTERN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pattern_cache_dir() == tmp_path / "xdg" / "metrology-spider" / "patterns" / textmatch._CACHE_ENGINE


_PRELOAD = """
from metrology_spider import extract
from metrology_spider.normalize import preload
from metrology_spider.textmatch import LazyPattern
preload()
print(sum("_compiled" in lazy.__dict__ for lazy in LazyPattern._made), len(LazyPattern._made))
extract._LABEL_RE.search("来源：本网")
"""


def test_preload_compiles_what_the_cache_holds_and_leaves_the_rest_lazy(tmp_path):
    # Before the workers fork (readers.py, reextract.py): they share the patterns the
    # cache holds; what it does not hold stays lazy (compiling it would hold up the start).
    env = {**os.environ, "METROLOGY_PATTERN_CACHE": str(tmp_path / "cache")}

    def run() -> tuple[int, int]:
        done = subprocess.run(
            [sys.executable, "-c", _PRELOAD], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
        preloaded, made = done.stdout.split()
        return int(preloaded), int(made)

    assert run()[0] == 0  # an empty cache: nothing compiled at preload; the label pattern written
    preloaded, made = run()
    assert preloaded == 1 and made >= 30


def test_preload_in_this_process_takes_every_cached_pattern(cache):
    lazy = LazyPattern(r"(?:来源|來源)\s*[:：]")
    assert "_compiled" not in lazy.__dict__
    compile_cached(*lazy._source)
    assert preload_patterns() >= 1 and "_compiled" in lazy.__dict__
    assert lazy.search("本文來源：本網").group() == "來源："


def test_a_compiler_that_goes_otherwise_compiles_as_before(cache, monkeypatch):
    # (a Python whose re._compiler has no _code, or another _sre.compile: no cache, no failure)
    monkeypatch.delattr(textmatch._compiler, "_code")
    compiled = compile_cached(r"(?P<n>\d+)次")
    assert compiled.search("阅读 5次")["n"] == "5" and not cache.exists()
    with pytest.raises(re.error):
        compile_cached(r"(?P<n>\d+次")

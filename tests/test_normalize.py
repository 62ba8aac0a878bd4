"""Normalisation: tables of examples, idempotence (hypothesis), and fidelity on mirror text."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC
from pypinyin import Style, pinyin
from rapidfuzz.distance import Levenshtein

from metrology_spider.normalize import (
    _NEEDS_WORK_RE,
    _OTHER_WHITESPACE,
    clean_whitespace,
    fix_zhe,
    fullwidth_to_ascii,
    is_traditional,
    normalize_name,
    normalize_text,
    strip_readings,
    to_simplified,
)
from metrology_spider.tables import load_charsets
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中國計量網(wǎng)", "中國計量網"),
        ("發(fā)布時間", "發布時間"),
        ("質(zhì)量", "質量"),
        ("幹什麽(me)", "幹什麽"),  # a reading without tone marks
        ("指明瞭(le)方向", "指明瞭方向"),  # the reading of 了, which 瞭 stands for
        ("麦克斯韦(M.J.Maxwell)", "麦克斯韦(M.J.Maxwell)"),
        ("位置精度因子(PDOP)", "位置精度因子(PDOP)"),
        ("《规范》(2017)", "《规范》(2017)"),
        ("如图(a)所示", "如图(a)所示"),  # a is a syllable, but not a reading of 图
        ("图(b)", "图(b)"),
        ("(k=2)", "(k=2)"),
        ("網((wǎng)wǎng)", "網"),  # nested: stable after one call
        ("”?,F(xiàn)場", "”?,F場"),  # a toned syllable is a reading wherever it stands
    ],
)
def test_strip_readings(text, expected):
    assert strip_readings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("這標志著江西省", "这标志着江西省"),
        ("一頭連著百姓", "一头连着百姓"),
        ("質量顯著提升", "质量显著提升"),
        ("著名學者", "著名学者"),
        ("他的著作", "他的著作"),
        ("幹什麽", "干什么"),
    ],
)
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected


def test_fix_zhe_keeps_zhu_words():
    assert fix_zhe("卓著 土著 原著 看著") == "卓著 土著 原著 看着"


def test_a_verbs_zhe_before_its_object_is_zhe():
    # 标示著名称 is 标示 + 着 + 名称, not 著名; 是著名的 and 一带著名景点 keep 著名.
    assert normalize_text("標示著名稱，標注著有效日期，拿著書", traditional=True) == "标示着名称，标注着有效日期，拿着书"
    assert normalize_text("他是著名的計量學家，一帶著名景點", traditional=True) == "他是著名的计量学家，一带著名景点"


def test_a_name_keeps_the_characters_t2s_would_change():
    # 乾 and 著 in a name, 於 as a surname: Simplified names keep them (萧乾, 何著明, 於晓雯).
    assert normalize_name("撰稿人 李乾龍、何著明、於曉雯", traditional=True) == "撰稿人 李乾龙、何著明、於晓雯"
    assert normalize_name("李乾龍", traditional=False) == "李乾龍"  # (a Simplified page's name as it is)
    assert normalize_name("關於", traditional=True) == "关于"  # (於 inside a word is 于)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u3000\u3000第一段", "第一段"),
        ("a\xa0\xa0b", "a b"),
        ("当场\u200b贴上", "当场贴上"),
        ("行一\r\n行二", "行一 行二"),
        ("  多   个  空格 ", "多 个 空格"),
        ("\ufeff标题", "标题"),
        ("计量员\u200e孔佳琪\u202c", "计量员孔佳琪"),  # direction marks
    ],
)
def test_clean_whitespace(text, expected):
    assert clean_whitespace(text) == expected


def test_fullwidth_to_ascii_keeps_chinese_punctuation():
    assert fullwidth_to_ascii("ＡＢＣ１２３ｘｙｚ，。：；“”（）！？") == "ABC123xyz，。：；“”（）！？"


def test_is_traditional():
    assert is_traditional("中國計量網——計量行業門戶網站")
    assert not is_traditional("中国计量网——计量行业门户网站")


def _by_the_counts(text: str) -> bool:
    """is_traditional as its docstring says it, with no shortcut."""
    chars = set(text)
    traditional = len(load_charsets()["traditional_only"] & chars)
    return bool(traditional) and traditional > len(load_charsets()["simplified_only"] & chars)


def test_is_traditional_s_shortcut_misses_no_traditional_character():
    # Every Traditional-only character, in the BMP or beyond it, alone and among
    # other text, is seen (and then counted): the answer is the counts'.
    for char in load_charsets()["traditional_only"]:
        for text in (char, f"计量{char}", f"国{char}{char}家计量", f"中國{char}"):
            assert is_traditional(text) is _by_the_counts(text), (char, text)


_mixed = st.lists(
    st.sampled_from([*"国國计計量網网质質 ,𠀀㐀", *sorted(load_charsets()["traditional_only"])[:50]]),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_mixed.map("".join), st.text(max_size=40)))
def test_is_traditional_is_its_counts(text):
    assert is_traditional(text) is _by_the_counts(text)


def test_normalize_text_on_a_mirror_line():
    line = "\u3000\u3000王福平強調(diào),“質(zhì)量月”作爲一項重要的羣衆性質(zhì)量活動"
    assert normalize_text(line, traditional=True) == "王福平强调,“质量月”作为一项重要的群众性质量活动"


@pytest.mark.parametrize("text", ["么麽", "a(ā)\u0301b", "網(wǎng)\u0301"])
def test_normalize_is_idempotent_on_what_hypothesis_found(text):
    once = normalize_text(text, traditional=True)
    assert normalize_text(once, traditional=True) == once


def test_simplified_text_is_left_alone():
    line = "原中国计量科学研究院研究员 沈平子"
    assert normalize_text(line, traditional=False) == line
    # Readings are a mirror's, on its Traditional pages: a Simplified page's glosses stay.
    line = "古代容量单位有龠(yuè)、合(gě)、升、斗、斛(hú)"
    assert normalize_text(line, traditional=False) == line
    assert normalize_text("古代容量單位有龠(yuè)、合(gě)", traditional=True) == "古代容量单位有龠、合"


def test_traditional_quotation_marks_and_zhe_words_become_simplified():
    line = "這意味著有關計量器具的「準確度」要求，隨著標準的修訂，研究所著手制定『方案』。"
    expected = "这意味着有关计量器具的“准确度”要求，随着标准的修订，研究所着手制定‘方案’。"
    assert normalize_text(line, traditional=True) == expected
    # 著 stays where it means to write or notable.
    assert normalize_text("魯迅所著，顯著，著名，著作", traditional=True) == "鲁迅所著，显著，著名，著作"


# Text that looks like the portal's: CJK, Latin, digits, full-width forms,
# parentheses, readings and the whitespace the CMS leaves.
_pieces = st.sampled_from(
    [
        *"計量網质量著发發()（）(wǎng)(me)(a)(PDOP)2017ＡＢ１２ ,，。",
        *["\u3000", "\xa0", "\u200b", "\r\n", "\t", "(wǎng)", "(zhì)", "(le)", "瞭", "幹什麽(me)"],
        *["么麽", "\u0301", "(ā)", "a", "\ue60e"],  # unstable t2s, a combining mark, a reading, icon font
    ]
)
_portal_text = st.lists(_pieces, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(_portal_text, st.text(max_size=60)), traditional=st.booleans())
def test_normalize_is_idempotent(text, traditional):
    # Found by hypothesis: 么麽 (t2s changes it twice) and a(ā)\u0301 (a mark left
    # beside a letter once the reading goes).
    once = normalize_text(text, traditional=traditional)
    assert normalize_text(once, traditional=traditional) == once


def _by_the_steps(text: str) -> str:
    """normalize_text of Simplified text as its steps compose, with no shortcut."""
    text = unicodedata.normalize("NFC", text)
    cleaned = text = clean_whitespace(fullwidth_to_ascii(text))
    composed = unicodedata.normalize("NFC", text)
    return composed if composed == cleaned else clean_whitespace(composed)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(_portal_text, st.text(max_size=60)))
def test_clean_text_is_given_back_as_every_step_would(text):
    assert normalize_text(text) == _by_the_steps(text)


def test_the_shortcut_knows_every_character_a_step_changes():
    # normalize_text gives back, after one scan, a line holding none of the characters a
    # step changes (and no doubled, leading or trailing space); over all of Unicode, those
    # are the whitespace str.split() splits on but the space, the full-width letters and
    # digits, and the invisible characters (a Simplified page's parentheses are its own).
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert set(_OTHER_WHITESPACE) == {c for c in every if c.isspace() and c != " "}
    changed = {c for c in every if clean_whitespace(fullwidth_to_ascii(f"a{c}b")) != f"a{c}b"}
    assert {c for c in every if _NEEDS_WORK_RE.match(c)} == changed
    for text in ("计量  网", " 计量", "计量 ", "计量\u3000网"):
        assert normalize_text(text) != text


# --- fidelity -----------------------------------------------------------------

_S2T = OpenCC("s2t")


def make_mirror(text: str) -> str:
    """What a mirror does: Traditional characters, and a pinyin reading after every
    second converted character (every sixth of those without tone marks)."""
    out, converted = [], 0
    for simple, trad in zip(text, _S2T.convert(text), strict=True):
        out.append(trad)
        if trad != simple:
            converted += 1
            if converted % 2 == 0:
                style = Style.NORMAL if converted % 6 == 0 else Style.TONE
                out.append(f"({pinyin(simple, style=style)[0][0]})")
    return "".join(out)


def test_mirror_round_trip_character_error_rate(record_property, capsys):
    originals = [
        FIXTURES / "site/jiliangyuzhiliang/63871.json",  # the seed, as the Simplified original
        FIXTURES / "site/jiliangwenhuayanjiu/57604.json",
    ]
    errors = total = 0
    for path in originals:
        record = json.loads(path.read_text(encoding="utf-8"))
        texts = [record["title"], *record["paragraphs"]]
        mirrored = [make_mirror(t) for t in texts]
        assert mirrored != texts and any("(" in m and ")" in m for m in mirrored)
        traditional = is_traditional("".join(mirrored))
        assert traditional
        restored = [normalize_text(m, traditional=traditional) for m in mirrored]
        errors += sum(Levenshtein.distance(a, b) for a, b in zip(texts, restored, strict=True))
        total += sum(map(len, texts))
    rate = errors / total
    record_property("character_error_rate", rate)
    with capsys.disabled():
        print(f"\nmirror round trip: {errors} character errors in {total} characters, CER {rate:.3%}")
    assert rate <= 0.005

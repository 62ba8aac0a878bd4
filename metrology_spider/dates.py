"""Dates as Chinese pages write them, and as machines do. Pure functions.

Written forms: ``2019年6月15日 08:18``, ``2019-06-15 08:18:05``, ``2019/6/15``,
``2019.06.15``, ``2005-8-14 0:27``, ``2005年3月11日12:12``, ``9/17/2004 5:54:13 AM``,
``Saturday, September 10th, 2005 10:56 am``, ``12时30分``, ``二〇二一年三月四日``,
``民國110年3月4日`` (Taiwan's calendar). Machine forms
(``<meta name="PubDate">``, ``article:published_time``, JSON-LD ``datePublished``,
``<time datetime>``): ISO 8601 with or without a zone.

Every time is Beijing time (UTC+8) unless the value says otherwise. Every
pattern is linear: no nested quantifiers, bounded gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from metrology_spider.textmatch import compile_guarded

__all__ = ["BEIJING", "DateMatch", "find_dates", "parse_date", "parse_machine_date"]

BEIJING = ZoneInfo("Asia/Shanghai")
FIRST_YEAR, LAST_YEAR = 1990, 2100

_TIME = (
    # (Drupal's medium format: 05/20/2024 - 10:15)
    # (a weekday between the date and the time: （星期一）, 週一, Taiwan's short （一）)
    r"(?:(?:[ \t\xa0\u3000T,，]{0,4}|[ \t\xa0]-[ \t\xa0])(?:(?:[（(]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?|[（(][一二三四五六日][)）])[ \t\xa0]{0,2})?"
    # (Hong Kong's and Beijing's zone named before the time: 2024-05-20 HKT 15:30)
    r"(?:(?:HKT|CST|北京时间|北京時間|香港时间|香港時間)[ \t\xa0]{0,2})?"
    r"(?:(?P<half>上午|下午|晚上|凌晨|中午)[ \t\xa0]{0,2})?"
    r"(?P<H>\d{1,2})[ \t]?[:：时時点點][ \t]?(?P<M>\d{2})(?:[ \t]?[:：分][ \t]?(?P<S>\d{2}))?"
    r"(?![\d:])(?:[ \t\xa0]{0,2}(?P<ampm>[AaPp][Mm])\b)?"
    # a zone written after the time (07:30:00Z, 07:30 UTC, 09:30 (UTC+2)): converted
    r"(?:[ \t\xa0]{0,2}\(?(?P<zone>Z|UTC|GMT)(?P<off>[+-]\d{1,2}(?::?\d{2})?)?\)?(?![A-Za-z]))?)?"
)
_SPACE = r"[ \t\xa0\u3000]{0,2}"
_YMD_RE = compile_guarded(
    rf"(?<!\d)(?P<y>(?:19|20)\d\d){_SPACE}[-/.年]{_SPACE}(?P<m>\d{{1,2}}){_SPACE}[-/.月]"
    rf"{_SPACE}(?P<d>\d{{1,2}})(?!\d)(?:{_SPACE}日)?" + _TIME
)
# Xinhua's split date: <span>2023</span><span>06/15</span> reads "2023 06/15", and
# <em> 2024</em> <em> 05</em>/<em> 20</em> "2024 05/ 20".
_Y_MD_RE = compile_guarded(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)[ \t\xa0]{1,3}(?P<m>\d{1,2})[ \t\xa0]?/[ \t\xa0]?(?P<d>\d{1,2})(?![\d/])" + _TIME
)
_MDY_RE = compile_guarded(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME)
# The day first, with dots, as 德国之声 writes it in every language (日期 20.05.2024).
_DMY_RE = compile_guarded(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.])" + _TIME)
# 二〇二一年三月四日: the year in Chinese numerals, digit by digit, the month and day counted.
_CN_DIGITS = "〇一二三四五六七八九"
# Zero as pages write it in a year: 〇, 零, the circles ○ (U+25CB) and ◯ (U+25EF), and what is typed
# where the IME has no 〇: the letter O (full-width or not) and the digit 0 (二O二四年, 二0二四年).
_CN_ZEROS = {"零": "〇", "○": "〇", "◯": "〇", "Ｏ": "〇", "O": "〇", "o": "〇", "0": "〇", "０": "〇"}
_CN_YMD_RE = compile_guarded(
    r"(?P<y>[〇零○◯ＯOo0０一二三四五六七八九]{4})年(?P<m>十[一二]?|[一二三四五六七八九])月"
    r"(?P<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日" + _TIME
)
# The Republic of China's calendar (民國110年 = 2021), on Taiwan's pages: a year of three
# digits with month and day, or of two after 民國.
_ROC_YMD_RE = compile_guarded(
    rf"(?:(?<!\d)(?P<y>1[0-3]\d)|民[國国]{_SPACE}(?P<y2>\d{{2,3}})){_SPACE}年{_SPACE}(?P<m>\d{{1,2}}){_SPACE}月"
    rf"{_SPACE}(?P<d>\d{{1,2}}){_SPACE}日" + _TIME
)
# 113-05-20, 113/05/15 14:30: the Republic's year in digits, as Taiwan's pages write a
# labelled date (发布日期：113-05-20); read only as a label's value (roc_value_date).
_ROC_NUMERIC_RE = compile_guarded(
    r"^\s*(?P<y>1[0-3]\d)(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?![\d/.-])" + _TIME
)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# (The lookahead of the months' first letters in front: the engine tries the twelve months, a
# letter's case aside, at every position without it, at each after a first test with it;
# compile_guarded adds none in front of a \b, so it is written here.)
_ENGLISH_RE = re.compile(
    r"(?=[JFMASOND])\b(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?[ \t\xa0]{1,3}"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t\xa0]{1,3}(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.I,
)
# A calendar badge, a line of its own: the day above the year and month (<b>26</b><span>2024-05</span>,
# read "26 2024-05"); not a day before a whole date (阅读 26 2024-05-20), nor a number in words.
_BADGE_RE = compile_guarded(
    r"^[ \t\xa0]*(?P<d>\d{1,2})[ \t\xa0]{1,2}(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[ \t\xa0]*$"
)
# The badge with its year and month first (中企动力's <p>2024-05</p><span>16</span>, read "2024-05 16").
_BADGE_MONTH_FIRST_RE = compile_guarded(
    r"^[ \t\xa0]*(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[ \t\xa0]{1,2}(?P<d>\d{1,2})[ \t\xa0]*$"
)
_ISO_RE = compile_guarded(
    r"^\s*(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2}))?(?:[.,]\d{1,9})?"
    r"\s*(?P<z>Z|[+-]\d{2}:?\d{2})?)?"
)
# Every form above but the Chinese numerals' and the Republic's has a year in four digits,
# those two a 年, a 月 and a 日; the day and month first and Xinhua's split date a slash,
# 德国之声's day first its dots: a line without them is not searched for the form (most
# lines have no date at all).
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_DIGIT_YEAR_FORMS = (_YMD_RE, _ENGLISH_RE, _BADGE_RE, _BADGE_MONTH_FIRST_RE)
_SLASHED_FORMS = (_YMD_RE, _Y_MD_RE, _MDY_RE, _ENGLISH_RE, _BADGE_RE, _BADGE_MONTH_FIRST_RE)
_DOTTED_FORMS = (_DMY_RE,)  # (after either of the two)
_NIAN_FORMS = (_CN_YMD_RE, _ROC_YMD_RE)
# All of them, in the order they are tried (a match overlapping an earlier one is dropped).
FORMS = (_YMD_RE, _Y_MD_RE, _MDY_RE, _ENGLISH_RE, _BADGE_RE, _BADGE_MONTH_FIRST_RE, _DMY_RE, _CN_YMD_RE, _ROC_YMD_RE)


_HALFWIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
_FULLWIDTH_RE = compile_guarded("[０-９－／．]")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date written in a text: where it is, the day, and the moment when a time is shown."""

    start: int
    end: int
    day: date
    moment: datetime | None  # Beijing time


def _moment(day: date, m: re.Match[str]) -> datetime | None:
    if "H" not in m.re.groupindex or m["H"] is None:  # (a calendar badge shows no time)
        return None
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    ampm = (m["ampm"] or "").lower()
    half = m["half"]
    if (ampm == "pm" or half in ("下午", "晚上")) and hour < 12:
        hour += 12
    elif (ampm == "am" or half in ("凌晨", "上午")) and hour == 12:  # (上午12:30: WordPress's ag:i, .NET's tt hh)
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    if m["zone"] is not None:  # (a zone written beside the time: the moment in Beijing time)
        off = m["off"] or "+0"
        sign, digits = (-1 if off[0] == "-" else 1), off[1:].replace(":", "")
        hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or minutes > 59:
            return None
        written = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
        return written.astimezone(BEIJING)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BEIJING)


def _day(y: int, m: int, d: int) -> date | None:
    if not FIRST_YEAR <= y <= LAST_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    """一 .. 九, 十, 十二, 二十, 二十三, 三十一 -> 1 .. 31."""
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS.index(text)
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


# A DOI up to the digits read as a date (no space in a DOI): 10.3969/j.issn.1000-0000.
_DOI_BEFORE_RE = re.compile(r"(?<![\d.])10\.\d{4,9}/\S*$")


def find_dates(text: str) -> list[DateMatch]:
    """Every date written in ``text``, in order of position."""
    found: list[DateMatch] = []
    if not text.isascii() and _FULLWIDTH_RE.search(text):  # (２０２４－０５－２０, 2024／05／20: as ASCII, one for one)
        text = text.translate(_HALFWIDTH)
    if len(text) < 6:
        return found
    forms = ()
    if _YEAR_RE.search(text):
        forms = _SLASHED_FORMS if "/" in text else _DIGIT_YEAR_FORMS
        if "." in text:
            forms += _DOTTED_FORMS
    if "年" in text and "月" in text and "日" in text:
        forms += _NIAN_FORMS
    return dates_in(text, forms) if forms else found


def dates_in(text: str, forms: tuple[re.Pattern[str], ...] = FORMS) -> list[DateMatch]:
    """The dates of ``text`` written in ``forms`` (of :data:`FORMS`, in its order; ``text``
    in half-width digits already)."""
    found: list[DateMatch] = []
    for pattern in forms:
        for m in pattern.finditer(text):
            if pattern is _CN_YMD_RE:
                y = int("".join(str(_CN_DIGITS.index(_CN_ZEROS.get(c, c))) for c in m["y"]))
                day = _day(y, _cn_number(m["m"]), _cn_number(m["d"]))
            elif pattern is _ROC_YMD_RE:
                day = _day(1911 + int(m["y"] or m["y2"]), int(m["m"]), int(m["d"]))
            else:
                month = _MONTHS.index(m["mon"][:3].casefold()) + 1 if "mon" in pattern.groupindex else int(m["m"])
                day = _day(int(m["y"]), month, int(m["d"]))
                if day is None and pattern is _MDY_RE and int(m["m"]) > 12:
                    day = _day(int(m["y"]), int(m["d"]), int(m["m"]))  # 20/05/2024: day first (Hong Kong)
            if day is None:
                continue
            if any(f.start <= m.start() < f.end for f in found):
                continue
            if "10." in text and _DOI_BEFORE_RE.search(text, max(0, m.start() - 80), m.start()):
                continue  # (a DOI's piece: 10.3969/j.issn.1000-0000.2024.05.03 names no day)
            found.append(DateMatch(m.start(), m.end(), day, _moment(day, m)))
    found.sort(key=lambda f: f.start)
    return found


def roc_value_date(value: str) -> DateMatch | None:
    """A labelled value that is a date of the Republic's calendar in digits
    (``113-05-20`` -> 2024-05-20); elsewhere such digits may be anything (a code)."""
    m = _ROC_NUMERIC_RE.match(value)
    if m is None or (day := _day(1911 + int(m["y"]), int(m["m"]), int(m["d"]))) is None:
        return None
    return DateMatch(m.start("y"), m.end(), day, _moment(day, m))


def parse_date(text: str) -> tuple[date | None, datetime | None]:
    """The first date in ``text``: ``"2017-09-22 10:31"`` -> (date, Beijing datetime);
    no time shown -> (date, None); no date -> (None, None)."""
    found = find_dates(text)
    if not found:
        return None, None
    return found[0].day, found[0].moment


def parse_machine_date(value: str | None) -> tuple[date | None, datetime | None]:
    """An ISO 8601 value of a ``<meta>``, JSON-LD or ``<time datetime>``, in Beijing time.

    A value without a time gives no moment; a value with a zone is converted to
    Beijing time; anything else falls back to the written forms.
    """
    if not value:
        return None, None
    value = value[:100]  # (a date and its time: never more; a hostile <meta> repeats one thousands of times)
    m = _ISO_RE.match(value)
    if not m:
        return parse_date(value)
    day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None, None
    if m["H"] is None:
        return day, None
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return day, None
    zone = m["z"]
    if zone is None:
        return day, datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BEIJING)
    if zone == "Z":
        tz = UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz).astimezone(BEIJING)
    return moment.date(), moment

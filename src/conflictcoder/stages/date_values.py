"""The dates one date expression stands for, read against a reference day."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from conflictcoder.model import DatePrecision
from conflictcoder.stages.date_grammar import _DATA, _MONTHS, _NUMBERS, _WEEKDAYS, _Match


def _month(word: str | None) -> int | None:
    return _MONTHS.get(word.lower().rstrip(".")) if word else None


def _day(word: str | None) -> int | None:
    return int(re.sub(r"\D", "", word)) if word else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _latest_on_or_before(ref: date, month: int, day: int) -> date | None:
    """The latest real ``month/day`` on or before ``ref`` (year inferred, past preferred)."""
    for year in (ref.year, ref.year - 1, ref.year - 2, ref.year - 3, ref.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= ref:
            return candidate
    return None


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day_of_month(ref: date, day: int, weekday: int | None = None) -> date | None:
    """The latest date on or before ``ref`` with this day of month (and weekday, for the
    wire style "Saturday (31)"); a weekday/day pair recurs within 14 months."""
    for back in range(30):
        year, month = divmod(ref.year * 12 + ref.month - 1 - back, 12)
        if year < 1 or day > calendar.monthrange(year, month + 1)[1]:
            continue
        found = date(year, month + 1, day)
        if found <= ref and (weekday is None or found.weekday() == weekday):
            return found
    return None


def _resolve(
    m: _Match,
    text: str,
    ref: date | None,
    anchor: date | None,
    anchor_here: bool = False,
) -> tuple[date, date, DatePrecision] | str:
    """Dates for one match, or the reason it gives none."""
    g, kind, words = m.groups, m.kind, " ".join(text[m.start : m.end].lower().split())
    try:
        if kind == "explicit":
            return _single(
                date(int(g["y"] or 0), _month(g["m"]) or int(g["m"] or 0), _day(g["d"]) or 0)
            )
        if kind == "numeric":
            return _numeric(int(g["a"]), int(g["b"]), int(g["y"]), ref)
        if kind == "range":
            return _range(g, ref)
        if kind == "month":
            return _month_value(g, ref)
        if kind == "year":
            year = int(g["y"])
            return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return "rejected-impossible"
    if ref is None:
        return "no-reference"
    if kind == "numeric_partial":
        found = _latest_on_or_before(ref, int(g["b"]), int(g["a"])) or _latest_on_or_before(
            ref, int(g["a"]), int(g["b"])
        )
        return _single(found) if found else "rejected-impossible"
    if kind == "partial":
        found = _latest_on_or_before(ref, _month(g["m"]) or 0, _day(g["d"]) or 0)
        return _single(found) if found else "rejected-impossible"
    if kind in ("weekday_day", "month_day"):  # "Saturday (31)", "on the 26th"
        weekday = _WEEKDAYS[g["wd"].lower().rstrip(".")] if g.get("wd") else None
        found = _day_of_month(ref, _day(g["d"]) or 0, weekday)
        return _single(found) if found else "rejected-impossible"
    if kind == "weekday":
        mod = (g.get("pre") or "").lower()
        if mod in ("next", "coming"):
            return "rejected-future"
        back = (ref.weekday() - _WEEKDAYS[(g["wd"] or "").lower()]) % 7
        if back == 0 and mod in ("last", "past", "this past"):
            back = 7
        return _single(ref - timedelta(days=back))
    if kind == "relative":
        return _single(ref + timedelta(days=_DATA["relative_days"][words]))
    if kind == "anaphoric":
        base = anchor or ref
        if g.get("n"):
            n = _number(g["n"]) * (1 if g["dir"] in ("later", "after") else -1)
            if anchor_here and g["dir"] in ("after", "before"):
                n = -n  # "rose on Sunday, a day after militants attacked": the attack, Saturday
            return _single(base + timedelta(days=n))
        return _single(base + timedelta(days=_DATA["anaphoric_days"][words]))
    if kind == "ago":
        return _ago(g, ref)
    mod = (g["mod"] or "").lower()
    if mod in ("later this", "next"):
        return "rejected-future"  # "elections later this year"
    return _period(mod, (g["unit"] or "").lower(), ref)


def _single(day: date) -> tuple[date, date, DatePrecision]:
    return day, day, "day"


def _numeric(a: int, b: int, year: int, ref: date | None) -> tuple[date, date, DatePrecision]:
    """Day-first unless only month-first is valid or on or before the reference."""
    options = []
    for day, month in ((a, b), (b, a)):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise ValueError("no reading")
    if ref is not None:
        past = [o for o in options if o <= ref]
        options = past or options
    return _single(options[0])


def _range(g: dict[str, str | None], ref: date | None) -> tuple[date, date, DatePrecision] | str:
    m2 = _month(g["m2"]) or _month(g["m1"])
    m1 = _month(g["m1"]) or m2
    d1, d2 = _day(g["d1"]), _day(g["d2"])
    if not (m1 and m2 and d1 and d2):
        return "rejected-impossible"
    year2 = int(g["y2"]) if g["y2"] else int(g["y1"]) if g["y1"] else None
    if year2 is None:  # the year whose start day is the latest on or before publication
        if ref is None:
            return "no-reference"
        first = _latest_on_or_before(ref, m1, d1)
        if first is None:
            return "rejected-impossible"
        year2 = first.year + (m2 < m1)
    end = date(year2, m2, d2)
    start = date(int(g["y1"]) if g["y1"] else end.year, m1, d1)
    if start > end:
        start = date(start.year - 1, m1, d1)
    if (end - start).days > 120:
        return "rejected-impossible"
    if (g["conn"] or "").lower() == "or":  # one day of two: coders take the first
        return start, start, "days"
    if g.get("night"):  # "overnight between 24 and 25 March" is the night of the 24th
        return _single(start)
    return start, end, "days" if (end - start).days < 6 else "week"  # UCDP: 2-6 days


def _month_value(
    g: dict[str, str | None],
    ref: date | None,
) -> tuple[date, date, DatePrecision] | str:
    month = _month(g["m"]) or 0
    if g.get("y"):
        first, last = _month_bounds(int(g["y"]), month)
    else:
        if ref is None:
            return "no-reference"
        year = ref.year if month <= ref.month else ref.year - 1
        if (g.get("pre") or "").lower() == "last" and month == ref.month:
            year -= 1
        first, last = _month_bounds(year, month)
    if ref is not None and first <= ref < last:
        last = ref
    return first, last, "month"


def _ago(g: dict[str, str | None], ref: date) -> tuple[date, date, DatePrecision]:
    unit = (g["unit"] or "day").rstrip("s")
    if g["few"]:
        step = {"day": 1, "week": 7, "month": 30}[unit]
        return (
            ref - timedelta(days=6 * step),
            ref - timedelta(days=2 * step),
            "days" if unit == "day" else "month",
        )
    n = _number(g["n"] or "1")
    if unit == "day":
        return _single(ref - timedelta(days=n))
    if unit == "week":
        day = ref - timedelta(days=7 * n)
        return day - timedelta(days=3), day + timedelta(days=3), "week"
    year, month = divmod(ref.year * 12 + ref.month - 1 - n, 12)
    first, last = _month_bounds(year, month + 1)
    return first, last, "month"


def _period(mod: str, unit: str, ref: date) -> tuple[date, date, DatePrecision]:
    """'last week', 'earlier this month', 'over the weekend', 'last year' and the like."""
    monday = ref - timedelta(days=ref.weekday())
    if unit == "weekend":
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        if mod == "last" and ref.weekday() >= 5:
            saturday -= timedelta(days=7)
        return saturday, min(saturday + timedelta(days=1), ref), "days"
    if unit == "week":
        if mod in ("last", "late last", "earlier last", "past"):
            if mod == "past":
                return ref - timedelta(days=7), ref, "week"
            return monday - timedelta(days=7), monday - timedelta(days=1), "week"
        return monday, ref, "week"
    if unit == "month":
        if "last" in mod or mod == "past":
            return (
                *_month_bounds(
                    *((ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12))
                ),
                "month",
            )
        return ref.replace(day=1), ref, "month"
    if "last" in mod or mod == "past":
        return date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), "year"
    return date(ref.year, 1, 1), ref, "year"

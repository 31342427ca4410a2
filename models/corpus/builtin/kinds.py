"""Generators of English→X phrase pairs from CLDR data (babel) and num2words.

Each generator takes a seeded random.Random and a target locale and returns one pair, or None
where that draw would need a form the libraries do not give reliably (a spelling that depends on
gender or case); those draws are left out rather than guessed.

The generators of dates, relative times, amounts and quantities also say which parts of the
source produced which parts of the target (`Generated.parts`, each part formatted on its own in
both languages): the gold word alignments that attention is scored against (models/alignment.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import NamedTuple

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.units import format_unit
from num2words import num2words

from models.corpus.text import normalize

Pair = tuple[str, str]
REST = ""  # a part's phrase that stands for the words no other part claimed


class Generated(NamedTuple):
    """A pair (it unpacks and indexes as one) and the parts it was made of: (source phrase,
    target phrase) couples, each phrase's words produced by the other's. Parts may be empty."""

    source: str
    target: str
    parts: tuple[tuple[str, str], ...] = ()


Generator = Callable[[random.Random, str], "Pair | Generated | None"]

FIRST_DAY = dt.date(1900, 1, 1).toordinal()
LAST_DAY = dt.date(2099, 12, 31).toordinal()
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "MXN", "BRL", "SEK")
UNITS = (
    "length-kilometer", "length-meter", "length-centimeter", "length-mile", "mass-kilogram",
    "mass-gram", "volume-liter", "temperature-celsius", "speed-kilometer-per-hour",
    "area-square-meter", "digital-gigabyte", "duration-hour", "duration-minute", "duration-day",
)  # fmt: skip
TIME_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")
# Units whose noun is feminine: a number word ending in "un"/"uno" would need "une"/"una".
FEMININE_TIME_UNITS = {"fr": {"second", "minute", "hour", "week"}, "es": {"second", "minute", "hour", "week"}}
# num2words has no Chinese; German and Spanish ordinals inflect by gender/case.
NUMBER_WORDS = {"fr", "de", "es"}
ORDINAL_WORDS = {"fr"}


def _number_words(n: int, lang: str, to: str = "cardinal") -> str:
    return num2words(n, lang=lang, to=to)


def _random_date(rng: random.Random) -> dt.date:
    return dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))


def date(rng: random.Random, lang: str) -> Pair | None:
    day = _random_date(rng)
    if lang == "fr" and day.day == 1:
        return None  # French writes "1er"; CLDR gives "1"
    form = rng.choice(("full", "long", "medium"))
    fields = ("EEEE", "MMMM", "d", "y") if form == "full" else ("MMMM" if form == "long" else "MMM", "d", "y")
    parts = tuple((format_date(day, f, locale="en"), format_date(day, f, locale=lang)) for f in fields)
    return Generated(format_date(day, form, locale="en"), format_date(day, form, locale=lang), parts)


def date_range(rng: random.Random, lang: str) -> Pair | None:
    start = _random_date(rng)
    end = start + dt.timedelta(days=rng.randint(1, 120))
    if lang == "fr" and 1 in (start.day, end.day):
        return None
    skeleton = rng.choice(("yMMMd", "yMMMMd", "MMMd", "MMMMd"))
    return (
        format_interval(start, end, skeleton, locale="en"),
        format_interval(start, end, skeleton, locale=lang),
    )


def _relative_pattern(locale: str, unit: str, past: bool, value: int) -> str:
    loc = Locale.parse(locale)
    fields = loc._data["date_fields"][unit]
    patterns = fields["past" if past else "future"]
    form = loc.plural_form(value)
    return patterns.get(form) or patterns["other"]


def relative_time(rng: random.Random, lang: str) -> Pair | None:
    unit = rng.choice(TIME_UNITS)
    value = rng.randint(1, 99)
    past = rng.random() < 0.5
    en = _relative_pattern("en", unit, past, value)
    tgt = _relative_pattern(lang, unit, past, value)
    if lang in NUMBER_WORDS and rng.random() < 0.6:
        words = _number_words(value, lang)
        if lang == "de" and value == 1:
            return None  # "vor einem Tag": the article inflects
        if lang == "es" and words.endswith("uno"):
            return None  # "veintiún días" / "veintiuna horas"
        if lang == "fr" and words.endswith("un") and unit in FEMININE_TIME_UNITS["fr"]:
            return None  # "vingt et une heures"
        en_words = _number_words(value, "en")
        return Generated(en.replace("{0}", en_words), tgt.replace("{0}", words), ((en_words, words), (REST, REST)))
    return Generated(
        en.replace("{0}", str(value)), tgt.replace("{0}", str(value)), ((str(value), str(value)), (REST, REST))
    )


def _random_amount(rng: random.Random) -> float:
    digits = rng.randint(0, 6)
    whole = rng.randint(10 ** (digits - 1) if digits else 0, 10**digits - 1 if digits else 9)
    return whole + (rng.randint(0, 99) / 100 if rng.random() < 0.5 else 0.0)


def currency(rng: random.Random, lang: str) -> Pair | None:
    amount = _random_amount(rng)
    code = rng.choice(CURRENCIES)
    kind = rng.choice(("standard", "name"))
    digits = get_currency_precision(code)
    number = "#,##0" + ("." + "0" * digits if digits else "")
    return Generated(
        format_currency(amount, code, locale="en", format_type=kind),
        format_currency(amount, code, locale=lang, format_type=kind),
        ((format_decimal(amount, number, locale="en"), format_decimal(amount, number, locale=lang)), (REST, REST)),
    )


def quantity(rng: random.Random, lang: str) -> Pair | None:
    value: float = rng.randint(0, 2000) if rng.random() < 0.7 else round(rng.uniform(0, 500), 1)
    unit = rng.choice(UNITS)
    length = rng.choice(("long", "short"))
    en = format_unit(value, unit, locale="en", length=length)
    tgt = format_unit(value, unit, locale=lang, length=length)
    if unit in tgt or unit in en:  # CLDR has no name for this unit in this locale
        return None
    return Generated(en, tgt, ((format_decimal(value, locale="en"), format_decimal(value, locale=lang)), (REST, REST)))


def cardinal(rng: random.Random, lang: str) -> Pair | None:
    if lang not in NUMBER_WORDS:
        return None
    n = int(10 ** rng.uniform(0, 6))
    return _number_words(n, "en"), _number_words(n, lang)


def ordinal(rng: random.Random, lang: str) -> Pair | None:
    if lang not in ORDINAL_WORDS:
        return None
    n = int(10 ** rng.uniform(0, 4))
    if n == 1:
        return None  # premier / première
    return _number_words(n, "en", "ordinal"), _number_words(n, lang, "ordinal")


def number_format(rng: random.Random, lang: str) -> Pair | None:
    if lang == "zh":
        return None  # Chinese groups digits as English does: nothing to learn
    value = _random_amount(rng) * rng.choice((1, 10, 1000))
    return format_decimal(value, locale="en"), format_decimal(value, locale=lang)


def names(lang: str) -> list[Pair]:
    """Territory and currency names: adjective–noun order often swaps ("Swiss franc")."""
    en, tgt = Locale.parse("en"), Locale.parse(lang)
    pairs = []
    for table in ("territories", "currencies"):
        src_names, tgt_names = getattr(en, table), getattr(tgt, table)
        for code in sorted(src_names):
            if code in tgt_names and not code.isdigit() and src_names[code] != code:
                pairs.append((src_names[code], tgt_names[code]))
    return pairs


RANDOM_KINDS: dict[str, Generator] = {
    "date": date,
    "date range": date_range,
    "relative time": relative_time,
    "currency": currency,
    "quantity": quantity,
    "cardinal": cardinal,
    "ordinal": ordinal,
    "number format": number_format,
}


def clean(pair: Pair | None) -> Pair | None:
    if pair is None:
        return None
    src, tgt = normalize(pair[0]), normalize(pair[1])
    return (src, tgt) if src and tgt else None

"""Public city-level figures (``data/city_figures.csv``): the real universe beside the sample.

The dataset names 61 of the city's 331 recognised villages, so a share computed over it
is the sample's, never the city's. Each card says how much of the universe the dataset
covers ("tập dữ liệu có 61/331 làng nghề được công nhận") and gives the latest figure
the city itself reported, with its source and date, so a planner quotes the right one.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.errors import InvalidTargets, Message
from geo.language import dates, i18n

COLUMNS = ["id", "value", "unit", "as_of", "date_precision", "universe", "targets", "label_vi", "label_en",
           "qualifier_vi", "qualifier_en", "source", "note_vi", "note_en"]
UNITS = {"villages", "clusters", "parks", "percent"}
PRECISIONS = {"day", "month", "year", "assumed", "undated"}

#: What a universe figure counts, as sites of the dataset: (rule, Vietnamese words, English words).
UNIVERSES = {
    "recognised_villages": ({"kind": ["lang_nghe"], "recognised": ["yes"]}, "làng nghề được công nhận", "recognised craft villages"),
    "operating_clusters": ({"kind": ["ccn", "ccn_lang_nghe"], "operating_status": ["operating"]},
                           "cụm công nghiệp đang hoạt động", "operating industrial clusters"),
    "operating_parks": ({"kind": ["kcn"], "operating_status": ["operating"]}, "khu công nghiệp đang hoạt động", "operating industrial parks"),
}


@dataclass(frozen=True)
class Figure:
    id: str
    value: float
    unit: str
    as_of: dt.date | None
    date_precision: str
    universe: str
    targets: tuple[str, ...]
    label_vi: str
    label_en: str
    qualifier_vi: str
    qualifier_en: str
    source: str
    note_vi: str
    note_en: str

    def in_words(self, lang: str = "vi") -> str:
        """ "331 làng nghề được công nhận (…) — langngheviet.com.vn 31237, 31/12/2025 (ngày giả định)"."""
        qualifier = i18n.pick(lang, self.qualifier_vi, self.qualifier_en)
        number = i18n.format_percent(self.value, lang, 0) if self.unit == "percent" else i18n.format_number(self.value, lang)
        head = " ".join(p for p in (qualifier, number, i18n.pick(lang, self.label_vi, self.label_en)) if p)
        when = i18n.format_dated(self.as_of, self.date_precision, lang)
        return f"{head} — {self.source}, {when}"


def _invalid(path, vi: str, en: str) -> InvalidTargets:
    return InvalidTargets(Message(f"Tệp số liệu thành phố {Path(path).name}: {vi}", f"City figures file {Path(path).name}: {en}"))


@functools.lru_cache(maxsize=4)
def load_figures(path: Path) -> tuple[Figure, ...]:
    """Every figure, checked: a bad row raises with its id and the fix."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _invalid(path, f"không đọc được ({exc})", f"cannot be read ({exc})") from exc
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise _invalid(path, f"thiếu cột {missing}", f"missing columns {missing}")
    out = []
    for row in frame.to_dict("records"):
        fid = row["id"] or "?"
        try:
            value = float(row["value"])
        except ValueError as exc:
            raise _invalid(path, f"dòng '{fid}': giá trị '{row['value']}' không phải số", f"row '{fid}': value '{row['value']}' is not a number") from exc
        if row["unit"] not in UNITS or row["date_precision"] not in PRECISIONS:
            raise _invalid(path, f"dòng '{fid}': đơn vị phải thuộc {sorted(UNITS)}, độ chính xác ngày thuộc {sorted(PRECISIONS)}",
                           f"row '{fid}': unit must be one of {sorted(UNITS)}, date precision one of {sorted(PRECISIONS)}")
        as_of = dates.parse_date(row["as_of"]) if row["as_of"] else None
        if (as_of is None) != (row["date_precision"] == "undated"):
            raise _invalid(path, f"dòng '{fid}': chỉ dòng 'undated' mới được để trống ngày",
                           f"row '{fid}': only an 'undated' row may leave the date empty")
        if row["universe"] and row["universe"] not in UNIVERSES:
            raise _invalid(path, f"dòng '{fid}': universe phải thuộc {sorted(UNIVERSES)}", f"row '{fid}': universe must be one of {sorted(UNIVERSES)}")
        if not row["source"]:
            raise _invalid(path, f"dòng '{fid}': thiếu nguồn", f"row '{fid}': no source")
        out.append(Figure(row["id"], value, row["unit"], as_of, row["date_precision"], row["universe"], tuple(row["targets"].split()),
                          row["label_vi"], row["label_en"], row["qualifier_vi"], row["qualifier_en"], row["source"],
                          row["note_vi"], row["note_en"]))
    return tuple(out)


def _latest(candidates) -> Figure | None:
    dated = [f for f in candidates if f.as_of is not None]
    return max(dated, key=lambda f: f.as_of) if dated else None


def official(figures, target_id: str) -> Figure | None:
    """The latest dated figure the city reported for this target, if any."""
    return _latest(f for f in figures if target_id in f.targets)


def universes_for(denominator: dict) -> list[str]:
    """The universes a target's denominator draws from (a village target: the recognised villages)."""
    kinds = set(denominator.get("kind", []))
    return [key for key, (rule, _, _) in UNIVERSES.items() if kinds & set(rule["kind"])]


def universe_counts(denominator: dict, state: pd.DataFrame) -> dict[str, int]:
    """How many sites of each universe the target draws from the dataset holds."""
    out = {}
    for key in universes_for(denominator):
        rule = UNIVERSES[key][0]
        mask = pd.Series(True, index=state.index)
        for field, allowed in rule.items():
            mask &= state[field].isin(allowed)
        out[key] = int(mask.sum())
    return out


def coverage(counts: dict[str, int], figures, lang: str = "vi", on: dt.date | None = None) -> list[str]:
    """ "Tập dữ liệu có 61/331 làng nghề được công nhận (số của thành phố: …, 31/12/2025)", one line per universe.

    The city's figure is the latest reported on or before ``on`` (like with like), else the earliest after it.
    """
    lines = []
    for key, n in counts.items():
        _, vi, en = UNIVERSES[key]
        of_key = [f for f in figures if f.universe == key and f.as_of is not None]
        before = [f for f in of_key if on is None or f.as_of <= on]
        city = _latest(before) or (min(of_key, key=lambda f: f.as_of) if of_key else None)
        here = i18n.format_number(n, lang)
        if city is None:
            lines.append(i18n.pick(lang, f"Tập dữ liệu có {here} {vi}; chưa có số của thành phố.",
                                   f"The dataset has {here} {en}; no city figure is known."))
            continue
        total = i18n.format_number(city.value, lang)
        when = i18n.format_dated(city.as_of, city.date_precision, lang)
        lines.append(i18n.pick(lang, f"Tập dữ liệu có {here}/{total} {vi} (số của thành phố: {city.source}, {when}).",
                               f"The dataset has {here} of the city's {total} {en} ({city.source}, {when})."))
    return lines

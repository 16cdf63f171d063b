"""Targets as data (the targets file, ``data/targets.toml``) and their values on any date.

A target names its denominator and what counts as met as tables of allowed values, so
a new target is a data-file change only, and the reason a site falls short can be said
in words from the same table ("Trạm XLNT: Đã xây, chưa vận hành").
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.core import model, reasons, vocab
from geo.errors import InvalidTargets, Message
from geo.language import dates, i18n

MEASURES = ("share_of_sites", "ratio_of_sums", "count_of_sites", "unmeasured")
GROUPINGS = {"old_district": ("old_district_code", "old_district_name"), "new_unit": ("new_unit_code", "new_unit_name")}


@dataclass(frozen=True)
class Target:
    id: str
    plan: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    legal_basis: str
    source: str
    agency_vi: str
    agency_en: str
    target: float
    deadline: dt.date
    denominator: dict = field(default_factory=dict)
    met: dict = field(default_factory=dict)
    measure: str = "share_of_sites"
    numerator_field: str = ""
    denominator_field: str = ""
    #: kind -> {"vi": ..., "en": ...}: who is responsible for that kind of site, where it differs.
    agency_by_kind: dict = field(default_factory=dict)
    period: str = ""
    #: Which sites the denominator includes and excludes, and why; how the target is measured.
    scope_vi: str = ""
    scope_en: str = ""
    note_vi: str = ""
    note_en: str = ""

    @property
    def is_count(self) -> bool:
        return self.measure == "count_of_sites"

    def format_value(self, value, lang: str = "vi", decimals: int = 1) -> str:
        """A value of this target as read aloud: "38,5 %" for shares, "58 cụm" for a count."""
        if self.is_count:
            return i18n.format_number(value, lang) + i18n.pick(lang, " cơ sở", " sites")
        return i18n.format_percent(value, lang, decimals)

    def format_gap(self, value, lang: str = "vi") -> str:
        """How far short, as read aloud: "30,1 điểm %" for shares, "3 cơ sở" for a count."""
        if self.is_count:
            return self.format_value(value, lang)
        return i18n.format_number(value, lang, 1) + i18n.pick(lang, " điểm %", " points")

    def scope(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.scope_vi, self.scope_en)

    def note(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.note_vi, self.note_en)

    def name(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.name_vi, self.name_en)

    def short(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.short_vi, self.short_en)

    def rule_in_words(self, which: str, lang: str = "vi") -> str:
        """``denominator`` or ``met`` as a reader states it: "Loại hình: Làng nghề hoặc Cụm công nghiệp; …"."""
        rule = getattr(self, which)
        if which == "met" and self.measure == "ratio_of_sums":
            return i18n.pick(lang, f"tỷ lệ {i18n.field_label(self.numerator_field, lang).lower()} trên "
                                   f"{i18n.field_label(self.denominator_field, lang).lower()}",
                             f"{i18n.field_label(self.numerator_field, lang)} over {i18n.field_label(self.denominator_field, lang).lower()}")
        joiner = i18n.pick(lang, " hoặc ", " or ")
        return "; ".join(f"{i18n.field_label(f, lang)}: " + joiner.join(vocab.label(f, v, lang) for v in values)
                         for f, values in rule.items())

    def agency(self, lang: str = "vi", kind: str | None = None) -> str:
        """The agency responsible, for one kind of site when the file names one."""
        specific = self.agency_by_kind.get(kind or "", {})
        return specific.get(lang) or i18n.pick(lang, self.agency_vi, self.agency_en)


@dataclass(frozen=True)
class Period:
    """A plan period: its targets are judged on its end date, and once that has passed it is closed."""

    id: str
    name_vi: str
    name_en: str
    start: dt.date
    end: dt.date
    about_vi: str = ""
    about_en: str = ""
    baseline: dt.date | None = None

    def name(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.name_vi, self.name_en)

    def about(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.about_vi, self.about_en)

    def closed(self, on: dt.date) -> bool:
        return on > self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def judged_on(self, as_of: dt.date) -> dt.date:
        """The date its cards are computed for: the viewing date, or its end once it has closed."""
        return min(as_of, self.end)

    def days(self, as_of: dt.date) -> list[dt.date]:
        """The dates its course is drawn at: the baseline, each year end inside it, and the date judged."""
        judged = self.judged_on(as_of)
        ends = [dt.date(y, 12, 31) for y in range(self.start.year, self.end.year + 1)]
        days = ([self.baseline] if self.baseline else []) + [d for d in ends if d < judged] + [judged]
        return sorted(set(days))


def _invalid(path, vi: str, en: str) -> InvalidTargets:
    return InvalidTargets(Message(f"Tệp chỉ tiêu {Path(path).name}: {vi}", f"Targets file {Path(path).name}: {en}"))


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _invalid(path, f"không đọc được ({exc})", f"cannot be read ({exc})") from exc


def load_periods(path: Path) -> list[Period]:
    """The plan periods of the targets file, oldest first."""
    periods = []
    for entry in _read(path).get("period", []):
        try:
            entry = dict(entry)
            entry["start"] = dt.date.fromisoformat(str(entry["start"]))
            entry["end"] = dt.date.fromisoformat(str(entry["end"]))
            if "baseline" in entry:
                entry["baseline"] = dt.date.fromisoformat(str(entry["baseline"]))
            periods.append(Period(**entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise _invalid(path, f"kỳ '{entry.get('id', '?')}' thiếu hoặc sai ({exc}); xem phần đầu tệp",
                           f"period '{entry.get('id', '?')}' is incomplete or malformed ({exc}); see the header of the file") from exc
    if len({p.id for p in periods}) != len(periods):
        raise _invalid(path, "mã kỳ phải khác nhau", "period ids must be unique")
    return sorted(periods, key=lambda p: p.start)


def period_on(periods: list[Period], day: dt.date) -> Period | None:
    """The period a date falls in; after the last one, the last one; before the first, the first."""
    if not periods:
        return None
    inside = [p for p in periods if p.contains(day)]
    if inside:
        return inside[-1]
    return periods[-1] if day > periods[-1].end else periods[0]


def load_targets(path: Path) -> list[Target]:
    """Read and check every target; a bad entry raises with the file, target and fix."""
    raw = _read(path)
    period_ids = {p.id for p in load_periods(path)}
    targets = []
    known_fields = set(model.SITE_COLUMNS) | set(model.STATUS_FIELDS) | {"ep_all_met"}
    for entry in raw.get("target", []):
        tid = entry.get("id", "?")
        try:
            entry = dict(entry)
            entry["deadline"] = dt.date.fromisoformat(str(entry["deadline"]))
            entry["target"] = float(entry["target"])
            t = Target(**entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise _invalid(path, f"chỉ tiêu '{tid}' thiếu hoặc sai ({exc}); xem phần đầu tệp",
                           f"target '{tid}' is incomplete or malformed ({exc}); see the header of the file") from exc
        if period_ids and t.period not in period_ids:
            raise _invalid(path, f"chỉ tiêu '{tid}': period phải là một trong {sorted(period_ids)}",
                           f"target '{tid}': period must be one of {sorted(period_ids)}")
        if t.measure not in MEASURES:
            raise _invalid(path, f"chỉ tiêu '{tid}': measure phải là một trong {MEASURES}",
                           f"target '{tid}': measure must be one of {MEASURES}")
        for kind, names in t.agency_by_kind.items():
            if kind not in vocab.Kind.codes() or not isinstance(names, dict) or not names.get("vi") or not names.get("en"):
                raise _invalid(path, f"chỉ tiêu '{tid}': agency_by_kind.{kind} cần một loại hình đã biết, có tên vi và en",
                               f"target '{tid}': agency_by_kind.{kind} needs a known kind with vi and en names")
        for part in (t.denominator, t.met):
            for fname, allowed in part.items():
                if fname not in known_fields:
                    raise _invalid(path, f"chỉ tiêu '{tid}': không có trường '{fname}'", f"target '{tid}': unknown field '{fname}'")
                codes = vocab.FIELD_VOCAB.get(fname)
                bad = [a for a in allowed if codes is not None and a not in codes.codes()]
                if bad:
                    raise _invalid(path, f"chỉ tiêu '{tid}': {fname} có giá trị không có trong danh mục {bad}; dùng: {codes.codes()}",
                                   f"target '{tid}': {fname} has unknown values {bad}; allowed: {codes.codes()}")
        targets.append(t)
    ids = [t.id for t in targets]
    if len(ids) != len(set(ids)):
        raise _invalid(path, "mã chỉ tiêu phải khác nhau", "target ids must be unique")
    return targets


def in_denominator(target: Target, state: pd.DataFrame) -> pd.Series:
    mask = pd.Series(True, index=state.index)
    for fname, allowed in target.denominator.items():
        mask &= state[fname].isin(allowed)
    return mask


def left_out_unknown(target: Target, state: pd.DataFrame) -> dict[str, int]:
    """Per denominator field: sites that would be counted but for an unknown value there."""
    out = {}
    for fname, allowed in target.denominator.items():
        if "unknown" in allowed:
            continue
        others = pd.Series(True, index=state.index)
        for other, values in target.denominator.items():
            if other != fname:
                others &= state[other].isin(values)
        n = int((others & (state[fname] == "unknown")).sum())
        if n:
            out[fname] = n
    return out


def denominator_counts(target: Target, state: pd.DataFrame) -> dict:
    """What a denominator holds here: sites counted, villages among them on list (iv), sites left out as unknown."""
    inside = in_denominator(target, state)
    listed_iv = 0
    if "lang_nghe" in target.denominator.get("kind", []) and "roadmap_list" in state.columns:
        listed_iv = int((inside & (state["roadmap_list"] == "iv")).sum())
    return {"counted": int(inside.sum()), "list_iv": listed_iv, "unknown": left_out_unknown(target, state)}


def denominator_in_words(target: Target, counts: dict, lang: str = "vi") -> str:
    """ "Được tính: 61 cơ sở trong tập dữ liệu, gồm 28 làng thuộc danh mục (iv); không tính 3 cơ sở chưa rõ …"."""
    if target.measure == "unmeasured" or not counts:
        return ""
    tr = i18n.translator(lang)
    n = i18n.format_number(counts["counted"], lang)
    parts = [tr(f"Được tính: {n} cơ sở trong tập dữ liệu", f"Counted: {n} sites of the dataset")]
    if counts["list_iv"]:
        parts[0] += tr(f", gồm {counts['list_iv']} làng thuộc danh mục (iv)", f", {counts['list_iv']} of them villages on list (iv)")
    for fname, k in counts["unknown"].items():
        parts.append(tr(f"không tính {i18n.format_number(k, lang)} cơ sở chưa rõ “{i18n.field_label(fname, lang)}”",
                        f"left out: {i18n.format_number(k, lang)} sites whose “{i18n.field_label(fname, lang)}” is unknown"))
    return "; ".join(parts) + "."


def evaluate(target: Target, state: pd.DataFrame) -> pd.DataFrame:
    """Sites in the denominator with ``met`` and the reasons they fall short, in both languages."""
    sub = state[in_denominator(target, state)]
    out = pd.DataFrame({"site_id": sub["site_id"]}, index=sub.index)
    if target.measure != "share_of_sites":
        out["met"] = False
        out["reasons_vi"] = ""
        out["reasons_en"] = ""
        return out
    met = pd.Series(True, index=sub.index)
    failed: list[list[tuple[str, str]]] = [[] for _ in range(len(sub))]
    for fname, allowed in target.met.items():
        ok = sub[fname].isin(allowed)
        met &= ok
        for pos in (~ok).to_numpy().nonzero()[0]:
            failed[pos].append((fname, sub[fname].iloc[pos]))
    out["met"] = met
    out["reasons_vi"] = [reasons.explain(f, "vi") for f in failed]
    out["reasons_en"] = [reasons.explain(f, "en") for f in failed]
    return out


@dataclass
class Result:
    target: Target
    as_of: dt.date
    numerator: float
    denominator: float
    percent: float | None  # the value: a percent, or a number of sites for a count target
    shortfalls: pd.DataFrame  # site_id, name, kind, districts, units, reasons_vi, reasons_en

    @property
    def met(self) -> bool:
        return self.percent is not None and self.percent >= self.target.target

    @property
    def has_data(self) -> bool:
        return self.percent is not None


def compute(target: Target, state: pd.DataFrame, as_of=None) -> Result:
    """Numerator, denominator, percent and the sites that fall short on the state's date."""
    as_of = dates.parse_date(as_of if as_of is not None else (state["status_as_of"].iloc[0] if len(state) else dates.today()))
    if target.measure == "unmeasured":
        return Result(target, as_of, 0.0, 0.0, None, _empty_shortfalls())
    if target.measure == "count_of_sites":
        count = float(in_denominator(target, state).sum())
        return Result(target, as_of, count, target.target, count, _empty_shortfalls())
    if target.measure == "ratio_of_sums":
        sub = state[in_denominator(target, state)]
        both = sub[[target.numerator_field, target.denominator_field]].dropna()
        den = float(both[target.denominator_field].sum())
        num = float(both[target.numerator_field].sum())
        percent = 100.0 * num / den if den > 0 else None
        return Result(target, as_of, num, den, percent, _empty_shortfalls())
    ev = evaluate(target, state)
    den = len(ev)
    num = int(ev["met"].sum())
    percent = 100.0 * num / den if den else None
    short = ev[~ev["met"]]
    cols = ["site_id", "name", "kind", "old_district_name", "new_unit_name", "illustrative"]
    shortfalls = state.loc[short.index, cols].assign(reasons_vi=short["reasons_vi"], reasons_en=short["reasons_en"])
    return Result(target, as_of, num, den, percent, pd.DataFrame(shortfalls).reset_index(drop=True))


def breakdown(target: Target, state: pd.DataFrame, by: str = "old_district", areas: dict[str, str] | None = None) -> pd.DataFrame:
    """Numerator, denominator and percent per old district or new unit ('' = not known).

    With ``areas`` (code -> name, e.g. all 30 former districts) every area gets a row, those
    without a site in the target's denominator with 0/0 and no percent.
    """
    code_col, name_col = GROUPINGS[by]
    ev = evaluate(target, state)
    frame = state.loc[ev.index, [code_col, name_col]].assign(met=ev["met"].astype(int))
    frame[code_col] = frame[code_col].fillna("")
    grouped = frame.groupby(code_col, dropna=False).agg(
        name=(name_col, "first"), numerator=("met", "sum"), denominator=("met", "size")
    )
    grouped["percent"] = 100.0 * grouped["numerator"] / grouped["denominator"]
    grouped = grouped.reset_index().rename(columns={code_col: "code"})
    if areas:
        missing = [c for c in areas if c not in set(grouped["code"])]
        extra = pd.DataFrame({"code": missing, "name": [areas[c] for c in missing], "numerator": 0, "denominator": 0,
                              "percent": float("nan")})
        grouped = pd.concat([grouped, extra], ignore_index=True) if len(extra) else grouped
    return grouped.sort_values(["percent", "name"], kind="stable", na_position="last").reset_index(drop=True)


def _empty_shortfalls() -> pd.DataFrame:
    return pd.DataFrame(columns=["site_id", "name", "kind", "old_district_name", "new_unit_name", "illustrative", "reasons_vi", "reasons_en"])


def site_standing(targets, state: pd.DataFrame, site_id: str, lang: str = "vi") -> pd.DataFrame:
    """Each target a site is counted by: met or not, why not in words, and the agency responsible."""
    row = state[state["site_id"] == site_id]
    out = []
    for target in targets:
        if target.measure != "share_of_sites":
            continue
        ev = evaluate(target, row)
        if not len(ev):
            continue  # the target does not count this site
        met = bool(ev["met"].iloc[0])
        out.append({"target_id": target.id, "target": target.short(lang), "name": target.name(lang), "met": met,
                    "reason": "" if met else ev[f"reasons_{i18n.code(lang)}"].iloc[0],
                    "agency": target.agency(lang, row["kind"].iloc[0])})
    return pd.DataFrame(out, columns=["target_id", "target", "name", "met", "reason", "agency"])

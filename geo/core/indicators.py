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

MEASURES = ("share_of_sites", "ratio_of_sums")
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


def _invalid(path, vi: str, en: str) -> InvalidTargets:
    return InvalidTargets(Message(f"Tệp chỉ tiêu {Path(path).name}: {vi}", f"Targets file {Path(path).name}: {en}"))


def load_targets(path: Path) -> list[Target]:
    """Read and check every target; a bad entry raises with the file, target and fix."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _invalid(path, f"không đọc được ({exc})", f"cannot be read ({exc})") from exc
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


def evaluate(target: Target, state: pd.DataFrame) -> pd.DataFrame:
    """Sites in the denominator with ``met`` and the reasons they fall short, in both languages."""
    sub = state[in_denominator(target, state)]
    out = pd.DataFrame({"site_id": sub["site_id"]}, index=sub.index)
    if target.measure == "ratio_of_sums":
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
    percent: float | None
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

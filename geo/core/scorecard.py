"""A target's scorecard: value now and at each year end, change, lateness, pace to 100%.

Plan 307 set its targets for 31/12/2025 and the work was assigned to the 30 former
districts, so a planner needs three things from each target: where it stands, how far
past the deadline the city is, and whether the pace so far would ever get it there.
Every function here takes states that were already computed (one per date), so the
dashboard can cache them and tests can build them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core import history, indicators
from geo.language import i18n

#: A projection needs at least this many dated values and sites behind each value.
MIN_POINTS = 3
MIN_SITES = 5
#: Below this fit (R²) the yearly values are too irregular to extend.
MIN_R2 = 0.5
#: Less progress than this (percentage points a year) is "no progress".
MIN_SLOPE = 0.1


def timeline(target: indicators.Target, states: dict, site_ids=None) -> pd.DataFrame:
    """The target's value on each date of ``states`` ({date: state}), with the change.

    ``site_ids`` keeps the same sites on every date (the sites the user filtered today),
    so a district's line is that district's sites, not whatever matched each year.
    """
    rows = []
    for day in sorted(states):
        state = states[day]
        if site_ids is not None:
            state = state[state["site_id"].isin(site_ids)]
        r = indicators.compute(target, state, day)
        rows.append({"date": day, "numerator": r.numerator, "denominator": r.denominator, "percent": r.percent})
    frame = pd.DataFrame(rows, columns=["date", "numerator", "denominator", "percent"])
    frame["percent"] = frame["percent"].astype("float64")
    frame["change"] = frame["percent"].diff()
    return frame


def days_late(target: indicators.Target, met: bool, as_of: dt.date) -> int:
    """Days past the deadline while the target is not met; negative = days still left; 0 once met."""
    if met:
        return 0
    return (as_of - target.deadline).days


@dataclass(frozen=True)
class Projection:
    """When the target would reach its value at the observed pace, or why that cannot be said."""

    status: str  # "met", "projected", "no_progress", "too_few", "irregular", "no_data"
    when: dt.date | None = None
    slope: float | None = None  # percentage points per year
    r2: float | None = None
    points: int = 0

    def text(self, target: indicators.Target, lang: str = "vi") -> str:
        tr = i18n.translator(lang)
        goal = i18n.format_percent(target.target, lang, 0)
        if self.status == "met":
            return tr(f"Đã đạt {goal}.", f"Reached {goal}.")
        if self.status == "no_data":
            return tr("Chưa có số liệu: không tính được giá trị.", "No data: no value can be computed.")
        if self.status == "too_few":
            return tr(f"Chưa đủ số liệu để dự báo: cần giá trị tại ít nhất {MIN_POINTS} thời điểm, mỗi thời điểm "
                      f"từ {MIN_SITES} cơ sở trở lên.",
                      f"Not enough data to project: needs values at {MIN_POINTS} or more dates, each over at least "
                      f"{MIN_SITES} sites.")
        pace = i18n.format_number(self.slope, lang, 1) if self.slope is not None else "?"
        if self.status == "no_progress":
            return tr(f"Với tốc độ hiện nay ({pace} điểm %/năm) sẽ không đạt được chỉ tiêu.",
                      f"At the observed pace ({pace} points a year) the target will not be reached.")
        if self.status == "irregular":
            r2 = i18n.format_number(self.r2, lang, 2)
            return tr(f"Số liệu các năm biến động thất thường, không đủ cơ sở để dự báo (R² = {r2}).",
                      f"The yearly values are too irregular to project (fit R² = {r2}).")
        when = self.when.year if self.when else "?"
        return tr(f"Với tốc độ bình quân từ đầu kỳ (+{pace} điểm %/năm), dự kiến đạt {goal} vào khoảng năm {when}.",
                  f"At the pace observed since the first value (+{pace} points a year), {goal} would be reached around {when}.")


def project(target: indicators.Target, values: pd.DataFrame) -> Projection:
    """A straight-line fit of percent against time over the dated values.

    A line is the honest minimum: five year-end values cannot support anything richer,
    and the caveats (too few points, no progress, a poor fit) are said instead of a date.
    """
    usable = values.dropna(subset=["percent"])
    if not len(usable):
        return Projection("no_data")
    last = usable.iloc[-1]
    if last["percent"] >= target.target:
        return Projection("met", points=len(usable))
    usable = usable[usable["denominator"] >= MIN_SITES]
    if len(usable) < MIN_POINTS:
        return Projection("too_few", points=len(usable))
    years = np.array([history.year_end_position(d) for d in usable["date"]])
    pct = usable["percent"].to_numpy(dtype=float)
    slope, intercept = np.polyfit(years, pct, 1)
    fitted = slope * years + intercept
    total = float(((pct - pct.mean()) ** 2).sum())
    r2 = 1.0 - float(((pct - fitted) ** 2).sum()) / total if total > 0 else 0.0
    if slope < MIN_SLOPE:
        return Projection("no_progress", slope=float(slope), r2=r2, points=len(usable))
    if r2 < MIN_R2:
        return Projection("irregular", slope=float(slope), r2=r2, points=len(usable))
    # The observed pace, carried on from where the target stands now (not from the fitted
    # line, which may say "already reached" of a value that has stalled below it).
    reach = years[-1] + (target.target - float(pct[-1])) / slope
    year = int(reach)
    day = dt.date(year, 12, 31) + dt.timedelta(days=int(round((reach - year) * 365)))
    return Projection("projected", when=day, slope=float(slope), r2=r2, points=len(usable))


@dataclass
class Card:
    """Everything one scorecard shows."""

    target: indicators.Target
    now: indicators.Result
    values: pd.DataFrame  # timeline(): year ends and the as-of date
    days_late: int
    projection: Projection
    #: False when the filters chose sites none of which the target counts (a park-only list and a cluster target).
    applies: bool = True

    @property
    def standing(self) -> str:
        """'not_applicable', 'no_data', 'met', 'late' (past the deadline, not met) or 'due' (not met, deadline ahead)."""
        if not self.applies:
            return "not_applicable"
        if not self.now.has_data:
            return "no_data"
        if self.now.met:
            return "met"
        return "late" if self.days_late > 0 else "due"

    def verdict(self, lang: str = "vi") -> str:
        """The standing in words: "Chưa đạt · quá hạn 327 ngày"."""
        tr = i18n.translator(lang)
        days = i18n.format_number(abs(self.days_late), lang)
        return {
            "not_applicable": tr("Không áp dụng cho các cơ sở đang chọn", "Does not apply to the chosen sites"),
            "no_data": tr("Chưa có số liệu", "No data"),
            "met": tr("Đạt", "Met"),
            "late": tr(f"Chưa đạt · quá hạn {days} ngày", f"Not met · {days} days past the deadline"),
            "due": tr(f"Chưa đạt · còn {days} ngày đến hạn", f"Not met yet · {days} days to the deadline"),
        }[self.standing]

    @property
    def year_ends(self) -> pd.DataFrame:
        return self.values[[d.month == 12 and d.day == 31 for d in self.values["date"]]]


def card(target: indicators.Target, states: dict, as_of: dt.date, site_ids=None) -> Card:
    """The scorecard on ``as_of``; ``states`` must hold ``as_of`` and the year ends wanted."""
    values = timeline(target, states, site_ids)
    values = values[[d <= as_of for d in values["date"]]].reset_index(drop=True)
    state = states[as_of]
    if site_ids is not None:
        state = state[state["site_id"].isin(site_ids)]
    now = indicators.compute(target, state, as_of)
    applies = site_ids is None or bool(indicators.in_denominator(target, state).any())
    return Card(target, now, values, days_late(target, now.met, as_of), project(target, values), applies)


def blockers(target: indicators.Target, state: pd.DataFrame, by: str = "old_district", lang: str = "vi") -> pd.DataFrame:
    """The sites standing between the city and the target, with area, agency and reason.

    Sorted by area then agency, the order a planner walks through in a meeting; a site
    known only by its former district has an empty new unit and sorts last.
    """
    result = indicators.compute(target, state)
    short = result.shortfalls
    code_col, name_col = indicators.GROUPINGS[by]
    extra = state.set_index("site_id").loc[short["site_id"], [code_col]] if len(short) else pd.DataFrame(columns=[code_col])
    out = pd.DataFrame({
        "area_code": list(extra[code_col].fillna("")) if len(short) else [],
        "area_name": short["old_district_name" if by == "old_district" else "new_unit_name"].fillna("").tolist(),
        "agency": [target.agency(lang, k) for k in short["kind"]],
        "site_id": short["site_id"].tolist(),
        "name": short["name"].tolist(),
        "kind": short["kind"].tolist(),
        "reason": short[f"reasons_{i18n.code(lang)}"].tolist(),
        "illustrative": short["illustrative"].astype(bool).tolist(),
    })
    out["_unplaced"] = out["area_code"] == ""
    out = out.sort_values(["_unplaced", "area_name", "agency", "name"], kind="stable").drop(columns="_unplaced")
    return out.reset_index(drop=True)


def blocker_summary(blocked: pd.DataFrame) -> pd.DataFrame:
    """How many sites block the target in each area, per agency."""
    if not len(blocked):
        return pd.DataFrame(columns=["area_code", "area_name", "agency", "sites"])
    return (blocked.groupby(["area_code", "area_name", "agency"], dropna=False).size().rename("sites").reset_index()
            .sort_values(["sites", "area_name"], ascending=[False, True], kind="stable").reset_index(drop=True))

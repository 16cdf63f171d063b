"""A target's scorecard: value now and at each year end, change, lateness, pace to 100%.

Plan 307 set its targets for 31/12/2025 and the work was assigned to the 30 former
districts, so a planner needs three things from each target: where it stands, how far
past the deadline the city is, and whether the pace so far would ever get it there.
Every function here takes states that were already computed (one per date), so the
dashboard can cache them and tests can build them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.core import figures, history, indicators
from geo.language import dates, i18n

#: A projection needs at least this many dated values and sites behind each value.
MIN_POINTS = 3
MIN_SITES = 5
#: Below this fit (R²) the yearly values are too irregular to extend.
MIN_R2 = 0.5
#: Less progress than this (percentage points a year) is "no progress".
MIN_SLOPE = 0.1
#: A value unchanged over at least this many days, at two or more dates, has stalled.
STALLED_DAYS = 180


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

    status: str  # "met", "projected", "no_progress", "stalled", "too_few", "irregular", "no_data", "closed"
    when: dt.date | None = None
    slope: float | None = None  # percentage points per year
    r2: float | None = None
    points: int = 0
    since: dt.date | None = None  # stalled: the first date of the unchanged value

    def text(self, target: indicators.Target, lang: str = "vi") -> str:
        tr = i18n.translator(lang)
        goal = target.format_value(target.target, lang, 0)
        deadline = i18n.format_date(target.deadline, lang)
        if self.status == "closed":
            return tr(f"Kỳ kế hoạch đã kết thúc ngày {deadline}; không dự báo.", f"The plan period ended on {deadline}; no projection.")
        if target.measure == "unmeasured":
            return tr("Không có số liệu công khai để đo chỉ tiêu này.", "No public data measures this target.")
        if self.status == "stalled":
            since = i18n.format_date(self.since, lang)
            return tr(f"Đứng yên từ {since}: giá trị không thay đổi, nên không dự báo được năm đạt {goal}.",
                      f"Stalled since {since}: the value has not changed, so no year for reaching {goal} can be given.")
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
        unit_vi, unit_en = ("cơ sở/năm", "sites a year") if target.is_count else ("điểm %/năm", "points a year")
        if self.status == "no_progress":
            return tr(f"Với tốc độ hiện nay ({pace} {unit_vi}) sẽ không đạt được chỉ tiêu.",
                      f"At the observed pace ({pace} {unit_en}) the target will not be reached.")
        if self.status == "irregular":
            r2 = i18n.format_number(self.r2, lang, 2)
            return tr(f"Số liệu các năm biến động thất thường, không đủ cơ sở để dự báo (R² = {r2}).",
                      f"The yearly values are too irregular to project (fit R² = {r2}).")
        when = self.when.year if self.when else "?"
        in_time = self.when is not None and self.when <= target.deadline
        after_vi = f"kịp hạn {deadline}" if in_time else f"sau hạn {deadline}"
        after_en = f"in time for {deadline}" if in_time else f"after the deadline, {deadline}"
        return tr(f"Với tốc độ bình quân từ đầu kỳ (+{pace} {unit_vi}), dự kiến đạt {goal} vào khoảng năm {when}, {after_vi}.",
                  f"At the pace observed since the first value (+{pace} {unit_en}), {goal} would be reached around {when}, {after_en}.")


def stalled_since(values: pd.DataFrame) -> dt.date | None:
    """The first date of the latest value, when it has held at two or more dates over ``STALLED_DAYS`` or more."""
    usable = values.dropna(subset=["percent"])
    if len(usable) < 2:
        return None
    last = float(usable["percent"].iloc[-1])
    same = usable["percent"].to_numpy(dtype=float)
    start = len(same) - 1
    while start > 0 and abs(same[start - 1] - last) < 1e-9:
        start -= 1
    if start == len(same) - 1:
        return None
    first, final = usable["date"].iloc[start], usable["date"].iloc[-1]
    return first if (final - first).days >= STALLED_DAYS else None


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
    since = stalled_since(usable)
    if since is not None:
        return Projection("stalled", points=len(usable), since=since)
    if not target.is_count:
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
    values: pd.DataFrame  # timeline(): year ends and the date judged
    days_late: int
    projection: Projection
    #: False when the filters chose sites none of which the target counts (a park-only list and a cluster target).
    applies: bool = True
    #: The target's period is over: ``now`` is its final result, on the period's end.
    closed: bool = False
    #: The date of the latest record, on a field the target reads, of a site it counts.
    freshness: dt.date | None = None
    as_of: dt.date | None = None  # the viewing date (``now.as_of`` is the date judged)
    #: What the denominator holds (indicators.denominator_counts) and how much of the city's universe it covers.
    counts: dict = field(default_factory=dict)
    universe: dict = field(default_factory=dict)
    #: The public city figures (figures.load_figures), for the coverage and official lines.
    city_figures: tuple = ()

    @property
    def official(self):
        """The latest dated figure the city reported for this target, if any."""
        return figures.official(self.city_figures, self.target.id)

    def coverage(self, lang: str = "vi") -> list[str]:
        return figures.coverage(self.universe, self.city_figures, lang, self.now.as_of)

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

    @property
    def gap(self) -> float | None:
        """How far the value falls short of the target (points, or sites for a count); 0 once met."""
        if not self.now.has_data:
            return None
        return max(0.0, self.target.target - float(self.now.percent))

    def verdict(self, lang: str = "vi") -> str:
        """The standing in words: "Chưa đạt · quá hạn 327 ngày", or for a closed period its final result."""
        tr = i18n.translator(lang)
        days = i18n.format_number(abs(self.days_late), lang)
        t = self.target
        if self.closed and self.standing in ("met", "late", "due"):
            end = i18n.format_date(t.deadline, lang)
            if self.standing == "met":
                return tr(f"Đạt khi kết thúc kỳ ({end})", f"Met at the end of the period ({end})")
            gap = t.format_gap(self.gap, lang)
            blocking = len(self.now.shortfalls)
            blocked = tr(f"; {i18n.format_number(blocking, lang)} cơ sở chưa đạt", f"; {i18n.format_number(blocking, lang)} sites falling short") \
                if blocking else ""
            return tr(f"Không đạt khi kết thúc kỳ ({end}): còn thiếu {gap}{blocked}",
                      f"Not met when the period ended ({end}): {gap} short{blocked}")
        if self.standing == "no_data" and t.measure == "unmeasured":
            return tr("Chưa có số liệu công khai", "No public data")
        return {
            "not_applicable": tr("Không áp dụng cho các cơ sở đang chọn", "Does not apply to the chosen sites"),
            "no_data": tr("Chưa có số liệu", "No data"),
            "met": tr("Đạt", "Met"),
            "late": tr(f"Chưa đạt · quá hạn {days} ngày", f"Not met · {days} days past the deadline"),
            "due": tr(f"Chưa đạt · còn {days} ngày đến hạn", f"Not met yet · {days} days to the deadline"),
        }[self.standing]

    def freshness_in_words(self, lang: str = "vi") -> str:
        """ "Không có số liệu mới từ 31/12/2025", from the latest record that could have moved it."""
        tr = i18n.translator(lang)
        if self.target.measure == "unmeasured":
            return ""
        if self.freshness is None:
            return tr("Chưa có bản ghi nào cho chỉ tiêu này.", "No record for this target yet.")
        day = i18n.format_date(self.freshness, lang)
        if self.as_of is not None and self.freshness < self.as_of:
            return tr(f"Không có số liệu mới từ {day}.", f"No new data since {day}.")
        return tr(f"Số liệu mới nhất: {day}.", f"Latest data: {day}.")

    def in_words(self, lang: str = "vi") -> list[str]:
        """The card as lines of text, for the report and the exports: value, scope, official figure, freshness, pace."""
        tr, t = i18n.translator(lang), self.target
        if self.standing == "not_applicable":
            return [f"{t.short(lang)}: {tr('không áp dụng', 'not applicable')}", t.name(lang), self.verdict(lang)]
        if self.now.has_data and t.is_count:
            value = tr(f"{i18n.format_number(self.now.percent, lang)}/{i18n.format_number(t.target, lang)} cơ sở trong tập dữ liệu",
                       f"{i18n.format_number(self.now.percent, lang)} of {i18n.format_number(t.target, lang)} sites in the dataset")
        elif self.now.has_data:
            value = tr(f"{i18n.format_percent(self.now.percent, lang)} trong tập dữ liệu ({i18n.format_number(self.now.numerator, lang)}/"
                       f"{i18n.format_number(self.now.denominator, lang)} cơ sở)",
                       f"{i18n.format_percent(self.now.percent, lang)} of the dataset's sites ({i18n.format_number(self.now.numerator, lang)}/"
                       f"{i18n.format_number(self.now.denominator, lang)})")
        else:
            value = self.verdict(lang)
        lines = [f"{t.short(lang)}: {value}", t.name(lang), self.verdict(lang)]
        years = self.year_ends.dropna(subset=["percent"])
        if len(years):
            lines.append(" · ".join(f"{d.year}: {t.format_value(v, lang)}" for d, v in zip(years["date"], years["percent"])))
        lines += [x for x in (t.note(lang), indicators.denominator_in_words(t, self.counts, lang), *self.coverage(lang)) if x]
        if self.official is not None:
            lines.append(tr("Số liệu chính thức gần nhất: ", "Latest official figure: ") + self.official.in_words(lang))
        elif t.measure != "unmeasured":
            lines.append(tr("Số liệu chính thức: chưa thấy công bố.", "Official figure: none published that we found."))
        lines += [x for x in (self.freshness_in_words(lang), self.projection.text(t, lang)) if x]
        return lines

    @property
    def year_ends(self) -> pd.DataFrame:
        return self.values[[d.month == 12 and d.day == 31 for d in self.values["date"]]]


def fields_read(target: indicators.Target) -> set[str]:
    return set(target.denominator) | set(target.met) | {f for f in (target.numerator_field, target.denominator_field) if f}


def freshness(target: indicators.Target, changes: pd.DataFrame | None, site_ids, on: dt.date) -> dt.date | None:
    """The latest record dated on or before ``on``, on a field the target reads, of one of ``site_ids``."""
    if changes is None or not len(changes) or target.measure == "unmeasured":
        return None
    rows = changes[changes["field"].isin(fields_read(target)) & changes["site_id"].isin(set(site_ids))]
    days = [d for d in (dates.parse_date(v) for v in rows["effective_date"]) if d is not None and d <= on]
    return max(days) if days else None


def card(target: indicators.Target, states: dict, as_of: dt.date, site_ids=None, period: indicators.Period | None = None,
         changes: pd.DataFrame | None = None, city_figures: tuple = ()) -> Card:
    """The scorecard viewed on ``as_of``: for a closed period, its final result on the period's end.

    ``states`` must hold the date judged and the year ends wanted; ``changes`` (the history)
    dates the card's freshness; ``city_figures`` put the sample beside the city's own numbers.
    """
    judged = period.judged_on(as_of) if period is not None else as_of
    closed = period is not None and period.closed(as_of)
    values = timeline(target, states, site_ids)
    values = values[[d <= judged for d in values["date"]]].reset_index(drop=True)
    whole = state = states[judged]
    if site_ids is not None:
        state = state[state["site_id"].isin(site_ids)]
    now = indicators.compute(target, state, judged)
    applies = site_ids is None or target.measure == "unmeasured" or bool(indicators.in_denominator(target, state).any())
    projection = Projection("closed") if closed else project(target, values)
    counted = state.loc[indicators.in_denominator(target, state), "site_id"]
    return Card(target, now, values, days_late(target, now.met, as_of), projection, applies, closed,
                freshness(target, changes, counted, judged), as_of, indicators.denominator_counts(target, state),
                figures.universe_counts(target.denominator, whole), tuple(city_figures))


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

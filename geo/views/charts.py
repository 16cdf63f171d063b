"""Altair (Vega-Lite) charts of the targets, labelled in the current language.

Time is measured in year ends: tick "2023" stands at 31/12/2023, the date Plan 307's
values are reported for, and a date inside a year sits between two ticks. Percentages are
fractions shown with ``%``,
and series colours come from the same Okabe-Ito palette as the map, so the charts stay
readable for colour-blind people. Tooltips carry pre-formatted Vietnamese numbers
(``44,8 %``), because Vega's own number format has no Vietnamese locale here.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.core import history
from geo.language import i18n
from geo.views import palettes

SERIES_COLOURS = [palettes.GOOD, palettes.BAD, palettes.NEUTRAL, palettes.WORSE, palettes.WARN, palettes.FAIR, "#000000"]


def progress_chart(values: dict, targets: dict, deadline: dt.date | None = None, lang: str = "vi") -> alt.LayerChart:
    """One line per target from 2021 to the as-of date, the 100% line and the deadline.

    ``values``: target id -> timeline() frame; ``targets``: target id -> Target.
    """
    rows = []
    for tid, frame in values.items():
        for _, row in frame.iterrows():
            if pd.isna(row["percent"]):
                continue
            rows.append({
                "year": history.year_end_position(row["date"]), "share": row["percent"] / 100.0,
                "target": targets[tid].short(lang), "value": i18n.format_percent(row["percent"], lang),
                "sites": f"{int(row['numerator'])}/{int(row['denominator'])}",
                "when": i18n.format_date(row["date"], lang),
            })
    data = pd.DataFrame(rows, columns=["year", "share", "target", "value", "sites", "when"])
    names = [targets[t].short(lang) for t in values]
    colour = alt.Color("target:N", title=i18n.pick(lang, "Chỉ tiêu", "Target"),
                       scale=alt.Scale(domain=names, range=SERIES_COLOURS[:len(names)]),
                       legend=alt.Legend(orient="bottom", columns=2))
    base = alt.Chart(data)
    lines = base.mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("year:Q", title=i18n.pick(lang, "Cuối năm", "Year end"), scale=alt.Scale(zero=False, nice=False),
                axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("share:Q", title=i18n.pick(lang, "Tỷ lệ đạt (trong tập dữ liệu)", "Share met (of the dataset's sites)"), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=colour,
        strokeDash=alt.StrokeDash("target:N", legend=None),
        tooltip=[alt.Tooltip("target:N", title=i18n.pick(lang, "Chỉ tiêu", "Target")),
                 alt.Tooltip("when:N", title=i18n.pick(lang, "Thời điểm", "Date")),
                 alt.Tooltip("value:N", title=i18n.pick(lang, "Tỷ lệ", "Share")),
                 alt.Tooltip("sites:N", title=i18n.pick(lang, "Đạt/Tổng", "Met/total"))],
    )
    goal = alt.Chart(pd.DataFrame({"share": [1.0], "label": [i18n.pick(lang, "Mục tiêu 100%", "Target 100%")]}))
    layers = [lines, goal.mark_rule(strokeDash=[6, 4], color="#333").encode(y="share:Q"),
              goal.mark_text(align="left", dx=4, dy=-6, color="#333").encode(y="share:Q", text="label:N", x=alt.value(0))]
    if deadline is not None:
        dl = alt.Chart(pd.DataFrame({"year": [history.year_end_position(deadline)],
                                     "label": [i18n.pick(lang, "Hạn ", "Deadline ") + i18n.format_date(deadline, lang)]}))
        layers += [dl.mark_rule(color="#D55E00").encode(x="year:Q"),
                   dl.mark_text(align="right", dx=-4, dy=8, color="#D55E00").encode(x="year:Q", text="label:N", y=alt.value(0))]
    return alt.layer(*layers).properties(height=320)


def breakdown_bars(table: pd.DataFrame, target_value: float = 100.0, lang: str = "vi", highlight: str = "") -> alt.LayerChart:
    """Share met per area, worst first, with the target as a rule; ``highlight`` an area code."""
    data = table[table["denominator"] > 0].copy()
    data["share"] = data["percent"] / 100.0
    data["name"] = data["name"].fillna(i18n.pick(lang, "Chưa xác định", "Not known")).replace("", i18n.pick(lang, "Chưa xác định", "Not known"))
    data["value"] = [i18n.format_percent(p, lang) for p in data["percent"]]
    data["sites"] = [f"{int(n)}/{int(d)}" for n, d in zip(data["numerator"], data["denominator"])]
    data["chosen"] = data["code"] == highlight
    order = list(data.sort_values(["share", "name"])["name"])
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=180)),
        x=alt.X("share:Q", title=i18n.pick(lang, "Tỷ lệ đạt (trong tập dữ liệu)", "Share met (of the dataset's sites)"), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.condition(alt.datum.chosen, alt.value(palettes.BAD), alt.value(palettes.GOOD)),
        tooltip=[alt.Tooltip("name:N", title=i18n.pick(lang, "Địa bàn", "Area")),
                 alt.Tooltip("value:N", title=i18n.pick(lang, "Tỷ lệ", "Share")),
                 alt.Tooltip("sites:N", title=i18n.pick(lang, "Đạt/Tổng", "Met/total"))],
    )
    rule = alt.Chart(pd.DataFrame({"share": [target_value / 100.0]})).mark_rule(strokeDash=[6, 4], color="#333").encode(x="share:Q")
    return alt.layer(bars, rule).properties(height=max(120, 20 * len(data)))

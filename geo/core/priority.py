"""Inspection priority: a score and a band (A lowest concern ... E highest) for every site.

The factors, their weights and their legal basis are data (``data/priority.toml``); this
module only knows the kinds of rule a factor can use. Every point is explained: the site
page lists each factor that adds points ("+30: Xử lý nước thải: chưa có trạm XLNT"). A score
that reads an illustrative value is illustrative, and says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.core import history, inspections, vocab
from geo.errors import InvalidConfiguration, Message
from geo.language import dates, i18n

BANDS = ("A", "B", "C", "D", "E")
SCORE, BAND, ILLUSTRATIVE = "priority_score", "priority_band", "priority_illustrative"
RULES = ("value", "classes", "overdue", "inspected", "events", "river", "unknown")
#: Metres: a projected CRS for Hanoi (UTM zone 48N), for distances.
METRIC_CRS = "EPSG:32648"


@dataclass(frozen=True)
class Factor:
    id: str
    rule: str
    label_vi: str
    label_en: str
    basis: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def label(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.label_vi, self.label_en)

    @property
    def fields(self) -> tuple[str, ...]:
        """The status fields the factor reads: an illustrative one makes the score illustrative."""
        if self.rule == "value":
            return (self.params["field"],)
        if self.rule in ("classes", "unknown"):
            return tuple(self.params["fields"])
        if self.rule == "events":
            return ("event",)
        return ()


@dataclass(frozen=True)
class Rules:
    bands: tuple[tuple[str, int], ...]  # (band, lowest score), A first
    factors: tuple[Factor, ...]
    source: str = ""

    def band_of(self, score: float) -> str:
        out = self.bands[0][0]
        for band, lowest in self.bands:
            if score >= lowest:
                out = band
        return out

    def cut_offs(self, lang: str = "vi") -> str:
        """"A: 0–19 · B: 20–39 · ... · E: từ 80": the bands as people read them."""
        parts = []
        for (band, lo), nxt in zip(self.bands, [*self.bands[1:], None]):
            parts.append(f"{band}: {lo}–{nxt[1] - 1}" if nxt else f"{band}: {i18n.pick(lang, 'từ', 'from')} {lo}")
        return " · ".join(parts)


def _bad(vi: str, en: str) -> InvalidConfiguration:
    return InvalidConfiguration(Message(f"Tệp điểm ưu tiên: {vi}", f"Priority file: {en}"))


def load_rules(path: Path) -> Rules:
    """Read and check the factors file; a mistake is said with the factor it is in."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise _bad(f"không đọc được {path}: {exc}", f"cannot read {path}: {exc}") from exc
    bands = raw.get("bands", {})
    if list(bands) != list(BANDS) or list(bands.values()) != sorted(bands.values()) or bands.get("A") != 0:
        raise _bad("mục [bands] cần A = 0, B, C, D, E tăng dần", "[bands] needs A = 0, B, C, D, E in rising order")
    factors = []
    for n, item in enumerate(raw.get("factors", []), start=1):
        fid = item.get("id") or f"#{n}"
        missing = [k for k in ("id", "rule", "label_vi", "label_en", "basis") if not item.get(k)]
        if missing:
            raise _bad(f"yếu tố {fid} thiếu {', '.join(missing)}", f"factor {fid} lacks {', '.join(missing)}")
        if item["rule"] not in RULES:
            raise _bad(f"yếu tố {fid}: quy tắc '{item['rule']}' không có; dùng một trong {', '.join(RULES)}",
                       f"factor {fid}: no rule '{item['rule']}'; use one of {', '.join(RULES)}")
        params = {k: v for k, v in item.items() if k not in ("id", "rule", "label_vi", "label_en", "basis")}
        if item["rule"] in ("value", "classes"):
            fields_ = [params["field"]] if item["rule"] == "value" else params.get("fields", [])
            for f in fields_:
                unknown = set(params.get("points", {})) - set(vocab.FIELD_VOCAB[f].codes()) if f in vocab.FIELD_VOCAB else {f}
                if unknown:
                    raise _bad(f"yếu tố {fid}: mã không có trong danh mục {f}: {', '.join(sorted(unknown))}",
                               f"factor {fid}: codes not in the vocabulary of {f}: {', '.join(sorted(unknown))}")
        factors.append(Factor(item["id"], item["rule"], item["label_vi"], item["label_en"], item["basis"], params))
    if len({f.id for f in factors}) != len(factors):
        raise _bad("hai yếu tố cùng mã", "two factors share an id")
    return Rules(tuple(bands.items()), tuple(factors), str(path))


@dataclass
class Inputs:
    """What the factors read beyond a site's own state: its records and its distance to a river."""

    changes: pd.DataFrame
    inspection_records: pd.DataFrame
    as_of: dt.date
    river_m: pd.Series | None = None  # metres by site_id; None where no rivers layer is installed
    river_names: pd.Series | None = None

    @functools.cached_property
    def live_events(self) -> pd.DataFrame:
        """Event records no later record supersedes, found once (the score and its illustrative flag both read them)."""
        ev = self.changes[self.changes["field"] == "event"]
        return ev[~ev["record_id"].isin(set(history.superseded_by(self.changes)))] if len(ev) else ev


def river_distances(sites, rivers) -> tuple[pd.Series, pd.Series] | tuple[None, None]:
    """Metres from each site to the nearest river line, and that river's name (None without a rivers layer)."""
    if rivers is None or len(rivers) == 0:
        return None, None
    points = sites.to_crs(METRIC_CRS).geometry
    lines = rivers.to_crs(METRIC_CRS).reset_index(drop=True)
    located = points.notna() & ~points.is_empty
    metres = pd.Series(np.nan, index=sites.index)
    names = pd.Series(None, index=sites.index, dtype=object)
    if located.any():
        nearest = lines.sindex.nearest(points[located].values, return_all=False, return_distance=True)
        (src, dst), dist = nearest
        idx = points[located].index[src]
        metres.loc[idx] = dist
        label = lines["name"] if "name" in lines.columns else pd.Series("", index=lines.index)
        names.loc[idx] = label.iloc[dst].values
    return pd.Series(metres.values, index=sites["site_id"].values), pd.Series(names.values, index=sites["site_id"].values)


def _events(inputs: Inputs, values, years: int) -> pd.DataFrame:
    ev = inputs.live_events
    ev = ev[ev["value"].isin(values)]
    since = dates.iso_date(inputs.as_of - dt.timedelta(days=round(365.25 * years)))
    return ev[(ev["effective_date"] > since) & (ev["effective_date"] <= dates.iso_date(inputs.as_of))]


def _last_inspection(records: pd.DataFrame, as_of: dt.date) -> pd.Series:
    if records is None or records.empty:
        return pd.Series(dtype=object)
    live = inspections.current(records)
    live = live[live["inspection_date"].fillna("") <= dates.iso_date(as_of)]
    return live.groupby("site_id")["inspection_date"].max()


def _factor(f: Factor, state: pd.DataFrame, inputs: Inputs, explain: bool):
    """(points, detail_vi, detail_en) for every row of ``state``; the details only when asked for."""
    p = f.params
    ids = state["site_id"]
    none = pd.Series("", index=state.index)
    if f.rule == "value":
        values = state[p["field"]]
        points = values.map(p.get("points", {})).fillna(0)
        if not explain:
            return points, none, none
        vi = values.map(lambda v: vocab.label(p["field"], v, "vi"))
        en = values.map(lambda v: vocab.label(p["field"], v, "en"))
        return points, vi, en
    if f.rule == "classes":
        points = sum(state[c].map(p.get("points", {})).fillna(0) for c in p["fields"])
        if not explain:
            return points, none, none

        def said(row, lang):
            return ", ".join(f"{i18n.field_label(c, lang)}: {vocab.label(c, row[c], lang)}" for c in p["fields"]
                             if row[c] in p.get("points", {}))
        rows = state[list(p["fields"])].to_dict("records")
        return points, pd.Series([said(r, "vi") for r in rows], index=state.index), \
            pd.Series([said(r, "en") for r in rows], index=state.index)
    if f.rule == "overdue":
        worst = state["overdue_days"]  # filters.add_overdue_counts: the one count of late actions
        points = (p.get("points", 0) + (worst // 30) * p.get("per_30_days", 0)).clip(upper=p.get("max", np.inf))
        points = points.where(worst.notna(), 0)
        vi = worst.map(lambda d: f"quá hạn {int(d)} ngày" if pd.notna(d) else "")
        en = worst.map(lambda d: f"{int(d)} days overdue" if pd.notna(d) else "")
        return points, vi, en
    if f.rule == "inspected":
        last = ids.map(_last_inspection(inputs.inspection_records, inputs.as_of))
        age = last.map(lambda d: (inputs.as_of - dates.parse_date(d)).days if isinstance(d, str) and d else None)
        points = pd.Series(np.where(last.isna(), p.get("never", 0), np.where(age.fillna(0) > p.get("after_days", 0),
                                                                               p.get("points", 0), 0)), index=state.index)
        vi = pd.Series([("chưa từng được kiểm tra" if pd.isna(d) else f"lần gần nhất {i18n.format_date(d, 'vi')} ({int(a)} ngày trước)")
                        for d, a in zip(last, age)], index=state.index) if explain else none
        en = pd.Series([("never inspected" if pd.isna(d) else f"last on {i18n.format_date(d, 'en')} ({int(a)} days ago)")
                        for d, a in zip(last, age)], index=state.index) if explain else none
        return points, vi, en
    if f.rule == "events":
        ev = _events(inputs, p.get("values", []), p.get("years", 3))
        counts = ids.map(ev["site_id"].value_counts()).fillna(0)
        points = (counts * p.get("points", 0)).clip(upper=p.get("max", np.inf))
        return points, counts.map(lambda n: f"{int(n)} lần" if n else ""), counts.map(lambda n: f"{int(n)} time(s)" if n else "")
    if f.rule == "river":
        if inputs.river_m is None:
            return pd.Series(0, index=state.index), none, none
        metres = ids.map(inputs.river_m)
        names = ids.map(inputs.river_names) if inputs.river_names is not None else none
        points = pd.Series(np.where(metres <= p.get("within_m", 0), p.get("points", 0), 0), index=state.index)
        vi = pd.Series([f"cách {n or 'sông'} {i18n.format_number(m, 'vi', 0)} m" if pd.notna(m) else "" for m, n in zip(metres, names)],
                       index=state.index) if explain else none
        en = pd.Series([f"{i18n.format_number(m, 'en', 0)} m from {n or 'a river'}" if pd.notna(m) else "" for m, n in zip(metres, names)],
                       index=state.index) if explain else none
        return points, vi, en
    if f.rule == "unknown":
        blank = ("unknown", "not_assessed", None)
        which = [state[c].isin(blank) | state[c].isna() for c in p["fields"]]
        hit = pd.concat(which, axis=1).any(axis=1) if which else pd.Series(False, index=state.index)
        points = hit.astype(int) * p.get("points", 0)
        if not explain:
            return points, none, none
        vi = pd.Series([", ".join(i18n.field_label(c, "vi") for c, w in zip(p["fields"], flags) if w)
                        for flags in zip(*which)], index=state.index)
        en = pd.Series([", ".join(i18n.field_label(c, "en") for c, w in zip(p["fields"], flags) if w)
                        for flags in zip(*which)], index=state.index)
        return points, vi, en
    raise ValueError(f.rule)


def _illustrative(state: pd.DataFrame, rules: Rules, inputs: Inputs) -> pd.Series:
    """A site whose score reads an illustrative status or counts an illustrative event."""
    read = {f for factor in rules.factors for f in factor.fields}
    marked = state["illustrative_fields"].fillna("") if "illustrative_fields" in state.columns else pd.Series("", index=state.index)
    out = marked.map(lambda s: bool(read & set(filter(None, s.split(",")))))
    for f in rules.factors:
        if f.rule == "events":
            ev = _events(inputs, f.params.get("values", []), f.params.get("years", 3))
            out |= state["site_id"].isin(set(ev.loc[ev["illustrative"].astype(bool), "site_id"]))
    return out


def add_scores(state: pd.DataFrame, rules: Rules, inputs: Inputs) -> pd.DataFrame:
    """``state`` (with its overdue counts, :func:`geo.core.filters.add_overdue_counts`) with the score, the band
    and whether the score is illustrative."""
    out = state.copy()
    total = pd.Series(0.0, index=state.index)
    for f in rules.factors:
        total = total + _factor(f, state, inputs, explain=False)[0]
    out[SCORE] = total.round().astype(int)
    cuts = np.array([lo for _b, lo in rules.bands])
    out[BAND] = np.array([b for b, _lo in rules.bands])[np.searchsorted(cuts, out[SCORE].to_numpy(), side="right") - 1] \
        if len(out) else pd.Series(dtype=object)
    out[ILLUSTRATIVE] = _illustrative(state, rules, inputs)
    return out


@dataclass(frozen=True)
class Line:
    """One factor's part of a site's score."""

    factor: Factor
    points: int
    detail_vi: str
    detail_en: str

    def text(self, lang: str = "vi") -> str:
        detail = i18n.pick(lang, self.detail_vi, self.detail_en)
        return f"+{self.points}: {self.factor.label(lang)}" + (f" ({detail})" if detail else "")


def breakdown(state: pd.DataFrame, site_id: str, rules: Rules, inputs: Inputs) -> list[Line]:
    """Every factor that adds points to one site, largest first."""
    row = state[state["site_id"] == site_id]
    lines = []
    for f in rules.factors:
        points, vi, en = _factor(f, row, inputs, explain=True)
        if len(row) and points.iloc[0] > 0:
            lines.append(Line(f, int(round(points.iloc[0])), str(vi.iloc[0]), str(en.iloc[0])))
    return sorted(lines, key=lambda line: -line.points)

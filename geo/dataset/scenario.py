"""The illustrative scenario: per-site statuses 2021-2025 that the public record lacks.

Per-site results are mostly not published, so the targets would have nothing to
measure. This scenario fills the gap *visibly*: every record it makes is flagged
``illustrative`` (screens and exports say so), it is deterministic for a seed, it is
calibrated to the public aggregates of hanoi-facts §1, and it never writes a field
for which a real fact exists (real facts always win).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.core import history

SEED = 307
SOURCE = "Kịch bản minh họa, không phải số liệu thật / Illustrative scenario, not real data"
RECORDER = "illustrative-scenario"
YEARS = history.PLAN_YEARS

# hanoi-facts §1, 2019-20: of 70 CCNs 19 plants stable, 5+2 built not running, 44 none.
WW_START = {"operating": 19 / 70, "built_not_operating": 7 / 70, "none": 44 / 70}
# Yearly chance that a cluster's plant moves one step forward.
WW_STEP = {
    "none": ("planned", 0.45),
    "planned": ("under_construction", 0.5),
    "under_construction": ("operating", 0.55),
    "built_not_operating": ("operating", 0.4),
    "operating_noncompliant": ("operating", 0.35),
}
# 295 villages assessed (moitruong.net.vn): water 139/95/61, air 12/10/273, soil 9/3/283.
CLASS_SHARES = {
    "water_class": (139 / 295, 95 / 295),
    "air_class": (12 / 295, 10 / 295),
    "soil_class": (9 / 295, 3 / 295),
}
ASSESSED_BY_YEAR = {2021: 0.62, 2022: 0.78, 2023: 0.9, 2024: 0.94, 2025: 0.97}
CONDITION_START = {"ep_plan": 0.3, "ep_org": 0.4, "ep_infra": 0.12}
CONDITION_GAIN = {"ep_plan": 0.16, "ep_org": 0.14, "ep_infra": 0.1}
HAZ_SECTORS = {"metal_working", "dyeing_tanning", "waste_recycling", "wood_furniture", "handicrafts", "textiles_garments"}
HAZ_NON_SECTORS = {"food_processing", "livestock_slaughter"}
HAZ_ALL_START = {"kcn": 0.75, "ccn": 0.35, "ccn_lang_nghe": 0.3, "lang_nghe": 0.08}
PRESS_POLLUTED = "pollut"  # notes that quote a press report of pollution


def generate(sites: pd.DataFrame, real_changes: pd.DataFrame | None = None, seed: int = SEED) -> pd.DataFrame:
    """Illustrative change records for every site, skipping fields that real facts cover."""
    rng = np.random.default_rng(seed)
    covered = set()
    if real_changes is not None and len(real_changes):
        covered = set(zip(real_changes["site_id"], real_changes["field"]))
    recorded_at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    rows: list[tuple] = []
    ordered = sites.sort_values("site_id")
    for site in ordered.itertuples(index=False):
        for field, year, value in _site_story(site, rng):
            if (site.site_id, field) in covered:
                continue
            day = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 330)))
            rows.append((site.site_id, field, value, day.isoformat()))
    frame = pd.DataFrame(rows, columns=["site_id", "field", "value", "effective_date"])
    frame.insert(0, "record_id", [f"illus-{seed}-{i:07d}" for i in range(len(frame))])
    frame["source"] = SOURCE
    frame["recorded_by"] = RECORDER
    frame["recorded_at"] = recorded_at
    frame["illustrative"] = True
    frame["supersedes"] = ""
    frame["note"] = ""
    return frame[history.CHANGE_COLUMNS]


def _site_story(site, rng):
    """(field, year, value) for one site, only when the value changes."""
    kind = site.kind
    notes = str(getattr(site, "notes", "") or "")
    if kind in ("ccn", "ccn_lang_nghe", "kcn"):
        yield from _cluster_story(kind, rng)
    else:
        yield from _village_story(site, notes, rng)
    yield from _hazardous_story(site, rng)


def _cluster_story(kind, rng):
    op = rng.choice(["operating", "under_construction", "planned"], p=[0.72, 0.18, 0.10])
    if kind == "kcn":
        op, ww = "operating", rng.choice(["operating", "operating_noncompliant"], p=[0.85, 0.15])
    else:
        ww = rng.choice(list(WW_START), p=list(WW_START.values()))
    yield "operating_status", 2021, str(op)
    yield "ww_status", 2021, str(ww)
    if ww in ("operating", "operating_noncompliant", "built_not_operating"):
        yield "ww_capacity_m3d", 2021, str(int(rng.integers(2, 20)) * 100)
    for year in YEARS[1:]:
        if op in ("planned", "under_construction") and rng.random() < 0.35:
            op = "under_construction" if op == "planned" else "operating"
            yield "operating_status", year, op
        step = WW_STEP.get(str(ww))
        if step and rng.random() < step[1]:
            ww = step[0]
            yield "ww_status", year, ww
            if ww == "operating":
                yield "ww_capacity_m3d", year, str(int(rng.integers(2, 20)) * 100)


def _village_story(site, notes, rng):
    press_polluted = PRESS_POLLUTED in notes
    assessed_year = None
    draw = rng.random()
    for year in YEARS:
        if draw < ASSESSED_BY_YEAR[year]:
            assessed_year = year
            break
    if assessed_year is not None:
        for field, (serious, polluted) in CLASS_SHARES.items():
            r = rng.random()
            if field == "water_class" and press_polluted:
                value = "seriously_polluted"
            else:
                value = "seriously_polluted" if r < serious else "polluted" if r < serious + polluted else "not_polluted"
            yield field, assessed_year, value
        yield "assessment_date", assessed_year, f"{assessed_year}-06-30"
    for field, start in CONDITION_START.items():
        state = "yes" if rng.random() < start else rng.choice(["no", "unknown"], p=[0.8, 0.2])
        yield field, 2021, str(state)
        for year in YEARS[1:]:
            if state != "yes" and rng.random() < CONDITION_GAIN[field] / (1 - start):
                state = "yes"
                yield field, year, state


def _hazardous_story(site, rng):
    kind, sector = site.kind, site.sector
    if kind in ("ccn", "ccn_lang_nghe", "kcn") or sector in HAZ_SECTORS:
        generated = "yes"
    elif sector in HAZ_NON_SECTORS:
        generated = "no"
    else:
        generated = "unknown"
    yield "haz_waste_generated", 2021, generated
    if generated == "no":
        return
    start = HAZ_ALL_START.get(kind, 0.1)
    state = "all_licensed" if rng.random() < start else rng.choice(["partly", "none_handled", "unknown"], p=[0.5, 0.35, 0.15])
    yield "haz_waste", 2021, str(state)
    for year in YEARS[1:]:
        if state != "all_licensed" and rng.random() < 0.3:
            state = "all_licensed" if state == "partly" else "partly"
            yield "haz_waste", year, state

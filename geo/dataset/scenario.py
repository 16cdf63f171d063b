"""The illustrative scenario: per-site statuses 2021-2025 that the public record lacks.

Per-site results are mostly not published, so the targets would have nothing to
measure. This scenario fills the gap *visibly*: every record it makes is flagged
``illustrative`` (screens and exports say so), it is deterministic for a seed, and it
never writes a field for which a real fact exists (real facts always win).

It also never contradicts the real record (``tests/dataset/test_scenario.py`` walks every
site and year):

- a plant is never further along than its cluster: none is built or operating while the
  cluster is only planned or established, and none before the date a real record says the
  cluster was established or its construction began;
- a cluster a real plant record or a note says exists is never "planned";
- a village where a source reports pollution of a medium is never "not polluted" in it;
- every recognised village is assessed and classified by the end of 2023, as the city
  reported (Decision 2546/QĐ-UBND);
- the classes follow the public survey's shares by quota, not by chance, so that a few
  dozen villages still match them (within a stated tolerance).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.core import history, vocab

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
#: Share of villages assessed by each year end. Recognised ones: all by end-2023 (Decision 2546/QĐ-UBND).
ASSESSED_BY_YEAR = {2021: 0.62, 2022: 0.8, 2023: 1.0, 2024: 1.0, 2025: 1.0}
ASSESSED_BY_YEAR_OTHERS = {2021: 0.4, 2022: 0.55, 2023: 0.65, 2024: 0.7, 2025: 0.75}
CONDITION_START = {"ep_plan": 0.3, "ep_org": 0.4, "ep_infra": 0.12}
CONDITION_GAIN = {"ep_plan": 0.16, "ep_org": 0.14, "ep_infra": 0.1}
HAZ_SECTORS = {"metal_working", "dyeing_tanning", "waste_recycling", "wood_furniture", "handicrafts", "textiles_garments"}
HAZ_NON_SECTORS = {"food_processing", "livestock_slaughter"}
HAZ_ALL_START = {"kcn": 0.75, "ccn": 0.35, "ccn_lang_nghe": 0.3, "lang_nghe": 0.08}

#: How far along a cluster and its plant are; a plant's stage may not pass its cluster's.
OP_STAGE = {"planned": 0, "established": 1, "under_construction": 2, "operating": 3, "closed": 3}
WW_STAGE = {"none": 0, "planned": 0, "under_construction": 2, "built_not_operating": 3, "operating": 3,
            "operating_noncompliant": 3, "out_of_use": 3}
#: The plant a cluster at a stage can have at most, when the drawn plant is further along.
WW_CAP = {0: "planned", 1: "planned", 2: "under_construction"}
BUILT = {"built_not_operating", "operating", "operating_noncompliant", "out_of_use"}
#: Words of a site's note that say the cluster exists (so it is no longer only planned).
EXISTS_WORDS = ("thành lập", "đang hoạt động", "hoạt động từ")
#: A tolerance the calibrated shares keep against the public ones, in share points.
TOLERANCE = 0.05


def generate(sites: pd.DataFrame, real_changes: pd.DataFrame | None = None, seed: int = SEED) -> pd.DataFrame:
    """Illustrative change records for every site, skipping fields that real facts cover."""
    rng = np.random.default_rng(seed)
    real = real_changes if real_changes is not None and len(real_changes) else history.empty_changes()
    covered = set(zip(real["site_id"], real["field"]))
    recorded_at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    ordered = sites.sort_values("site_id")
    classes = _class_plan(ordered[ordered["kind"] == "lang_nghe"], real, rng)
    rows: list[tuple] = []
    for site in ordered.itertuples(index=False):
        mine = real[real["site_id"] == site.site_id]
        for field, year, value in _site_story(site, mine, classes, rng):
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
    frame["note_en"] = ""
    frame["date_precision"] = "day"
    return frame[history.CHANGE_COLUMNS]


def _site_story(site, real: pd.DataFrame, classes: dict, rng):
    """(field, year, value) for one site, only when the value changes."""
    if site.kind in ("ccn", "ccn_lang_nghe", "kcn"):
        yield from _cluster_story(site, real, rng)
    else:
        yield from _village_story(site, classes.get(site.site_id, {}), rng)
    yield from _hazardous_story(site, rng)


# -- clusters and parks ---------------------------------------------------------------
def _cluster_story(site, real: pd.DataFrame, rng):
    kind = site.kind
    real_op = real[real["field"] == "operating_status"].sort_values("effective_date")
    real_ww = real[real["field"] == "ww_status"]
    plant_is_real = len(real_ww) > 0  # then the plant's status and capacity are the real record's alone
    exists = (any(w in str(site.notes or "") for w in EXISTS_WORDS)
              or bool(real_ww["value"].isin(BUILT).any()))
    if kind == "kcn":
        op = "operating"
    elif exists:
        op = rng.choice(["operating", "under_construction"], p=[0.85, 0.15])
    else:
        op = rng.choice(["operating", "under_construction", "planned"], p=[0.72, 0.18, 0.10])
    ww = (rng.choice(["operating", "operating_noncompliant"], p=[0.85, 0.15]) if kind == "kcn"
          else rng.choice(list(WW_START), p=list(WW_START.values())))
    op, ww = str(op), str(ww)
    shown_op = shown_ww = None
    for year in YEARS:
        if year > YEARS[0]:
            if op in ("planned", "under_construction") and rng.random() < 0.35:
                op = "under_construction" if op == "planned" else "operating"
            step = WW_STEP.get(ww)
            if step and rng.random() < step[1]:
                ww = step[0]
        stage = _real_stage(real_op, year)
        stage = OP_STAGE[op] if stage is None else stage
        plant = ww if WW_STAGE[ww] <= stage else WW_CAP[stage]
        if op != shown_op:
            yield "operating_status", year, op
            shown_op = op
        if plant != shown_ww and not plant_is_real:
            yield "ww_status", year, plant
            if plant in ("operating", "operating_noncompliant", "built_not_operating") and shown_ww not in BUILT:
                yield "ww_capacity_m3d", year, str(int(rng.integers(2, 20)) * 100)
            shown_ww = plant


def _real_stage(real_op: pd.DataFrame, year: int) -> int | None:
    """The furthest stage the real record allows the cluster during ``year`` (None: it does not say).

    The record in force on 1 January and every record dated in the year count (a plant dated in
    the year may come before a change in it). Before a cluster's first record, only a first record
    of "planned", "established" or "under construction" says something: it was not that far yet.
    """
    if real_op.empty:
        return None
    start, end = f"{year}-01-01", f"{year}-12-31"
    dates, values = real_op["effective_date"], real_op["value"]
    stages = [OP_STAGE.get(v, 3) for v in values[(dates > start) & (dates <= end)]]
    before = values[dates <= start]
    if len(before):
        stages.append(OP_STAGE.get(before.iloc[-1], 3))
    elif OP_STAGE.get(values.iloc[0], 3) < 3:
        stages.append(max(OP_STAGE[values.iloc[0]] - 1, 0))
    return min(stages) if stages else None


# -- villages -----------------------------------------------------------------------
def _class_plan(villages: pd.DataFrame, real: pd.DataFrame, rng) -> dict[str, dict]:
    """For each village: the year it is assessed (or none) and its class in each medium.

    Classes are dealt by quota over the assessed villages, so that their shares match the
    public survey; a village a source reports polluted in a medium is dealt a polluted class
    in it first.
    """
    reported = real[(real["field"] == "event") & real["value"].isin(vocab.REPORTED_MEDIUM)]
    forced = {(s, vocab.REPORTED_MEDIUM[v]) for s, v in zip(reported["site_id"], reported["value"])}
    plan: dict[str, dict] = {}
    for site in villages.itertuples(index=False):
        schedule = ASSESSED_BY_YEAR if site.recognised == "yes" else ASSESSED_BY_YEAR_OTHERS
        draw = rng.random()
        year = next((y for y in YEARS if draw < schedule[y]), None)
        plan[site.site_id] = {"year": year}
    assessed = [s for s, p in plan.items() if p["year"] is not None]
    for field, (serious, polluted) in CLASS_SHARES.items():
        n = len(assessed)
        quota = {"seriously_polluted": round(n * serious), "polluted": round(n * polluted)}
        quota["not_polluted"] = n - quota["seriously_polluted"] - quota["polluted"]
        must = [s for s in assessed if (s, field) in forced]
        rest = [s for s in assessed if (s, field) not in forced]
        rest = [rest[i] for i in rng.permutation(len(rest))]
        for site_id in must:
            value = "seriously_polluted" if quota["seriously_polluted"] > 0 else "polluted"
            quota[value] = max(quota[value] - 1, 0)
            plan[site_id][field] = value
        for site_id in rest:
            value = next(v for v in ("seriously_polluted", "polluted", "not_polluted") if quota[v] > 0) \
                if any(quota.values()) else "not_polluted"
            quota[value] -= 1
            plan[site_id][field] = value
    return plan


def _village_story(site, plan: dict, rng):
    year = plan.get("year")
    if year is not None:
        for field in CLASS_SHARES:
            yield field, year, plan[field]
        yield "assessment_date", year, f"{year}-06-30"
    for field, start in CONDITION_START.items():
        state = "yes" if rng.random() < start else rng.choice(["no", "unknown"], p=[0.8, 0.2])
        yield field, 2021, str(state)
        for later in YEARS[1:]:
            if state != "yes" and rng.random() < CONDITION_GAIN[field] / (1 - start):
                state = "yes"
                yield field, later, state


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

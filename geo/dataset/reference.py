"""The project's reference dataset: every named site of hanoi-facts, with its source.

``data/reference/*.csv`` are written by hand from ``hanoi-facts.md``; the placement
(codes, new unit, point) is computed by :func:`build_sites` from the boundary layers and
kept in ``data/sites.csv`` so that the product works where no boundary files exist
(``python -m geo build-reference`` rebuilds it). ``data/facts.csv`` holds the dated
status facts the sources give, as change records. Paths come from the settings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core import history, model
from geo.language import dates
from geo.places import placement
from geo.places.boundaries import Boundaries

#: Who is named as the recorder of facts taken from public sources.
REFERENCE_RECORDER = "reference-dataset"


def read_reference_lists(folder: Path) -> pd.DataFrame:
    """The hand-written lists as one frame with every site column."""
    clusters = pd.read_csv(folder / "clusters_parks.csv", dtype=str, keep_default_na=False)
    villages = pd.read_csv(folder / "villages.csv", dtype=str, keep_default_na=False)
    clusters["recognised"] = "no"  # recognition applies to villages only
    clusters["craft_title"] = "na"
    clusters["trade_group"] = "na"
    clusters["recognition_year"] = ""
    villages["kind"] = "lang_nghe"
    villages["area_ha"] = ""
    for column, default in (("area_text", ""), ("roadmap_list", "unknown")):
        villages[column] = villages[column] if column in villages.columns else default
    for column, default in (("area_text", ""), ("roadmap_list", "na")):
        clusters[column] = clusters[column] if column in clusters.columns else default
    villages["new_unit"] = ""
    frame = pd.concat([clusters, villages], ignore_index=True)
    frame["water_body"] = "unknown"
    return model.normalise_text(frame)


def build_sites(b: Boundaries, lists: pd.DataFrame, today: dt.date | None = None):
    """Place every listed site; return (sites GeoDataFrame, report lines)."""
    today = today or dates.today()
    records = []
    report: list[str] = []
    for row in lists.itertuples(index=False):
        p = placement.place_site(b, row.site_id, row.old_district, row.old_commune, row.new_unit)
        record = {c: getattr(row, c, "") for c in model.SITE_COLUMNS if hasattr(row, c)}
        record.update(
            old_district_code=p.old_district_code,
            old_district_name=p.old_district_name,
            old_commune_code=p.old_commune_code,
            old_commune_name=p.old_commune_name or row.old_commune,
            new_unit_code=p.new_unit_code,
            new_unit_name=p.new_unit_name,
            location_precision=p.location_precision,
            placement_note=p.placement_note,
            placement_note_en=p.placement_note_en,
            last_updated=today.isoformat(),
            lon=p.lon,
            lat=p.lat,
        )
        records.append(record)
        if p.location_precision in ("unplaced", "old_district") or "chia cho" in p.placement_note or "không" in p.placement_note:
            report.append(f"{row.site_id}: {p.location_precision}: {p.placement_note}")
    frame = pd.DataFrame(records)
    for column in model.SITE_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    sites = gpd.GeoDataFrame(
        frame[model.SITE_COLUMNS],
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs=model.CRS,
    )
    return sites, report


def write_sites_csv(sites: gpd.GeoDataFrame, path: Path) -> None:
    out = pd.DataFrame(sites.drop(columns="geometry"))
    out["lon"] = sites.geometry.x.round(6)
    out["lat"] = sites.geometry.y.round(6)
    out.to_csv(path, index=False, encoding="utf-8")


def read_sites_csv(path: Path) -> gpd.GeoDataFrame:
    """The committed reference sites; works without boundary files."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = model.normalise_text(frame)
    lon = pd.to_numeric(frame.pop("lon"), errors="coerce")
    lat = pd.to_numeric(frame.pop("lat"), errors="coerce")
    for column in ("area_ha", "recognition_year"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=model.CRS)


def read_facts(path: Path) -> pd.DataFrame:
    """Status facts from public sources as change records (never illustrative)."""
    facts = pd.read_csv(path, dtype=str, keep_default_na=False)
    records = [
        history.new_change(
            r.site_id,
            r.field,
            r.value if r.value != "" else None,
            r.effective_date,
            r.source,
            REFERENCE_RECORDER,
            note=r.note,
            note_en=getattr(r, "note_en", ""),
            date_precision=getattr(r, "date_precision", "") or "day",
            recorded_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
            record_id=f"fact-{i:04d}",
        )
        for i, r in enumerate(facts.itertuples(index=False), start=1)
    ]
    return history.to_frame(records)



def rebuild(b: Boundaries, reference_dir: Path, sites_csv: Path) -> tuple[gpd.GeoDataFrame, list[str], list]:
    """Place the hand-written lists again and write ``sites_csv``: (sites, sites to check, row errors).

    Nothing is written when a row fails validation.
    """
    sites, report = build_sites(b, read_reference_lists(reference_dir))
    errors = model.validate_sites(sites, outline=b.outline)
    if not errors:
        write_sites_csv(sites, sites_csv)
    return sites, report, errors

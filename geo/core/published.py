"""What leaves the product through its services and the current-state layer: an allowlist of columns, never "everything but".

A new column of the site model stays inside until it is named here, so nothing unpublished
leaks by default; users, sessions and the contacts of error reports are never in these frames.
Status codes travel with their Vietnamese and English labels, so a GIS user reads them as
the dashboard does.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.core import model, vocab

#: Identity and place of a site, as published.
IDENTITY = ["site_id", "name", "kind", "recognised", "craft_title", "recognition_year", "sector", "craft", "old_district_code",
            "old_district_name", "old_commune_code", "old_commune_name", "new_unit_code", "new_unit_name", "location_precision",
            "area_ha", "roadmap_list", "source"]
#: Status fields (not events), as on the date asked for.
STATUSES = [f for f, kind in model.STATUS_FIELDS.items() if kind != "event"]
#: Coded columns that also get ``<column>_label`` (vi) and ``<column>_label_en``.
LABELLED = [c for c in [*IDENTITY, *STATUSES] if c in vocab.FIELD_VOCAB]
PROVENANCE = ["illustrative", "illustrative_fields", "status_sources", "status_as_of"]
COLUMNS = [*IDENTITY, *STATUSES, *(f"{c}_label" for c in LABELLED), *(f"{c}_label_en" for c in LABELLED), *PROVENANCE]
NUMERIC = {"recognition_year", "area_ha", *(f for f, kind in model.STATUS_FIELDS.items() if kind == "number")}


def public_sites(state: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The published columns of a state (from :func:`geo.core.history.state_as_of`), labels added, in WGS 84."""
    out = pd.DataFrame(index=state.index)
    for column in [*IDENTITY, *STATUSES, *PROVENANCE]:
        out[column] = state[column] if column in state.columns else None
    for column in LABELLED:
        codes = out[column].fillna("").astype(str)
        for suffix, lang in (("_label", "vi"), ("_label_en", "en")):
            names = {m.value: m.label(lang) for m in vocab.FIELD_VOCAB[column]}
            out[f"{column}{suffix}"] = codes.map(names).fillna(codes)  # a code outside the vocabulary shows as itself
    for column in COLUMNS:
        if column in NUMERIC:
            out[column] = pd.to_numeric(out[column], errors="coerce")
        elif column == "illustrative":
            out[column] = out[column].fillna(False).astype(bool)
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), "").astype(str)
    return gpd.GeoDataFrame(out[COLUMNS], geometry=state.geometry.values, crs=state.crs or model.CRS).reset_index(drop=True)

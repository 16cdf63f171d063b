"""Tables as people read them: one column per attribute, labelled values in the chosen language."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.core import vocab
from geo.language import i18n

#: Columns of the planners' list, in order.
LIST_COLUMNS = [
    "site_id", "name", "kind", "sector", "craft", "old_district_name", "old_commune_name", "new_unit_name",
    "operating_status", "ww_status", "ww_capacity_m3d", "haz_waste", "water_class", "air_class", "soil_class",
    "ep_plan", "ep_org", "ep_infra", "ep_all_met", "area_ha", "location_precision", "source", "illustrative",
]


def display_table(state: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The list as people read it: labelled values, one column per attribute."""
    out = pd.DataFrame(index=state.index)
    for column in LIST_COLUMNS:
        values = state[column] if column in state.columns else pd.Series("", index=state.index)
        if column in vocab.FIELD_VOCAB:
            values = values.map(lambda v, c=column: vocab.label(c, v, lang))
        elif column == "illustrative":
            values = values.map(lambda v: i18n.pick(lang, "Có", "Yes") if v else i18n.pick(lang, "Không", "No"))
        out[i18n.field_label(column, lang)] = values
    if isinstance(state, gpd.GeoDataFrame) and len(state):
        located = state.geometry.notna() & ~state.geometry.is_empty
        out[i18n.field_label("lon", lang)] = state.geometry.x.where(located).round(6)
        out[i18n.field_label("lat", lang)] = state.geometry.y.where(located).round(6)
    return out

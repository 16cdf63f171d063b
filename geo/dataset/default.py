"""The embedded default dataset: reference sites, real facts and the labelled illustrative scenario.

A store (GeoPackage or PostGIS) that starts empty is filled with this content; see
:func:`geo.storage.open_store`.
"""

from __future__ import annotations

import uuid

import geopandas as gpd
import pandas as pd

from geo.dataset import reference, scenario
from geo.language import dates
from geo.settings import Settings


def default_content(cfg: Settings, seed: int = scenario.SEED) -> tuple[gpd.GeoDataFrame, pd.DataFrame, dict[str, str]]:
    """(sites, change records, store metadata) from the settings' data files."""
    sites = reference.read_sites_csv(cfg.sites_csv)
    facts = reference.read_facts(cfg.facts_csv)
    illus = scenario.generate(sites, facts, seed=seed)
    changes = pd.concat([facts, illus], ignore_index=True)
    meta = {
        "schema_version": "1",
        "data_version": uuid.uuid4().hex,
        "built_at": dates.stamp(),
        "built_from": "data/sites.csv + data/facts.csv + illustrative scenario",
        "illustrative_seed": str(seed),
    }
    return sites, changes, meta

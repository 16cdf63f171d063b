"""Hanoi boundary layers, read from a configured folder and never committed.

The folder (``HANOI_BOUNDARIES_DIR``; ``../shared/data/boundaries`` on this team's
machines) holds openly licensed layers: the 30 districts before 07/2025, the 126 units
after, the city outline and the old-to-new commune table. Everything else in the
product works without them; maps then show points only and say why.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core.indicators import GROUPINGS
from geo.core.model import CRS
from geo.errors import BoundariesUnavailable, Message
from geo.language import i18n, text

FILES = {
    "districts_2024": "hanoi_districts_2024.geojson",
    "units_2025": "hanoi_wards_2025.geojson",
    "city": "hanoi_city.geojson",
    "communes_2025_03": "hanoi_communes_2025-03.csv",
    "old_to_new": "hanoi_communes_old_to_new_2025.csv",
}
#: Optional: read where installed (the priority's distance to a river), never required.
RIVERS_FILE = "hanoi_rivers_naturalearth.geojson"

EXPECTED_COUNTS = {"districts_2024": 30, "units_2025": 126}

ATTRIBUTION = {
    "districts_2024": "Ranh giới quận/huyện 2024: daohoangson/dvhcvn (GPL-3.0), từ cổng GIS của Chính phủ",
    "units_2025": "Ranh giới xã/phường 2025: lamngockhuong/vietnam-3d-map (MIT)",
    "city": "Ranh giới thành phố: daohoangson/dvhcvn (GPL-3.0)",
    "old_to_new": "Bảng xã cũ → xã mới: dvhcvn/20250701 (MIT), sinh tự động, kiểm tra một phần",
    "rivers": "Sông: Natural Earth 1:10m (public domain)",
    # Not layers, but the placement of every site rests on them too.
    "admin_codes": "Mã xã/phường mới: sunshine-tech/vietnam-provinces 2025.10.1 (Nguyễn Hồng Quân)",
    "legacy_addresses": "Địa chỉ cũ của các xã đã sáp nhập đầu năm 2025: tranngocminhhieu/vietnamadminunits 1.0.4 (MIT)",
}
ATTRIBUTION_EN = {
    "districts_2024": "2024 district boundaries: daohoangson/dvhcvn (GPL-3.0), from the government GIS portal",
    "units_2025": "2025 unit boundaries: lamngockhuong/vietnam-3d-map (MIT)",
    "city": "City outline: daohoangson/dvhcvn (GPL-3.0)",
    "old_to_new": "Old-to-new commune table: dvhcvn/20250701 (MIT), machine-generated, partly checked",
    "rivers": "Rivers: Natural Earth 1:10m (public domain)",
    "admin_codes": "New unit codes: sunshine-tech/vietnam-provinces 2025.10.1 (Nguyễn Hồng Quân)",
    "legacy_addresses": "Old addresses of communes merged in early 2025: tranngocminhhieu/vietnamadminunits 1.0.4 (MIT)",
}


@dataclass
class Boundaries:
    """The loaded layers; ``districts`` and ``units`` carry ``code`` and ``name`` columns."""

    directory: Path
    districts: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    city: gpd.GeoDataFrame
    communes: pd.DataFrame
    old_to_new: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    rivers: gpd.GeoDataFrame | None = None  # optional layer; None where it is not installed

    @property
    def outline(self):
        return self.city.geometry.union_all()

    # Lookups by name and code, built once per loaded layers: placing 10,000 rows asks them 10,000 times.
    @functools.cached_property
    def districts_by_name(self) -> dict:
        return _by_bare_name(self.districts)

    @functools.cached_property
    def units_by_name(self) -> dict:
        return _by_bare_name(self.units)

    @functools.cached_property
    def unit_shapes(self) -> dict:
        return dict(zip(self.units["code"], self.units.geometry))

    @functools.cached_property
    def communes_by_district(self) -> dict:
        frame = self.communes.assign(_bare=self.communes["ten_xa"].map(text.bare_admin_name))
        return {code: group for code, group in frame.groupby("ma_huyen", sort=False)}

    @functools.cached_property
    def placements(self) -> dict:
        """(old district, old commune, new unit) -> the units resolved for that address (geo.places.placement)."""
        return {}

    @functools.cached_property
    def old_to_new_by_commune(self) -> dict:
        return {code: group for code, group in self.old_to_new.groupby("ma_xa_cu", sort=False)}

    def simplified(self, layer: str, tolerance: float = 0.0008) -> gpd.GeoDataFrame:
        """A lighter copy for display (about 80 m); never for point-in-polygon tests. Simplified once per
        loaded layers (every map of areas asks on every run); each caller gets its own copy."""
        key = (layer, tolerance)
        if key not in self._simplified:
            frame = getattr(self, layer)[["code", "name", "geometry"]].copy()
            frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
            self._simplified[key] = frame
        return self._simplified[key].copy()

    @functools.cached_property
    def _simplified(self) -> dict:
        return {}

    @functools.cached_property
    def city_geojson(self) -> dict:
        """The city's outline as GeoJSON, made once per loaded layers: every map draws it on every run."""
        return json.loads(self.city[["geometry"]].to_json())


def _by_bare_name(layer) -> dict:
    out: dict = {}
    for _, row in layer.iterrows():
        out.setdefault(text.bare_admin_name(row["name"]), []).append(row)
    return out


def load_boundaries(directory) -> Boundaries:
    """Read and check every layer; raise :class:`BoundariesUnavailable` saying what to fix."""
    if directory is None or str(directory).strip() == "":
        raise BoundariesUnavailable(Message(
            "Chưa cấu hình thư mục ranh giới (HANOI_BOUNDARIES_DIR).",
            "No boundary folder is configured: set HANOI_BOUNDARIES_DIR to the folder holding hanoi_wards_2025.geojson."))
    return _load_cached(str(Path(directory).resolve()))


@functools.lru_cache(maxsize=4)
def _load_cached(directory: str) -> Boundaries:
    folder = Path(directory)
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise BoundariesUnavailable(Message(
            f"Thiếu tệp ranh giới trong {folder}: {', '.join(missing)}. Cài các tệp vào đó hoặc đặt HANOI_BOUNDARIES_DIR "
            "là thư mục có các tệp này.",
            f"Boundary files missing in {folder}: {', '.join(missing)}. "
            "Install them there or point HANOI_BOUNDARIES_DIR at the folder that has them."))
    try:
        districts = _read_layer(folder / FILES["districts_2024"])
        units = _read_layer(folder / FILES["units_2025"])
        city = _read_layer(folder / FILES["city"])
        communes = pd.read_csv(folder / FILES["communes_2025_03"], dtype=str)
        old_to_new = pd.read_csv(folder / FILES["old_to_new"], dtype=str)
    except Exception as exc:  # a broken file must not take the product down
        raise BoundariesUnavailable(Message(f"Không đọc được tệp ranh giới: {exc}", f"Cannot read the boundary files: {exc}")) from exc
    districts = districts.rename(columns={"ma_huyen": "code", "ten_huyen": "name", "ten_rieng": "short_name"})
    units = units.rename(columns={"ma_xa": "code", "ten_day_du": "name", "ten": "short_name"})
    rivers = None
    if (folder / RIVERS_FILE).is_file():
        try:
            rivers = _read_layer(folder / RIVERS_FILE)
        except Exception:  # optional: the product works without it
            rivers = None
    boundaries = Boundaries(folder, districts, units, city, communes, old_to_new, rivers=rivers)
    problems = check_boundaries(boundaries)
    if problems:
        raise BoundariesUnavailable(Message("Tệp ranh giới không đạt kiểm tra: " + "; ".join(problems),
                                            "The boundary files fail their checks: " + "; ".join(problems)))
    return boundaries


def check_boundaries(b: Boundaries) -> list[str]:
    """Problems that make the layers unusable: CRS, invalid shapes, counts, official codes."""
    problems: list[str] = []
    for name, frame in (("districts_2024", b.districts), ("units_2025", b.units)):
        if frame.crs is None or frame.crs.to_epsg() != 4326:
            problems.append(f"{name}: CRS is {frame.crs}, expected EPSG:4326")
        if not frame.geometry.is_valid.all():
            problems.append(f"{name}: {int((~frame.geometry.is_valid).sum())} invalid geometries")
        if len(frame) != EXPECTED_COUNTS[name]:
            problems.append(f"{name}: {len(frame)} features, expected {EXPECTED_COUNTS[name]}")
        if frame["code"].duplicated().any():
            problems.append(f"{name}: duplicate codes")
    official = official_unit_codes()
    if official and set(b.units["code"]) != official:
        unknown = sorted(set(b.units["code"]) - official)[:5]
        problems.append(f"units_2025: codes not in vietnam-provinces: {unknown}")
    return problems


@functools.lru_cache(maxsize=1)
def official_unit_codes() -> frozenset[str]:
    """The 126 Hanoi unit codes of the ``vietnam-provinces`` package (5 digits, zero-padded)."""
    from vietnam_provinces import Ward

    return frozenset(f"{int(w.code):05d}" for w in Ward.iter_all() if int(w.province_code) == 1)


def _read_layer(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    return frame


def attribution(lang: str = "vi") -> list[str]:
    return list(i18n.pick(lang, ATTRIBUTION, ATTRIBUTION_EN).values())


def area_names(state: pd.DataFrame, b: Boundaries | None, level: str) -> dict[str, str]:
    """Code -> name of the former districts or new units: those the sites name, plus every
    unit of the boundary layer when it is installed."""
    code_col, name_col = GROUPINGS[level]
    # Unique pairs first: a Python loop over every site cost 0.1 s per call at 50,000 sites.
    pairs = state[[code_col, name_col]].drop_duplicates(code_col, keep="last")
    names = {c: n for c, n in zip(pairs[code_col], pairs[name_col]) if c}
    if b is not None:
        layer = b.districts if level == "old_district" else b.units
        names.update(zip(layer["code"], layer["name"]))
    return names

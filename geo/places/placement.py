"""Locating a site from its old address: old district and commune -> new unit -> a point.

Order of evidence, most trusted first: a surveyed point (point-in-polygon gives the new
unit); the old-to-new commune table; ``vietnamadminunits`` for communes merged in the
interim rearrangement of early 2025, which the table does not list. Every choice that
is not forced by the data is written into ``placement_note`` so a person can check it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass

import shapely
from shapely.geometry import Point

from geo.language import text
from geo.places.boundaries import Boundaries


@dataclass
class Placement:
    old_district_code: str = ""
    old_district_name: str = ""
    old_commune_code: str = ""
    old_commune_name: str = ""
    new_unit_code: str = ""
    new_unit_name: str = ""
    location_precision: str = "unplaced"
    placement_note: str = ""  # in Vietnamese
    placement_note_en: str = ""
    lon: float | None = None
    lat: float | None = None

    def note(self, vi: str, en: str) -> None:
        """Say a choice the data did not force, in both languages, so a person can check it."""
        self.placement_note = f"{self.placement_note}; {vi}" if self.placement_note else vi
        self.placement_note_en = f"{self.placement_note_en}; {en}" if self.placement_note_en else en


def place_site(
    b: Boundaries,
    site_id: str,
    old_district: str,
    old_commune: str = "",
    new_unit: str = "",
    lon: float | None = None,
    lat: float | None = None,
) -> Placement:
    """Resolve a site's old and new administrative units and a point for the map."""
    if lon is not None and lat is not None:
        p = dataclasses.replace(_units(b, old_district, old_commune, "", from_address=False))
        point = Point(lon, lat)
        unit = unit_at(b, point)
        p.lon, p.lat, p.location_precision = lon, lat, "surveyed"
        if unit is not None:
            p.new_unit_code, p.new_unit_name = unit["code"], unit["name"]
        return p
    # The units depend on the address only: resolved once per address, the point once per site.
    p = dataclasses.replace(_units(b, old_district, old_commune, new_unit))
    district = find_district(b, old_district) if p.old_district_code else None
    if p.new_unit_code:
        geom = b.unit_shapes[p.new_unit_code]
        pt = point_inside(geom, site_id)
        if district is not None and not district.geometry.covers(pt):
            # A new unit spanning two former districts: the point must lie in both the unit and the site's district.
            both = geom.intersection(district.geometry)
            if both.area > 0:
                pt = point_inside(both, site_id)
        p.lon, p.lat, p.location_precision = pt.x, pt.y, "new_unit"
    elif district is not None:
        pt = point_inside(district.geometry, site_id)
        p.lon, p.lat, p.location_precision = pt.x, pt.y, "old_district"
        p.note("chỉ biết quận/huyện cũ: điểm đặt tạm trong quận/huyện, chưa xác định xã/phường mới",
               "only the former district is known: the point is placed inside it, the new unit is not known")
    return p


def _units(b: Boundaries, old_district: str, old_commune: str, new_unit: str, from_address: bool = True) -> Placement:
    """The old district and commune and, ``from_address``, the new unit of an address (no point yet), cached on the layers.

    A site with coordinates takes its new unit from its point instead."""
    key = (old_district, old_commune, new_unit, from_address)
    hit = b.placements.get(key)
    if hit is not None:
        return hit
    p = Placement()
    district = find_district(b, old_district) if old_district else None
    if district is not None:
        p.old_district_code, p.old_district_name = district["code"], district["name"]
    elif old_district:
        p.note(f"không tìm thấy quận/huyện cũ '{old_district}'", f"former district '{old_district}' not found")
    if district is not None and old_commune:
        _resolve_old_commune(b, p, district, old_commune)
    if not from_address:
        pass
    elif new_unit:
        unit = find_unit(b, new_unit)
        if unit is not None:
            p.new_unit_code, p.new_unit_name = unit["code"], unit["name"]
            p.note("xã/phường mới theo nguồn tin", "new unit as the source gives it")
    elif p.old_commune_code:
        _choose_new_unit(b, p, old_commune)
    b.placements[key] = p
    return p


def _resolve_old_commune(b: Boundaries, p: Placement, district, old_commune: str) -> None:
    wanted = text.bare_admin_name(old_commune)
    rows = b.communes_by_district.get(district["code"])
    hit = rows[rows["_bare"] == wanted] if rows is not None else b.communes.iloc[0:0]
    if len(hit) == 1:
        p.old_commune_code, p.old_commune_name = hit.iloc[0]["ma_xa"], hit.iloc[0]["ten_xa"]
        return
    # Merged in the interim rearrangement of early 2025: not in the 526-unit table.
    merged = _legacy_commune(old_commune, district["name"])
    if merged is not None and merged[2] == district["code"]:
        code, name, _ = merged
        p.old_commune_code, p.old_commune_name = code, f"{name} (gồm {old_commune})"
        p.note(f"xã cũ {old_commune} đã sáp nhập vào {name} đầu năm 2025 (theo bảng chuyển đổi đơn vị hành chính)",
               f"the former commune {old_commune} was merged into {name} in early 2025 (per the administrative-unit conversion table)")
    else:
        p.note(f"không tìm thấy xã cũ '{old_commune}' trong {district['name']}", f"former commune '{old_commune}' not found in {district['name']}")


def _choose_new_unit(b: Boundaries, p: Placement, old_commune: str) -> None:
    rows = b.old_to_new_by_commune.get(p.old_commune_code, b.old_to_new.iloc[0:0])
    codes = list(dict.fromkeys(rows["ma_xa_moi"]))
    if not codes:
        p.note(f"xã cũ {p.old_commune_name} không có trong bảng xã cũ → xã mới", f"former commune {p.old_commune_name} is not in the old-to-new table")
        return
    chosen = codes[0]
    if len(codes) > 1:
        # vietnamadminunits speaks the source's codes; 27 differ from the official list.
        official_of = {int(src): code for src, code in zip(rows["ma_xa_moi_nguon"], rows["ma_xa_moi"])}
        official_of.update({int(code): code for code in codes})
        raw = _converter_unit(old_commune, p.old_district_name)
        suggestion = official_of.get(int(raw)) if raw and str(raw).isdigit() else None
        names = ", ".join(rows.drop_duplicates("ma_xa_moi")["ten_xa_moi"])
        if suggestion in codes:
            chosen = suggestion
            why = ("chọn theo bảng chuyển đổi địa chỉ cũ sang mới", "chosen by the old-to-new address conversion")
        else:
            why = ("chọn đơn vị đầu tiên trong bảng; cần kiểm tra thực địa", "the first unit of the table was chosen; check on site")
        p.note(f"xã cũ {p.old_commune_name} bị chia cho {len(codes)} đơn vị ({names}); {why[0]}",
               f"the former commune {p.old_commune_name} was split between {len(codes)} units ({names}); {why[1]}")
    unit = b.units.loc[b.units["code"] == chosen]
    if unit.empty:
        p.note(f"mã xã mới {chosen} không có trong lớp ranh giới 2025", f"new unit code {chosen} is not in the 2025 boundary layer")
        return
    p.new_unit_code, p.new_unit_name = chosen, unit.iloc[0]["name"]


def find_district(b: Boundaries, name: str):
    hit = b.districts_by_name.get(text.bare_admin_name(name), [])
    return hit[0] if len(hit) == 1 else None


def find_unit(b: Boundaries, name: str):
    hit = b.units_by_name.get(text.bare_admin_name(name), [])
    return hit[0] if len(hit) == 1 else None


def unit_at(b: Boundaries, point: Point):
    hit = b.units[b.units.geometry.contains(point)]
    return hit.iloc[0] if len(hit) else None


def point_inside(geom, seed: str) -> Point:
    """A deterministic point inside ``geom``, different per ``seed``, so sites of one
    unit do not stack on one pixel; falls back to the representative point."""
    digest = hashlib.sha256(seed.encode()).digest()
    minx, miny, maxx, maxy = geom.bounds
    inner = _inner(geom.wkb)
    for i in range(0, 32, 2):
        fx = int.from_bytes(digest[i : i + 2], "big") / 65535
        fy = int.from_bytes(digest[(i + 16) % 32 : (i + 16) % 32 + 2], "big") / 65535
        candidate = Point(minx + fx * (maxx - minx), miny + fy * (maxy - miny))
        if inner.contains(candidate):
            return Point(round(candidate.x, 6), round(candidate.y, 6))
    rep = shapely.point_on_surface(geom)
    return Point(round(rep.x, 6), round(rep.y, 6))


@functools.lru_cache(maxsize=512)
def _inner(wkb: bytes):
    """The shape shrunk by about 200 m (so a point is not on the border), prepared for fast tests; one per shape."""
    geom = shapely.from_wkb(wkb)
    inner = geom.buffer(-0.002) if geom.area > 2e-5 else geom
    if inner.is_empty:
        inner = geom
    shapely.prepare(inner)
    return inner


@functools.lru_cache(maxsize=4096)
def _legacy_commune(commune: str, district: str):
    """(code, name, district code) of the 526-table unit an interim-merged commune joined."""
    try:
        from vietnamadminunits import parse_address
    except ImportError:
        return None
    try:
        unit = parse_address(f"{commune}, {district}, Hà Nội", mode="LEGACY")
    except Exception:  # the library raises plain exceptions on addresses it cannot read
        return None
    if not unit or not unit.ward_code:
        return None
    return unit.ward_code, unit.ward, unit.district_code


@functools.lru_cache(maxsize=4096)
def _converter_unit(commune: str, district: str) -> str | None:
    try:
        from vietnamadminunits import convert_address
    except ImportError:
        return None
    try:
        unit = convert_address(f"{commune}, {district}, Hà Nội")
    except Exception:  # see _legacy_commune
        return None
    return unit.ward_code if unit else None

"""Reading values: each mapped row typed, its codes understood, and placed on the map.

A row is placed from its coordinates (any of the coordinate systems a list may use) or
from its old commune and district; every value that cannot be understood is a problem
with the row and the fix."""

from __future__ import annotations

import re
import unicodedata
import dataclasses
import functools
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.core import model, vocab
from geo.io.importing import numbers
from geo.io.importing.headers import IMPORT_STATUS, fold_cell
from geo.io.importing.problems import Problem
from geo.io.importing.tables import RawTable
from geo.language import i18n, text
from geo.places import placement

CRS_CHOICES = {
    "EPSG:4326": ("WGS84, độ thập phân", "WGS84, decimal degrees"),
    "EPSG:5897": ("VN-2000 / TM-3 kinh tuyến 105° (Hà Nội)", "VN-2000 / TM-3 105° (Hanoi)"),
    "EPSG:3405": ("VN-2000 / UTM múi 48N", "VN-2000 / UTM zone 48N"),
    "EPSG:32648": ("WGS84 / UTM múi 48N", "WGS 84 / UTM zone 48N"),
}
#: Status columns an import may carry; each value becomes a dated change record.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "ww_status": {"chua co": "none", "khong": "none", "khong co": "none", "co, dang van hanh": "operating",
                  "dang van hanh": "operating", "da van hanh": "operating",
                  # "Có"/"Đã có"/"x" says there is a plant, not that it runs.
                  "co": "built", "da co": "built", "co tram": "built", "da co tram": "built",
                  "da xay, chua van hanh": "built_not_operating", "da xay dung chua van hanh": "built_not_operating",
                  "dang xay dung": "under_construction", "dang dau tu": "under_construction", "co ke hoach": "planned"},
    "operating_status": {"dang hoat dong": "operating", "hoat dong": "operating", "da di vao hoat dong": "operating",
                         "dang dau tu xay dung": "under_construction", "dang xay dung": "under_construction",
                         "quy hoach": "planned", "chua dau tu": "planned", "chua trien khai": "planned", "dong cua": "closed"},
    "kind": {"ccn": "ccn", "cum cong nghiep": "ccn", "kcn": "kcn", "khu cong nghiep": "kcn", "lang nghe": "lang_nghe",
             "ccn lang nghe": "ccn_lang_nghe", "cum cong nghiep lang nghe": "ccn_lang_nghe"},
}

#: Yes/no columns, where a tick-mark means yes and an empty cell "not stated".
TICK_FIELDS = {f for f, voc in vocab.FIELD_VOCAB.items() if voc is vocab.TriState}
#: Numeric columns read with the file's number convention (years are read by numbers.read_year).
NUMBER_FIELDS = ("area_ha", "ww_capacity_m3d", "haz_waste_tonnes")
_LINK_ID = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


def code_of(field_name: str, value: str) -> str | None:
    """The vocabulary code a cell means (code, label in either language, a tick-mark, or a department phrase)."""
    if value is None or str(value).strip() == "":
        return None
    return _code_of(field_name, str(value))


@functools.lru_cache(maxsize=8192)
def _code_of(field_name: str, value: str) -> str | None:
    voc = vocab.FIELD_VOCAB.get(field_name)
    raw = str(value).strip()
    if voc is None:
        return raw
    if raw in voc.codes():
        return raw
    tick = numbers.read_tick(raw)
    if field_name in TICK_FIELDS and tick:
        return tick
    if field_name == "ww_status" and tick == "yes":
        return "built"
    f = fold_cell(raw)
    for code in voc.codes():
        if f in (fold_cell(voc.label_of(code, "vi")), fold_cell(voc.label_of(code, "en"))):
            return code
    return VALUE_SYNONYMS.get(field_name, {}).get(f.rstrip(". "))


@dataclass
class Options:
    mapping: dict[str, str]  # header -> field
    kind: str | None = None  # for files without a kind column
    crs: str = "EPSG:4326"  # for x/y columns or geo files without a CRS
    status_date: str = ""  # effective date of the status values in the file (ISO)
    source: str = ""  # what the file is, e.g. "Sở Công Thương, danh sách CCN 10/2026"
    #: The user's answers to probable matches: the file's row number -> the site it is, or "" for a new site.
    matches: dict = dataclasses.field(default_factory=dict)


def candidates(raw: RawTable, opts: Options, b=None, progress=None) -> tuple[gpd.GeoDataFrame, list[Problem], dict[int, dict]]:
    """Mapped, typed and located rows; problems per row; and status values per row.

    ``progress(fraction)``, when given, hears how far the rows are read (placing them is the slow part).
    """
    problems = list(raw.problems)
    total = len(raw.frame)
    step = max(1, total // 50)
    fields = {f: h for h, f in opts.mapping.items() if f}
    style, declared = _number_style(raw, fields)
    out = []
    statuses: dict[int, dict] = {}
    for pos, row in enumerate(raw.frame.to_dict("records")):
        if progress is not None and pos % step == 0:
            progress(pos / total)
        n = raw.rows[pos]
        get = lambda f: text.nfc(row.get(fields[f], "")) if f in fields else ""  # noqa: E731
        read: list[str] = []  # how cells were read, for the preview ("Diện tích: “1.250” → 1.250")
        for f, header in fields.items():
            bad = control_characters(row.get(header, ""))
            if bad:
                problems.append(Problem.of(n, header, f"ô có ký tự điều khiển không in được ({bad}); xóa ký tự đó trong tệp",
                                           f"the cell holds unprintable control characters ({bad}); delete them in the file"))
        rec = {c: "" for c in model.SITE_COLUMNS}
        for c in model.SITE_COLUMNS:
            if c in fields:
                rec[c] = get(c)
        for c in [c for c in model.SITE_COLUMNS if c in vocab.FIELD_VOCAB]:
            if rec.get(c):
                code = code_of(c, rec[c])
                if code is None:
                    allowed = ", ".join(vocab.FIELD_VOCAB[c].codes())
                    problems.append(Problem.of(n, fields.get(c, c), f"giá trị “{rec[c]}” không hiểu được; dùng một trong: {allowed}",
                                            f"cannot understand “{rec[c]}”; use one of: {allowed}"))
                rec[c] = code or rec[c]
        rec["kind"] = rec["kind"] or opts.kind or ""
        rec["roadmap_list"] = rec["roadmap_list"] or ("unknown" if rec["kind"] == "lang_nghe" else "na")
        if not rec["kind"]:
            problems.append(Problem.of(n, "kind", "không rõ loại hình; thêm cột loại hình hoặc chọn loại hình cho cả tệp",
                                    "the kind is unknown; add a kind column or choose a kind for the whole file"))
        for c in ("area_ha", "recognition_year"):
            cell = rec[c]
            reading = numbers.read_year(cell) if c == "recognition_year" else numbers.read_number(cell, style, c, declared)
            rec[c] = _keep(reading, cell, c, n, fields.get(c, c), problems, read)
        if not rec["old_district_name"] and row.get("__group_district__"):
            rec["old_district_name"] = row["__group_district__"]
        address = get("address")
        if address:
            commune, district = split_address(address)
            rec["old_commune_name"] = rec["old_commune_name"] or commune
            rec["old_district_name"] = rec["old_district_name"] or district
        point = _point(raw, pos, get("lon"), get("lat"), opts.crs, n, problems, read)
        rec.update(_place(b, rec, point, n, problems))
        shape = raw.geometry.iloc[pos] if raw.geometry is not None else None
        if shape is not None and not shape.is_empty and shape.geom_type != "Point" and rec["location_precision"] == "surveyed":
            # An area or a line is not a surveyed point: say what the point is.
            rec["location_precision"] = "from_shape"
            kind_vi = "vùng" if "Polygon" in shape.geom_type else "đường"
            rec["placement_note"] = "; ".join(x for x in (rec.get("placement_note", ""), (
                f"tệp ghi một {kind_vi} ({shape.geom_type}); lấy một điểm bên trong / the file gives a {shape.geom_type}; "
                "a point inside it is used")) if x)
        if rec["site_id"] and not _LINK_ID.match(rec["site_id"]):
            original, rec["site_id"] = rec["site_id"], text.slug(rec["site_id"])[:80]  # "Mã 01/2025" -> "ma-01-2025"
            read.append(f"Mã / Id: “{original}” → {rec['site_id']}")
            rec["notes"] = "; ".join(x for x in (rec["notes"], f"Mã gốc trong tệp / id in the file: {original}") if x)
        if not rec["site_id"]:
            place = text.bare_admin_name(rec["old_commune_name"] or rec["old_district_name"])
            rec["site_id"] = text.slug(f"{rec['name']} {place}")[:80]
        vals = {}
        for f in IMPORT_STATUS:
            if f in fields and get(f):
                kind = model.STATUS_FIELDS[f]
                if kind == "number":
                    reading = numbers.read_number(get(f), style, f, declared)
                    number = _keep(reading, get(f), f, n, fields[f], problems, read)
                    if number is not None:
                        vals[f] = number
                    continue
                value = code_of(f, get(f))
                if value is None:
                    allowed = ", ".join(vocab.FIELD_VOCAB[f].codes())
                    problems.append(Problem.of(n, fields[f], f"giá trị “{get(f)}” không hiểu được; dùng một trong: {allowed}",
                                            f"cannot understand “{get(f)}”; use one of: {allowed}"))
                else:
                    vals[f] = value
        statuses[pos] = vals
        rec["_row"] = n
        rec["_read"] = "; ".join(read)
        out.append(rec)
    frame = pd.DataFrame(out)
    geoms = [Point(r["lon"], r["lat"]) if r.get("lon") is not None and r.get("lat") is not None else None for r in out]
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"], errors="ignore"), geometry=geoms, crs=model.CRS)
    return gdf, problems, statuses


def split_address(address: str) -> tuple[str, str]:
    """'Xã Tân Triều, huyện Thanh Trì, Hà Nội' -> ('Xã Tân Triều', 'huyện Thanh Trì')."""
    commune = district = ""
    for part in [p.strip() for p in re.split(r"[,;–-]", address) if p.strip()]:
        f = fold_cell(part)
        if f.startswith(("xa ", "phuong ", "thi tran ", "tt ")) and not commune:
            commune = part
        elif f.startswith(("huyen ", "quan ", "thi xa ")) and not district:
            district = part
    return commune, district


def _number_style(raw: RawTable, fields: dict[str, str]) -> tuple[str, bool]:
    """(the file's number convention, whether the file declares it): declared, or read from its numeric columns
    (never from coordinates: GPS devices write decimal points in Vietnamese sheets too)."""
    if raw.number_style is not None:
        return raw.number_style, True
    return numbers.style_of(c for f in NUMBER_FIELDS if f in fields for c in raw.frame[fields[f]]), False


def control_characters(value) -> str:
    """The control characters in a cell (NUL, ESC...) as U+ codes; tabs and line breaks are allowed."""
    found = sorted({f"U+{ord(ch):04X}" for ch in str(value) if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"})
    return ", ".join(found)


def _keep(reading, cell, field, n, column, problems, read) -> float | None:
    """The number read, or the problem recorded; a cell whose text is not the number itself is said in the preview."""
    if not reading.ok:
        problems.append(Problem(n, column, reading.problem))
        return None
    if reading.value is not None and str(cell).strip() not in (f"{reading.value:g}", str(int(reading.value)) if reading.value.is_integer() else ""):
        read.append(f"{i18n.field_label(field, 'vi')}: “{str(cell).strip()}” → {numbers.plain(reading.value)}")
    return reading.value


def _point(raw: RawTable, pos: int, lon: str, lat: str, crs: str, n: int, problems, read: list | None = None) -> Point | None:
    if raw.geometry is not None:
        geom = raw.geometry.iloc[pos]
        if geom is None or geom.is_empty:
            return None
        geom = geom if geom.geom_type == "Point" else geom.representative_point()
        source_crs = raw.crs or crs
        if source_crs and source_crs not in ("EPSG:4326", "OGC:CRS84"):
            geom = gpd.GeoSeries([geom], crs=source_crs).to_crs(model.CRS).iloc[0]
        return geom
    if not lon and not lat:
        return None
    x, y = numbers.read_degrees(lon), numbers.read_degrees(lat)   # "105°50'E", "21°01'N"
    try:
        x = x if x is not None else float(lon.replace(",", "."))
        y = y if y is not None else float(lat.replace(",", "."))
    except ValueError:
        problems.append(Problem.of(n, "lon/lat", f"tọa độ “{lon}, {lat}” không phải là số; ghi độ thập phân (105,85) hoặc độ-phút-giây (105°51'E)",
                                   f"coordinates “{lon}, {lat}” are not numbers; write decimal degrees (105.85) or degrees-minutes-seconds (105°51'E)"))
        return None
    if crs != "EPSG:4326" and numbers.surveyors_order(x, y):
        # The surveyors' VN-2000 convention: "Tọa độ X" is the northing, "Tọa độ Y" the easting.
        x, y = y, x
        if read is not None:
            read.append(f"Tọa độ X/Y theo quy ước trắc địa (X = bắc, Y = đông) / surveyors' X = northing, Y = easting: “{lon}, {lat}”")
    elif crs == "EPSG:4326" and 20 <= x <= 22 and 105 <= y <= 106.5:
        problems.append(Problem.of(n, "lon/lat", f"kinh độ và vĩ độ có vẻ bị đảo chỗ (“{lon}”, “{lat}”): kinh độ Hà Nội ≈ 105–106, vĩ độ ≈ 20–21; "
                                              "đổi lại hai cột trong bước ghép cột",
                                   f"X and Y look swapped (“{lon}”, “{lat}”): Hanoi's longitude is about 105-106, its latitude 20-21; "
                                   "swap the two columns in the mapping"))
        return None

    if abs(x) > 1000 and crs == "EPSG:4326":
        problems.append(Problem.of(n, "lon/lat", "tọa độ có vẻ là mét (VN-2000 hoặc UTM); chọn đúng hệ tọa độ của tệp",
                                "the coordinates look like metres (VN-2000 or UTM); choose the file's coordinate system"))
        return None
    if crs != "EPSG:4326":
        return gpd.GeoSeries([Point(x, y)], crs=crs).to_crs(model.CRS).iloc[0]
    return Point(x, y)


def _place(b, rec: dict, point: Point | None, n: int, problems) -> dict:
    """Old and new units and a point: from the coordinates, else from the names, else listed as unplaced."""
    if b is None:
        if point is None:
            problems.append(Problem.of(n, "geometry", "không định vị được: không có tọa độ và chưa cài tệp ranh giới",
                                    "cannot place the row: no coordinates and no boundary files installed"))
            return {"lon": None, "lat": None, "location_precision": "unplaced"}
        return {"lon": point.x, "lat": point.y, "location_precision": "surveyed"}
    p = placement.place_site(b, rec["site_id"] or rec["name"], rec["old_district_name"], rec["old_commune_name"],
                             rec["new_unit_name"], point.x if point is not None else None, point.y if point is not None else None)
    if p.lon is None:
        problems.append(Problem.of(n, "geometry", "không định vị được từ địa chỉ; thêm tọa độ hoặc tên xã/huyện cũ đúng",
                                "cannot place the row from its address; add coordinates or a correct old commune/district"))
    return {"old_district_code": p.old_district_code, "old_district_name": p.old_district_name or rec["old_district_name"],
            "old_commune_code": p.old_commune_code, "old_commune_name": p.old_commune_name or rec["old_commune_name"],
            "new_unit_code": p.new_unit_code, "new_unit_name": p.new_unit_name or rec["new_unit_name"],
            "location_precision": p.location_precision, "placement_note": p.placement_note, "lon": p.lon, "lat": p.lat}


def column_readings(raw: RawTable, mapping: dict[str, str], lang: str = "vi", most: int = 6) -> list[tuple[str, str, str]]:
    """How each mapped coded, yes/no or numeric column will be read, for the mapping step:
    (header, field label, "“x” → Có · “” → không nêu · “Đang lập” → không hiểu")."""
    fields = {f: h for h, f in mapping.items() if f}
    style, declared = _number_style(raw, fields)
    out = []
    for header, field in mapping.items():
        if not field or header not in raw.frame.columns:
            continue
        coded = field in vocab.FIELD_VOCAB and field != "kind"
        numeric = field in NUMBER_FIELDS or model.STATUS_FIELDS.get(field) == "number"
        if not (coded or numeric or field == "recognition_year"):
            continue
        cells = list(dict.fromkeys(text.nfc(c).strip() for c in raw.frame[header]))
        parts = []
        for cell in cells[:most]:
            if cell == "":
                meaning = i18n.pick(lang, "không nêu (không ghi gì)", "not stated (nothing recorded)")
            elif coded:
                code = code_of(field, cell)
                meaning = vocab.label(field, code, lang) if code else i18n.pick(lang, "không hiểu (sẽ báo lỗi)", "not understood (an error)")
            else:
                reading = numbers.read_year(cell) if field == "recognition_year" else numbers.read_number(cell, style, field, declared)
                meaning = (numbers.plain(reading.value) if reading.ok and reading.value is not None
                           else i18n.pick(lang, "phải sửa (sẽ báo lỗi)", "to be fixed (an error)"))
            parts.append(f"“{cell}” → {meaning}")
        if len(cells) > most:
            parts.append(i18n.pick(lang, f"… và {len(cells) - most} giá trị khác", f"… and {len(cells) - most} other values"))
        out.append((header, i18n.field_label(field, lang), " · ".join(parts)))
    return out

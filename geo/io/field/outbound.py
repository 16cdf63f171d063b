"""What goes out to the inspectors' phones: the sites to visit, with what an inspector checks.

Two shapes of the same list: a CSV for the XLSForm's ``select_one_from_file`` (attach it to
the form in ODK Central or KoboToolbox as ``co_so.csv``; its ``name`` column is the choice
value, which ODK's Entity lists reserve, so it is a form attachment, not an Entity upload)
and a GeoPackage for QField, whose ``kiem_tra`` layer has the form's own fields, so
what comes back reads like an ODK export.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core import inspections, vocab
from geo.io.exports import neutralised
from geo.io.field import form
from geo.language import dates

#: The layer QField edits: one feature per visit, the form's fields, a submission id.
QFIELD_LAYER = "kiem_tra"
SITES_LAYER = "co_so"
ILLUSTRATIVE_WORD = "minh họa, không phải số liệu thật"


def site_rows(state: gpd.GeoDataFrame, inspection_records: pd.DataFrame, as_of, lang: str = "vi") -> pd.DataFrame:
    """One row per site: id, a label to pick it by, and what the inspector checks on the visit."""
    records = inspections.current(inspection_records) if len(inspection_records) else inspection_records
    last = records.groupby("site_id")["inspection_date"].max().to_dict() if len(records) else {}
    overdue = inspections.overdue_actions(inspection_records, as_of) if len(inspection_records) else pd.DataFrame(columns=["site_id", "action"])
    due = overdue.groupby("site_id")["action"].apply(lambda a: "; ".join(a)).to_dict() if len(overdue) else {}
    rows = []
    for site in state.itertuples():
        where = ", ".join(x for x in (site.old_commune_name, site.old_district_name) if x)
        marked = bool(getattr(site, "illustrative", False))
        statuses = {f: vocab.label(f, getattr(site, f, "") or "unknown", lang) for f in form.OBSERVED}
        point = site.geometry if site.geometry is not None and not site.geometry.is_empty else None
        rows.append({
            "name": site.site_id,
            "label": f"{site.name} ({where})" if where else site.name,
            "kind": vocab.label("kind", site.kind, lang),
            "new_unit": site.new_unit_name or "",
            **{f"hien_tai_{f}": text for f, text in statuses.items()},
            "minh_hoa": ILLUSTRATIVE_WORD if marked else "",
            "lan_kiem_tra_cuoi": last.get(site.site_id, ""),
            "khac_phuc_qua_han": due.get(site.site_id, ""),
            "lat": round(point.y, 6) if point is not None else "",
            "lon": round(point.x, 6) if point is not None else "",
        })
    return pd.DataFrame(rows, columns=["name", "label", "kind", "new_unit", *[f"hien_tai_{f}" for f in form.OBSERVED], "minh_hoa",
                                       "lan_kiem_tra_cuoi", "khac_phuc_qua_han", "lat", "lon"])


def site_list_csv(rows: pd.DataFrame) -> bytes:
    """The form attachment ``co_so.csv``: UTF-8, comma-separated, ``name`` and ``label`` first (XLSForm's rule),
    text that a spreadsheet would run as a formula neutralised like every other export."""
    out = io.StringIO()
    neutralised(rows).to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL)
    return out.getvalue().encode("utf-8")


def qfield_package(rows: pd.DataFrame, meta: dict) -> bytes:
    """A GeoPackage for QField: the sites to visit (read-only reference) and the empty ``kiem_tra`` layer."""
    import pyogrio

    points = gpd.GeoDataFrame(rows.drop(columns=["lat", "lon"]), crs="EPSG:4326",
                              geometry=gpd.points_from_xy(pd.to_numeric(rows["lon"], errors="coerce"),
                                                          pd.to_numeric(rows["lat"], errors="coerce")))
    points = points.rename(columns={"name": "site_id", "label": "ten"})
    visit_columns = {f.name: pd.Series(dtype="object") for f in form.FIELDS if f.type != "geopoint"}
    visits = gpd.GeoDataFrame({**visit_columns, "uuid": pd.Series(dtype="object")},
                              geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    info = pd.DataFrame([(k, str(v)) for k, v in {**meta, "form_id": form.FORM_ID, "form_version": form.FORM_VERSION,
                                                   "fields": json.dumps(form.NAMES)}.items()], columns=["key", "value"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qfield.gpkg"
        pyogrio.write_dataframe(points, path, layer=SITES_LAYER, driver="GPKG")
        pyogrio.write_dataframe(visits, path, layer=QFIELD_LAYER, driver="GPKG", geometry_type="Point")
        pyogrio.write_dataframe(info, path, layer="thong_tin", driver="GPKG")
        return path.read_bytes()


def package_note(lang: str) -> str:
    """How the package is used, for the page and the README."""
    if lang == "en":
        return ("In QField, add a feature to the “kiem_tra” layer at each visit: pick the site id, fill in the fields, "
                "take photos into anh_1..anh_3 and set uuid to uuid() (QGIS default value). Send back the GeoPackage with its DCIM folder, zipped.")
    return ("Trong QField, thêm một đối tượng vào lớp “kiem_tra” ở mỗi lần kiểm tra: chọn mã cơ sở, điền các trường, chụp ảnh vào "
            "anh_1..anh_3, uuid đặt giá trị mặc định uuid(). Gửi lại GeoPackage cùng thư mục DCIM, nén .zip.")


def stem(as_of) -> str:
    return f"kiem-tra-hien-truong-{dates.iso_date(as_of)}"

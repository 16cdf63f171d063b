"""Submissions coming back from the field, read as each tool exports them, planned like any import.

ODK Central ("all submissions with attachments": a ZIP of the form's CSV and ``media/``),
KoboToolbox (CSV, ``;`` or ``,``, or XLSX, with or without group names, XML values or labels;
photos in a ZIP beside the table) and QField (the ``kiem_tra`` layer of the package this
product sent out, zipped with its ``DCIM`` folder) all end up as one table with the form's
field names (:data:`geo.io.field.form.NAMES`). Each submission keeps its id, so the same
visit is never imported twice; photos named in a row must be in the upload and are kept as
evidence with the inspection.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd

from geo.core import history, inspections, vocab
from geo.errors import ImportRefused
from geo.io.field import form
from geo.io.importing.files import Limits, check_archive, decode_text, sniff_delimiter
from geo.io.importing.problems import Problem
from geo.io.importing.values import code_of, control_characters
from geo.language import dates, i18n, text

ORIGINS = {"odk": "ODK Central", "kobo": "KoboToolbox", "qfield": "QField"}
FORMATS = (".zip", ".csv", ".xlsx", ".gpkg")
MAX_PHOTO_BYTES = 15 * 2**20
#: The largest upload of submissions with their photos, in MB (the Data page's uploader says the same).
MAX_UPLOAD_MB = 200
#: Columns every submission table must have (by the form's names, or their labels).
REQUIRED = [f.name for f in form.FIELDS if f.required]
EXTRA = ["lat", "lon", "accuracy", "submission_id", "submitted_at", "submitted_by", "review"]
_IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
#: The headers that carry a submission's id, best first: ODK's instanceID, its KEY, KoboToolbox's _uuid, QField's uuid.
_ID_HEADERS = ("instanceid", "key", "_uuid", "uuid")
_TIME_HEADERS = ("submissiondate", "_submission_time")
_WHO_HEADERS = ("submittername", "_submitted_by")
_REVIEW_HEADERS = ("reviewstate", "_validation_status")
_REJECTED = {"rejected", "validation_status_not_approved"}
#: The tolerance, in km, between where the GPS says the visit was and where the site is mapped, before the preview says so.
GPS_FAR_KM = 1.0


@dataclass
class Submissions:
    frame: pd.DataFrame  # form.NAMES + EXTRA, as text
    rows: list[int]  # each row's own row number in the file (1-based, header = 1)
    photos: dict[str, bytes]  # attachment file name -> bytes
    origin: str  # a key of ORIGINS
    notes: list[str] = field(default_factory=list)


@dataclass
class FieldPlan:
    rows: pd.DataFrame  # _row, submission_id, site_id, name, action (create, already, rejected, error), changes
    inspections: list[dict]
    changes: pd.DataFrame
    evidence: list[dict]
    problems: list[Problem]
    origin: str

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return self.rows["action"].value_counts().to_dict()


# -- reading ---------------------------------------------------------------------
def read_submissions(name: str, data: bytes, limits: Limits = Limits()) -> Submissions:
    """The submissions of one upload, whatever tool exported them; refused in words when they cannot be read."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise _refused(f"loại tệp '{suffix or name}' không dùng được; tải lên ZIP xuất từ ODK Central, CSV/XLSX của KoboToolbox "
                       "hoặc GeoPackage của QField", f"file type '{suffix or name}' cannot be used; upload the ZIP exported by "
                       "ODK Central, KoboToolbox's CSV/XLSX or QField's GeoPackage")
    if not data:
        raise _refused("tệp rỗng", "the file is empty")
    if len(data) > MAX_UPLOAD_MB * 2**20:
        raise _refused(f"tệp quá {MAX_UPLOAD_MB} MB; xuất từng đợt (theo ngày) rồi nhập lần lượt",
                       f"the file is over {MAX_UPLOAD_MB} MB; export in batches (by date) and import them one by one")
    photos: dict[str, bytes] = {}
    if suffix == ".zip":
        check_archive(data, limits, "ZIP")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [m for m in z.infolist() if not m.is_dir() and not PurePosixPath(m.filename).name.startswith(".")]
            tables = [m for m in members if PurePosixPath(m.filename).suffix.lower() in (".csv", ".xlsx", ".gpkg")]
            for m in members:
                if m not in tables:
                    photos[PurePosixPath(m.filename).name] = z.read(m)
            if not tables:
                raise _refused("tệp ZIP không có bảng kết quả (CSV, XLSX hoặc GeoPackage)",
                               "the ZIP holds no table of submissions (CSV, XLSX or GeoPackage)")
            last = None
            for m in sorted(tables, key=lambda m: (m.filename.count("/"), len(m.filename))):  # the main table first
                try:
                    subs = _read_table(PurePosixPath(m.filename).suffix.lower(), z.read(m), limits)
                except ImportRefused as exc:
                    last = exc
                    continue
                subs.photos = photos
                subs.notes.insert(0, f"bảng “{m.filename}”, {len(photos)} tệp đính kèm / table “{m.filename}”, {len(photos)} attachments")
                return subs
            raise last
    return _read_table(suffix, data, limits)


def _read_table(suffix: str, data: bytes, limits: Limits) -> Submissions:
    if suffix == ".gpkg":
        return _read_qfield(data, limits)
    if suffix == ".csv":
        import csv

        content, _ = decode_text(data)
        grid = list(csv.reader(io.StringIO(content), delimiter=sniff_delimiter("\n".join(content.splitlines()[:20]))))
    else:
        import openpyxl

        check_archive(data, limits, "XLSX")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            grid = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]  # KoboToolbox puts the main table first
        except Exception as exc:
            raise _refused("tệp XLSX bị hỏng; tải lại từ KoboToolbox", "the XLSX file is broken; download it again from KoboToolbox") from exc
    grid = [r for r in grid if any(c not in (None, "") for c in r)]
    if len(grid) < 2:
        raise _refused("tệp không có lần gửi nào", "the file holds no submission")
    if len(grid) - 1 > limits.max_features:
        raise _refused(f"tệp có {len(grid) - 1} dòng, quá {limits.max_features}", f"the file has {len(grid) - 1} rows, over {limits.max_features}")
    headers = [text.nfc(_cell(h)).strip() for h in grid[0]]
    frame = pd.DataFrame([[_cell(c) for c in r] + [""] * (len(headers) - len(r)) for r in grid[1:]]).iloc[:, :len(headers)]
    frame.columns = range(len(headers))
    origin = "kobo" if any(h.startswith("_") for h in headers) else "odk"
    return _canonical(frame, headers, list(range(2, len(grid) + 1)), origin)


def _read_qfield(data: bytes, limits: Limits) -> Submissions:
    import pyogrio

    from geo.io.field.outbound import QFIELD_LAYER

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qfield.gpkg"
        path.write_bytes(data)
        try:
            layers = [n for n, _ in pyogrio.list_layers(path)]
        except Exception as exc:
            raise _refused("tệp GeoPackage bị hỏng", "the GeoPackage file is broken") from exc
        if QFIELD_LAYER not in layers:
            raise _refused(f"GeoPackage không có lớp “{QFIELD_LAYER}”; dùng gói QField xuất từ trang Danh sách cơ sở",
                           f"the GeoPackage has no “{QFIELD_LAYER}” layer; use the QField package exported from the Sites page")
        count = pyogrio.read_info(path, layer=QFIELD_LAYER).get("features", 0)
        if count > limits.max_features:
            raise _refused(f"lớp có {count} đối tượng, quá {limits.max_features}", f"the layer has {count} features, over {limits.max_features}")
        gdf = gpd.read_file(path, layer=QFIELD_LAYER)
    if gdf.empty:
        raise _refused(f"lớp “{QFIELD_LAYER}” chưa có lần kiểm tra nào", f"the “{QFIELD_LAYER}” layer holds no inspection yet")
    points = gdf.geometry.to_crs("EPSG:4326") if gdf.crs is not None else gdf.geometry
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).map(_cell)
    headers = list(frame.columns)
    frame.columns = range(len(headers))
    subs = _canonical(frame, headers, list(range(1, len(frame) + 1)), "qfield")
    subs.frame["lat"] = [f"{p.y:.6f}" if p is not None and not p.is_empty else "" for p in points]
    subs.frame["lon"] = [f"{p.x:.6f}" if p is not None and not p.is_empty else "" for p in points]
    return subs


def _cell(value) -> str:
    """A cell as text: dates as ISO, whole numbers without '.0', missing as ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text.nfc(str(value))


def _labels() -> dict[str, str]:
    """Folded question labels -> field name: KoboToolbox can export labels instead of names."""
    out = {}
    for f in form.FIELDS:
        for label in (f.vi, f.en):
            out[text.fold(label).strip()] = f.name
    return out


def canonical_header(header: str) -> str | None:
    """The form field (or one of EXTRA) a column of an ODK, KoboToolbox or QField export holds; None if none.

    ODK joins group paths with '-' ("kiem_tra-ket_qua", "bang_chung-gps-Latitude"), KoboToolbox
    with '/' ("kiem_tra/ket_qua"), and either may leave the groups out.
    """
    h = text.nfc(header).strip()
    parts = [p for p in re.split(r"[/\-]", h) if p]
    if not parts:
        return None
    last = parts[-1]
    low = last.lower()
    if last in form.NAMES:
        return last
    if len(parts) >= 2 and parts[-2] == "gps":
        return {"latitude": "lat", "longitude": "lon", "accuracy": "accuracy"}.get(low)
    named = {"_gps_latitude": "lat", "_gps_longitude": "lon", "_gps_precision": "accuracy"}
    if low in named:
        return named[low]
    for names, extra in ((_ID_HEADERS, "submission_id"), (_TIME_HEADERS, "submitted_at"), (_WHO_HEADERS, "submitted_by"),
                         (_REVIEW_HEADERS, "review")):
        if low in names:
            return extra
    labels = _labels()
    return labels.get(text.fold(h).strip()) or labels.get(text.fold(h.split("/")[-1]).strip())


def _canonical(frame: pd.DataFrame, headers: list[str], rows: list[int], origin: str) -> Submissions:
    chosen: dict[str, int] = {}
    rank: dict[str, int] = {}
    for i, h in enumerate(headers):
        name = canonical_header(h)
        if name is None:
            continue
        # Several id columns: the best one wins (instanceID over KEY over _uuid).
        score = next((k for k, ids in enumerate(_ID_HEADERS) if h.split("-")[-1].split("/")[-1].lower() == ids), 0)
        if name not in chosen or (name == "submission_id" and score < rank[name]):
            chosen[name], rank[name] = i, score
    missing = [n for n in REQUIRED if n not in chosen]
    if missing:
        words = ", ".join(missing)
        raise _refused(f"bảng thiếu cột của biểu mẫu “{form.FORM_ID}”: {words}; xuất lại kết quả của đúng biểu mẫu này "
                       "(KoboToolbox: chọn “XML values and headers”)",
                       f"the table lacks columns of the form “{form.FORM_ID}”: {words}; export the submissions of this form again "
                       "(KoboToolbox: choose “XML values and headers”)")
    out = pd.DataFrame({n: frame[chosen[n]].astype(str).str.strip() if n in chosen else "" for n in [*form.NAMES, *EXTRA]})
    if "gps" in chosen and "lat" not in chosen:  # one "lat lon alt accuracy" cell (KoboToolbox, ODK's XLSX)
        parts = out["gps"].str.split()
        out["lat"] = [p[0] if len(p) >= 2 else "" for p in parts]
        out["lon"] = [p[1] if len(p) >= 2 else "" for p in parts]
        out["accuracy"] = [p[3] if len(p) >= 4 else "" for p in parts]
    out["submission_id"] = out["submission_id"].str.replace(r"^uuid:", "", regex=True).str.strip("{}")
    ignored = [h for h in headers if canonical_header(h) is None]
    subs = Submissions(out.reset_index(drop=True), rows, {}, origin)
    if ignored:
        subs.notes.append(f"{len(ignored)} cột không thuộc biểu mẫu, bỏ qua / columns not in the form, ignored: "
                          + ", ".join(ignored[:12]) + ("…" if len(ignored) > 12 else ""))
    return subs


# -- planning ----------------------------------------------------------------------
def plan_submissions(subs: Submissions, site_table: gpd.GeoDataFrame, state: pd.DataFrame, existing: pd.DataFrame,
                     recorded_by: str, today=None) -> FieldPlan:
    """What each submission would add (an inspection, status records, photos), or what is wrong with it."""
    today = dates.parse_date(today) or dates.today()
    sites = site_table.set_index("site_id")
    current = state.set_index("site_id") if len(state) else None
    taken = imported_submissions(existing)
    problems: list[Problem] = []
    rows, visits, records, evidence = [], [], [], []
    seen: dict[str, int] = {}
    label = ORIGINS[subs.origin]
    for pos, row in enumerate(subs.frame.to_dict("records")):
        n = subs.rows[pos]
        found: list[Problem] = []

        def bad(column, vi, en):
            found.append(Problem.of(n, column, vi, en))

        sub_id = row["submission_id"]
        site_id = row["site_id"]
        name = sites.loc[site_id, "name"] if site_id in sites.index else ""
        base = {"_row": n, "submission_id": sub_id, "site_id": site_id, "name": name}
        if row["review"].lower() in _REJECTED:
            rows.append({**base, "action": "rejected", "changes": "bị từ chối khi duyệt, không nhập / rejected on review, not imported"})
            continue
        if not sub_id:
            bad("submission_id", "thiếu mã lần gửi (instanceID, _uuid hoặc uuid); xuất lại kèm các cột meta",
                "the submission id (instanceID, _uuid or uuid) is missing; export again with the meta columns")
        elif sub_id in taken:
            rows.append({**base, "action": "already", "changes": f"đã nhập ngày {taken[sub_id]} / imported on {taken[sub_id]}"})
            continue
        elif sub_id in seen:
            rows.append({**base, "action": "already", "changes": f"trùng lần gửi ở dòng {seen[sub_id]} / the same submission as row {seen[sub_id]}"})
            continue
        seen[sub_id] = n
        for column, value in row.items():
            bad_chars = control_characters(value)
            if bad_chars:
                bad(column, f"ô có ký tự điều khiển không in được ({bad_chars}); xóa chúng", f"the cell holds control characters ({bad_chars}); delete them")
        if site_id not in sites.index:
            bad("site_id", f"không có cơ sở mã “{site_id}”; tải danh sách cơ sở mới cho biểu mẫu rồi chọn lại",
                f"no site has the id “{site_id}”; give the form the current site list and choose again")
        day = dates.parse_date(row["ngay"])
        if day is None:
            bad("ngay", f"ngày kiểm tra “{row['ngay']}” không đọc được; dùng dạng YYYY-MM-DD", f"the inspection date “{row['ngay']}” cannot be read; use YYYY-MM-DD")
        elif day > today:
            bad("ngay", "ngày kiểm tra ở tương lai", "the inspection date is in the future")
        for column in ("co_quan", "nguoi_kiem_tra", "ket_qua"):
            if not row[column]:
                bad(column, "ô bắt buộc đang trống", "this required cell is empty")
        statuses = {}
        for f in form.OBSERVED:
            if row[f]:
                code = code_of(f, row[f])  # read as an import reads the same field
                if code is None:
                    bad(f, f"giá trị “{row[f]}” không có trong danh mục; dùng: " + ", ".join(vocab.FIELD_VOCAB[f].codes()),
                        f"the value “{row[f]}” is not in the list; use: " + ", ".join(vocab.FIELD_VOCAB[f].codes()))
                else:
                    statuses[f] = code
        violations = []
        for line in row["vi_pham"].splitlines():
            if line.strip():
                description, _, legal = line.partition("|")
                violations.append({"description": description.strip(), "legal_ref": legal.strip()})
        actions = []
        for i in range(1, form.ACTION_SLOTS + 1):
            what, when = row[f"yeu_cau_{i}"], row[f"han_{i}"]
            if when and dates.parse_date(when) is None:
                bad(f"han_{i}", f"hạn “{when}” không đọc được; dùng dạng YYYY-MM-DD", f"the deadline “{when}” cannot be read; use YYYY-MM-DD")
            if when and not what:
                bad(f"yeu_cau_{i}", "có hạn khắc phục nhưng không có yêu cầu", "a deadline without a required action")
            if what:
                actions.append({"action": what, "deadline": dates.iso_date(when) if when else "", "done": False})
        fine = None
        if row["tien_phat"]:
            try:
                fine = float(row["tien_phat"])
                if not math.isfinite(fine) or fine < 0:
                    raise ValueError
            except ValueError:
                bad("tien_phat", f"tiền phạt “{row['tien_phat']}” phải là số đồng không âm", f"the fine “{row['tien_phat']}” must be a non-negative amount in VND")
        photos = []
        for f in form.PHOTO_FIELDS:
            if not row[f]:
                continue
            file = PurePosixPath(row[f].replace("\\", "/")).name
            content = subs.photos.get(file)
            if content is None:
                bad(f, f"ảnh “{file}” không có trong tệp tải lên; tải bản xuất kèm tệp đính kèm (ZIP)",
                    f"the photo “{file}” is not in the upload; download the export with its attachments (ZIP)")
            elif len(content) > MAX_PHOTO_BYTES:
                bad(f, f"ảnh “{file}” quá {MAX_PHOTO_BYTES // 2**20} MB", f"the photo “{file}” is over {MAX_PHOTO_BYTES // 2**20} MB")
            elif _media_type(content) is None:
                bad(f, f"“{file}” không phải ảnh JPEG hoặc PNG", f"“{file}” is not a JPEG or PNG photo")
            else:
                photos.append((file, content))
        where, far = _gps_note(row, sites.loc[site_id].geometry if site_id in sites.index else None)
        problems += found
        if found:
            rows.append({**base, "action": "error", "changes": ""})
            continue
        record_id = uuid.uuid4().hex
        note = " · ".join(x for x in (row["ghi_chu"], where, f"{label} {sub_id}",
                                      f"gửi bởi / submitted by {row['submitted_by']}" if row["submitted_by"] else "") if x)
        visits.append(inspections.new_inspection(
            site_id, day, row["co_quan"], row["nguoi_kiem_tra"], row["ket_qua"], recorded_by, violations=violations,
            fine_vnd=fine, actions=actions, follow_up="open" if actions or violations else "closed",
            source=f"Kiểm tra hiện trường ngày {i18n.format_date(day, 'vi')} ({label})", note=note, record_id=record_id,
            submission_id=sub_id))
        said = [f"biên bản {day.isoformat()}"]
        for f, code in statuses.items():
            old = current.loc[site_id, f] if current is not None and site_id in current.index and f in current.columns else None
            if code != old:
                records.append(history.new_change(site_id, f, code, day, f"Kiểm tra hiện trường ngày {i18n.format_date(day, 'vi')}",
                                                  recorded_by, note=f"{label} {sub_id}"))
                said.append(f"{i18n.field_label(f, 'vi')}: {vocab.label(f, old, 'vi') if old else '—'} → {vocab.label(f, code, 'vi')}")
        for file, content in photos:
            evidence.append({"evidence_id": uuid.uuid4().hex, "record_id": record_id, "site_id": site_id, "filename": file,
                             "media_type": _media_type(content), "sha256": hashlib.sha256(content).hexdigest(),
                             "size_bytes": len(content), "content": content, "recorded_by": recorded_by,
                             "recorded_at": dates.stamp()})
        if photos:
            said.append(f"{len(photos)} ảnh / photos")
        if far:
            said.append(far)
        rows.append({**base, "action": "create", "changes": "; ".join(said)})
    frame = pd.DataFrame(rows, columns=["_row", "submission_id", "site_id", "name", "action", "changes"])
    changes = history.to_frame(records)
    return FieldPlan(frame, visits, changes, evidence, sorted(problems, key=lambda p: p.row), subs.origin)


def imported_submissions(existing: pd.DataFrame) -> dict[str, str]:
    """Submission id -> the date it was imported, for every submission in force (a reverted one may come in again)."""
    if existing is None or not len(existing) or "submission_id" not in existing.columns:
        return {}
    withdrawn = set(existing.loc[existing["findings"] == inspections.RETRACTED, "supersedes"])
    live = existing[(existing["submission_id"].fillna("") != "") & ~existing["record_id"].isin(withdrawn)]
    return {s: str(r)[:10] for s, r in zip(live["submission_id"], live["recorded_at"])}


def _media_type(content: bytes) -> str | None:
    return next((kind for magic, kind in _IMAGE_MAGIC if content.startswith(magic)), None)


def _gps_note(row: dict, site_point) -> tuple[str, str]:
    """(the GPS reading in words, a warning when it is far from the mapped site)."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        return "", ""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "", ""
    acc = f" (±{row['accuracy']} m)" if row["accuracy"] else ""
    where = f"GPS {lat:.6f}, {lon:.6f}{acc}"
    if site_point is None or site_point.is_empty:
        return where, ""
    km = _km(lat, lon, site_point.y, site_point.x)
    if km <= GPS_FAR_KM:
        return where, ""
    return where, f"GPS cách vị trí trên bản đồ {i18n.format_number(km, 'vi', 1)} km / {i18n.format_number(km, 'en', 1)} km from the mapped site"


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _refused(vi: str, en: str) -> ImportRefused:
    return ImportRefused([Problem.of(0, "", vi, en)])

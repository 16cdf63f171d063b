"""Field exports as ODK Central, KoboToolbox and QField write them, made here from the form."""

import csv
import io
import zipfile

from PIL import Image

from geo.io.field import form
from tests.storage.conftest import any_store, gpkg  # noqa: F401  (the two backends)

ODK_META = ["start", "end", "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
            "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]


def photo(colour=(200, 30, 30)) -> bytes:
    """A real JPEG, small."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "JPEG")
    return out.getvalue()


def visit(**values) -> dict:
    """One submission, by the form's field names."""
    row = {name: "" for name in form.NAMES}
    row.update({"site_id": "c1", "ngay": "2026-11-20", "co_quan": "Sở Nông nghiệp và Môi trường", "nguoi_kiem_tra": "Nguyễn Văn An",
                "ket_qua": "Trạm XLNT đang vận hành", "uuid": "", "lat": "21.0001", "lon": "105.8001"})
    row.update(values)
    return row


def odk_header(f: form.Field) -> str:
    return f"{f.group}-{f.name}" if f.group else f.name


def odk_zip(visits: list[dict], photos: dict[str, bytes] = None) -> bytes:
    """What ODK Central's “All data and attachments” gives: <form>.csv and media/."""
    headers = ["SubmissionDate"]
    for f in form.FIELDS:
        if f.type == "geopoint":
            headers += [f"{f.group}-gps-{p}" for p in ("Latitude", "Longitude", "Altitude", "Accuracy")]
        else:
            headers.append(odk_header(f))
    headers += ODK_META
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headers)
    for i, v in enumerate(visits):
        row = ["2026-11-21T09:00:00.000Z"]
        for f in form.FIELDS:
            row += [v["lat"], v["lon"], "12", "5"] if f.type == "geopoint" else [v[f.name]]
        sub = v.get("id", f"uuid:0000000{i}-aaaa-bbbb-cccc-000000000000")
        row += ["", "", sub, sub, "5", "an.nguyen", "0", "0", "", v.get("review", "received"), "collect:X", "0", form.FORM_VERSION]
        w.writerow(row)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"{form.FORM_ID}.csv", out.getvalue())
        for name, content in (photos or {}).items():
            z.writestr(f"media/{name}", content)
    return buf.getvalue()


def kobo_csv(visits: list[dict]) -> bytes:
    """KoboToolbox's legacy CSV: ';', group paths with '/', one gps cell, _uuid and friends."""
    headers = ["start", "end"] + [f"{f.group}/{f.name}" if f.group else f.name for f in form.FIELDS] + [
        "_gps_latitude", "_gps_longitude", "_gps_altitude", "_gps_precision", "_id", "_uuid", "_submission_time",
        "_validation_status", "_submitted_by", "__version__", "_index"]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(headers)
    for i, v in enumerate(visits):
        row = ["", ""] + [f"{v['lat']} {v['lon']} 10 4" if f.type == "geopoint" else v[f.name] for f in form.FIELDS]
        row += [v["lat"], v["lon"], "10", "4", str(100 + i), v.get("id", f"kobo-{i}"), "2026-11-21T09:00:00", "", "an", "v1", str(i + 1)]
        w.writerow(row)
    return out.getvalue().encode("utf-8")

"""Dated change records: the only way a site's status changes.

Nothing is edited in place. A record says *what* (field), *value*, *effective date*,
*source* and *who*; a correction is a new record that names the one it supersedes.
The state of every site on any date is computed from the records, so the end of each
year 2021-2025 can be reported as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid

import geopandas as gpd
import pandas as pd

from geo.core import model, vocab
from geo.core.model import RowError
from geo.errors import Message
from geo.language import dates

#: The value of a record that withdraws the one it supersedes (an import being reverted):
#: the field then falls back to whatever was in force before, as if the record never was.
RETRACTED = "__retracted__"

CHANGE_COLUMNS = [
    "record_id",
    "site_id",
    "field",
    "value",
    "effective_date",
    "source",
    "recorded_by",
    "recorded_at",
    "illustrative",
    "supersedes",
    "note",
    "note_en",
    "date_precision",
]


def empty_changes() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in CHANGE_COLUMNS})
    frame["illustrative"] = frame["illustrative"].astype(bool)
    return frame


def new_change(
    site_id: str,
    field: str,
    value,
    effective_date,
    source: str,
    recorded_by: str,
    *,
    illustrative: bool = False,
    supersedes: str = "",
    note: str = "",
    recorded_at: dt.datetime | None = None,
    record_id: str | None = None,
    date_precision: str = "day",
    note_en: str = "",
) -> dict:
    """One change record as a dict; call :func:`validate_changes` before storing."""
    return {
        "record_id": record_id or uuid.uuid4().hex,
        "site_id": site_id,
        "field": field,
        "value": None if value is None else str(value),
        "effective_date": dates.iso_date(effective_date),
        "source": source,
        "recorded_by": recorded_by,
        "recorded_at": dates.stamp(recorded_at),
        "illustrative": bool(illustrative),
        "supersedes": supersedes or "",
        "note": note or "",
        "note_en": note_en or "",
        "date_precision": date_precision or "day",
    }


def to_frame(records) -> pd.DataFrame:
    frame = pd.DataFrame(list(records), columns=CHANGE_COLUMNS)
    frame["illustrative"] = frame["illustrative"].fillna(False).astype(bool)
    return complete(frame)


def complete(frame: pd.DataFrame) -> pd.DataFrame:
    """Records from before a column existed: no English note, and a date given to the day."""
    frame = frame.copy()
    for column, default in (("note_en", ""), ("date_precision", "day")):
        if column not in frame.columns:
            frame[column] = default
        frame[column] = frame[column].where(frame[column].notna() & (frame[column] != ""), default)
    return frame


def validate_changes(changes: pd.DataFrame, site_ids=None) -> list[RowError]:
    """Plain-words problems of change records: unknown field or site, bad value, bad date."""
    errors: list[RowError] = []
    known = set(site_ids) if site_ids is not None else None
    for pos, row in enumerate(changes.itertuples(index=False), start=1):
        def err(field, value, vi, en):
            errors.append(RowError(pos, str(row.site_id), field, "" if value is None else str(value), Message(vi, en)))

        if known is not None and row.site_id not in known:
            err("site_id", row.site_id, "không có cơ sở với mã này", "no site has this id")
        if row.value == RETRACTED and not row.supersedes:
            err("value", row.value, "bản ghi rút lại phải nêu bản ghi bị rút", "a retraction must name the record it withdraws")
            continue
        if row.field not in model.STATUS_FIELDS:
            err("field", row.field, "không phải trường trạng thái; dùng một trong: " + ", ".join(model.STATUS_FIELDS),
                "not a status field; use one of: " + ", ".join(model.STATUS_FIELDS))
            continue
        kind = model.STATUS_FIELDS[row.field]
        value = row.value
        if value is not None and value != RETRACTED and not (isinstance(value, float) and pd.isna(value)):
            if kind in ("code", "event") and value not in vocab.FIELD_VOCAB[row.field].codes():
                allowed = ", ".join(vocab.FIELD_VOCAB[row.field].codes())
                err(row.field, value, f"giá trị không có trong danh mục; dùng một trong: {allowed}",
                    f"value is not in the vocabulary; use one of: {allowed}")
            elif kind == "number" and (model._number(value) is None or model._number(value) < 0):
                err(row.field, value, "phải là số không âm", "must be a number of zero or more")
            elif kind == "date" and dates.parse_date(value) is None:
                err(row.field, value, "ngày không hợp lệ; dùng dạng YYYY-MM-DD", "invalid date; use YYYY-MM-DD")
        if dates.parse_date(row.effective_date) is None:
            err("effective_date", row.effective_date, "ngày hiệu lực không hợp lệ; dùng dạng YYYY-MM-DD",
                "invalid effective date; use YYYY-MM-DD")
        precision = getattr(row, "date_precision", "") or "day"
        if precision not in vocab.DatePrecision.codes():
            err("date_precision", precision, "độ chính xác của ngày phải là một trong: " + ", ".join(vocab.DatePrecision.codes()),
                "the date's precision must be one of: " + ", ".join(vocab.DatePrecision.codes()))
        elif precision == "assumed" and not str(row.note or "").strip():
            err("note", "", "ngày giả định phải ghi lý do trong ghi chú", "an assumed date needs the reason in the note")
        if not str(row.source or "").strip():
            err("source", "", "thiếu nguồn: mỗi thay đổi phải ghi nguồn", "source is empty: every change needs one")
        if not str(row.recorded_by or "").strip():
            err("recorded_by", "", "thiếu người ghi nhận", "who recorded it is empty")
    return errors


def effective_records(changes: pd.DataFrame, as_of) -> pd.DataFrame:
    """The record in force for each (site, field) on ``as_of``.

    Superseded records never count. A real record always wins over an illustrative one
    for the same site and field, whatever their dates.
    """
    day = dates.iso_date(as_of)
    live = changes[~changes["record_id"].isin(set(superseded_by(changes)))]
    live = live[(live["effective_date"] <= day) & (live["value"] != RETRACTED)]
    if live.empty:
        return live
    has_real = (~live["illustrative"]).groupby([live["site_id"], live["field"]]).transform("any")
    live = live[~(live["illustrative"] & has_real)]
    live = live.sort_values(["effective_date", "recorded_at"], kind="stable")
    return live.drop_duplicates(["site_id", "field"], keep="last")


def state_as_of(sites: gpd.GeoDataFrame, changes: pd.DataFrame, as_of) -> gpd.GeoDataFrame:
    """Sites with every status field as it stood at the end of ``as_of`` (a date)."""
    current = effective_records(changes, as_of)
    current = current[~current["field"].isin(model.EVENT_FIELDS)]  # an event is listed, it is no state
    out = sites.copy()
    if current.empty:
        wide = pd.DataFrame(index=out["site_id"])
    else:
        wide = current.pivot(index="site_id", columns="field", values="value")
    for field, default in model.STATUS_DEFAULTS.items():
        column = wide[field] if field in wide.columns else pd.Series(dtype=object)
        values = out["site_id"].map(column)
        if model.STATUS_FIELDS[field] == "number":
            out[field] = pd.to_numeric(values, errors="coerce")
        else:
            out[field] = values.where(values.notna(), default).astype(object)
            out[field] = out[field].where(out[field].notna(), None)
    out["ep_all_met"] = [
        model.all_conditions_met(p, o, i) for p, o, i in zip(out["ep_plan"], out["ep_org"], out["ep_infra"])
    ]
    if current.empty:
        out["illustrative_fields"] = ""
        out["status_sources"] = ""
        out["field_sources"] = ""
    else:
        # field=source for every field in force, real or illustrative: an export says where each value comes from.
        by_field = current.assign(pair=current["field"] + "=" + current["source"].fillna("").str.replace("|", "/", regex=False)) \
            .groupby("site_id")["pair"].agg(lambda p: "|".join(sorted(p)))
        out["field_sources"] = out["site_id"].map(by_field).fillna("")
        illus = current[current["illustrative"]].groupby("site_id")["field"].agg(lambda f: ",".join(sorted(f)))
        sources = current[~current["illustrative"]].groupby("site_id")["source"].agg(
            lambda s: " | ".join(dict.fromkeys(s))
        )
        out["illustrative_fields"] = out["site_id"].map(illus).fillna("")
        out["status_sources"] = out["site_id"].map(sources).fillna("")
    out["illustrative"] = out["illustrative_fields"] != ""
    out["status_as_of"] = dates.iso_date(as_of)
    return out


def superseded_by(records: pd.DataFrame) -> dict[str, str]:
    """Record id -> the id of the record that supersedes it (status changes and inspections alike)."""
    return {old: new for new, old in zip(records["record_id"], records["supersedes"]) if isinstance(old, str) and old}


def site_history(changes: pd.DataFrame, site_id: str) -> pd.DataFrame:
    """Every record of one site, newest first, with which ones were superseded."""
    mine = changes[changes["site_id"] == site_id].copy()
    mine["superseded_by"] = mine["record_id"].map(superseded_by(changes)).fillna("")
    return mine.sort_values(["effective_date", "recorded_at"], ascending=False)


#: The years Plan 307 reports on (2021-2025); its values are those of 31 December.
PLAN_YEARS = range(2021, 2026)


def year_ends(years=PLAN_YEARS) -> list[dt.date]:
    return [dt.date(year, 12, 31) for year in years]


def year_end_position(day) -> float:
    """Time measured in year ends, as Plan 307 reports: 31/12/2023 -> 2023.0; a day inside
    2024 lies between 2023 and 2024. Charts draw on it and projections fit on it."""
    day = pd.Timestamp(day).date()
    start = dt.date(day.year - 1, 12, 31)
    length = (dt.date(day.year, 12, 31) - start).days
    return round(day.year - 1 + (day - start).days / length, 4)

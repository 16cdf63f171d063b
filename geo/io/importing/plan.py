"""Planning an import: what each candidate row would do (create, update, unchanged) and
what is wrong, before anything is written (:func:`geo.access.recording.commit_import`
writes a plan in one transaction)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.core import history, model, vocab
from geo.io.importing import matching
from geo.io.importing.headers import fold_cell
from geo.io.importing.problems import Problem
from geo.io.importing.values import Options
from geo.language import i18n, text

@dataclass
class Plan:
    """What an import would do, row by row, before anything is written."""

    rows: pd.DataFrame  # _row, site_id, name, action ("create", "update", "unchanged", "error"), changes, read (cells read, in words)
    sites: gpd.GeoDataFrame  # the site rows to create or update (identity columns + geometry)
    changes: pd.DataFrame  # status change records to add
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return self.rows["action"].value_counts().to_dict()


COMPARED = [c for c in model.SITE_COLUMNS if c not in ("last_updated", "placement_note", "site_id")]
PLACEMENT_COLUMNS = ["old_district_code", "old_district_name", "old_commune_code", "old_commune_name", "new_unit_code",
                     "new_unit_name", "location_precision", "placement_note"]


def plan(existing: gpd.GeoDataFrame, state: pd.DataFrame, cand: gpd.GeoDataFrame, problems: list[Problem],
         statuses: dict[int, dict], opts: Options, recorded_by: str, outline=None) -> Plan:
    """Match each candidate to an existing site (by id, else by name and commune) and say what changes."""
    problems = list(problems)
    by_id = existing.set_index("site_id")
    by_commune = _unique_keys(((fold_cell(r.name), text.bare_admin_name(r.old_commune_name)), r.site_id)
                              for r in existing.itertuples() if r.old_commune_name)
    by_district = _unique_keys(((fold_cell(r.name), text.bare_admin_name(r.old_district_name)), r.site_id)
                               for r in existing.itertuples() if r.old_district_name)

    def find(rec):
        if rec["site_id"] in by_id.index:
            return rec["site_id"]
        name = fold_cell(rec["name"])
        hit = by_commune.get((name, text.bare_admin_name(rec["old_commune_name"]))) if rec["old_commune_name"] else None
        hit = hit or (by_district.get((name, text.bare_admin_name(rec["old_district_name"]))) if rec["old_district_name"] else None)
        return hit or rec["site_id"]

    matcher = matching.Matcher(existing)

    cur = state.set_index("site_id") if len(state) else None
    seen: dict[str, int] = {}
    rows, keep, records = [], [], []
    planned = cand.reset_index(drop=True)
    geometry = list(planned.geometry) if len(planned) else []
    for pos, rec in enumerate(pd.DataFrame(planned.drop(columns=planned.geometry.name)).to_dict("records") if len(planned) else []):
        rec["geometry"] = geometry[pos]  # plain dicts: 10,000 rows are planned in seconds, not minutes
        n = int(rec["_row"])
        sid = find(rec)
        probable = None
        if sid not in by_id.index:
            answer = opts.matches.get(n)
            if answer:                     # the user confirmed: this row is that site
                sid = answer if answer in by_id.index else sid
            elif answer is None:           # not asked yet: a probable match is a question, not a new site
                probable = matcher.best(rec["name"], rec["kind"], rec["old_district_name"])
                if probable is not None:
                    problems.append(Problem.of(
                        n, "name", f"có thể là “{probable.name}” đã có ({probable.score:.0f}% giống); chọn “Là cơ sở này” hoặc "
                                   "“Cơ sở mới” ở phần các dòng có tên gần giống",
                        f"may be the existing “{probable.name}” ({probable.score:.0f}% alike); choose “It is this site” or "
                        "“A new site” where the rows with close names are listed"))
        if sid in seen:
            problems.append(Problem.of(n, "site_id", f"trùng với dòng {seen[sid]} (cùng mã hoặc cùng tên và xã); bỏ một dòng",
                                    f"duplicates row {seen[sid]} (same id, or same name and commune); remove one"))
        seen[sid] = n
        rec = dict(rec)
        rec["site_id"] = sid
        diffs = []
        if sid in by_id.index:
            old = by_id.loc[sid]
            changed = []  # (column, what changed)
            for c in COMPARED:
                new_v, old_v = rec.get(c), old.get(c)
                if c == "notes":
                    new_v = rec[c] = _merged_note(old_v, new_v, opts)
                if model.is_blank(new_v):
                    rec[c] = old_v  # a column the file does not have keeps its value
                elif not _same(new_v, old_v):
                    changed.append((c, f"{i18n.field_label(c, 'vi')}: {old_v} → {new_v}"))
            same_unit = (rec["location_precision"] not in ("surveyed", "from_shape") and rec["new_unit_code"] == old["new_unit_code"]
                         and rec["old_district_code"] == old["old_district_code"])
            geom = rec["geometry"]
            moved = not (geom is None or geom.is_empty or same_unit) and (
                old.geometry is None or geom.distance(old.geometry) > 1e-5)
            # Placement only changes with the position; otherwise the file cannot know better.
            diffs = [text_ for c, text_ in changed if moved or c not in PLACEMENT_COLUMNS]
            if moved:
                diffs.append("vị trí / location")
            else:
                rec["geometry"] = old.geometry
                for c in PLACEMENT_COLUMNS:
                    rec[c] = old.get(c)
            action = "update" if diffs else "unchanged"
        else:
            action = "create"
            rec["source"] = rec["source"] or opts.source
        for f, value in statuses.get(pos, {}).items():
            old_value = cur.loc[sid, f] if cur is not None and sid in cur.index else None
            if not _same(value, old_value):
                diffs.append(f"{i18n.field_label(f, 'vi')}: {vocab.label(f, old_value, 'vi') if old_value else '—'} → {vocab.label(f, value, 'vi')}")
                records.append(history.new_change(sid, f, value, opts.status_date, opts.source or "import", recorded_by,
                                                  note=f"nhập từ tệp / imported, dòng {n}"))
                action = "update" if action == "unchanged" else action
        rows.append({"_row": n, "site_id": sid, "name": rec["name"], "action": action, "changes": "; ".join(diffs),
                     "read": rec.get("_read", "") or "", "match_id": probable.site_id if probable else "",
                     "match_name": probable.name if probable else "", "match_score": probable.score if probable else None})
        if action in ("create", "update"):
            keep.append(rec)
    sites = gpd.GeoDataFrame(pd.DataFrame(keep), geometry="geometry", crs=model.CRS) if keep else gpd.GeoDataFrame(
        columns=[*model.SITE_COLUMNS, "geometry"], geometry="geometry", crs=model.CRS)
    if len(sites):
        sites = sites[[*model.SITE_COLUMNS, "geometry"]].copy()
        sites["last_updated"] = opts.status_date or sites["last_updated"]
        for err in model.validate_sites(sites, outline):
            n = int(keep[err.row - 1]["_row"]) if 0 < err.row <= len(keep) else 0
            if err.field == "site_id" and "duplicate" in err.message.en:
                continue  # said above, with the row it duplicates
            problems.append(Problem(n, err.field, err.message))
    changes = history.to_frame(records)
    for err in history.validate_changes(changes):
        problems.append(Problem(0, err.field, err.message))
    frame = pd.DataFrame(rows, columns=["_row", "site_id", "name", "action", "changes", "read", "match_id", "match_name", "match_score"])
    bad_rows = {p.row for p in problems if p.row}
    frame.loc[frame["_row"].isin(bad_rows), "action"] = "error"
    return Plan(frame, sites, changes, sorted(problems, key=lambda p: p.row))


def _merged_note(old, new, opts: Options):
    """A department's note beside the dataset's, dated and sourced; never in its place. Already there: unchanged."""
    if model.is_blank(new) or model.is_blank(old) or text.nfc(new).strip() in text.nfc(old):
        return old if not model.is_blank(old) else new
    stamp = " · ".join(x for x in (opts.status_date, opts.source or "import") if x)
    return f"{old}\n[{stamp}] {new}"


def _unique_keys(pairs) -> dict:
    """key -> site id, leaving out keys that two sites share (ambiguous: matched by id only)."""
    out: dict = {}
    clash = set()
    for k, sid in pairs:
        if k in out and out[k] != sid:
            clash.add(k)
        out[k] = sid
    return {k: v for k, v in out.items() if k not in clash}


def _same(a, b) -> bool:
    if model.is_blank(a) and model.is_blank(b):
        return True
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return text.nfc(a) == text.nfc(b)

"""A site's audit trail: every record ever written, newest first, with who, when and what replaced it."""

from __future__ import annotations

import pandas as pd

from geo import i18n, inspections, vocab

TRAIL_COLUMNS = ["recorded_at", "recorded_by", "kind", "record_id", "what", "effective_date", "source", "note",
                 "supersedes", "superseded_by", "illustrative"]


def trail(changes: pd.DataFrame, inspection_records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Status changes and inspection versions in one list; nothing is hidden, superseded records included."""
    rows = []
    for rec in changes.itertuples(index=False):
        rows.append({
            "recorded_at": rec.recorded_at, "recorded_by": rec.recorded_by, "kind": "status", "record_id": rec.record_id,
            "what": f"{i18n.field_label(rec.field, lang)}: {vocab.label(rec.field, rec.value, lang)}",
            "effective_date": rec.effective_date, "source": rec.source, "note": rec.note, "supersedes": rec.supersedes or "",
            "illustrative": bool(rec.illustrative),
        })
    for rec in inspection_records.to_dict("records"):
        violations, actions = inspections.decode(rec)
        what = (("Inspection report: " if lang == "en" else "Biên bản kiểm tra: ") + str(rec["findings"])
                + (f" · {len(violations)} " + ("violation(s)" if lang == "en" else "vi phạm") if violations else "")
                + f" · {vocab.label('follow_up', rec['follow_up'], lang)}")
        rows.append({
            "recorded_at": rec["recorded_at"], "recorded_by": rec["recorded_by"], "kind": "inspection",
            "record_id": rec["record_id"], "what": what, "effective_date": rec["inspection_date"], "source": rec["source"],
            "note": rec["note"], "supersedes": rec["supersedes"] or "", "illustrative": False,
        })
    frame = pd.DataFrame(rows, columns=[c for c in TRAIL_COLUMNS if c != "superseded_by"])
    by = {old: new for new, old in zip(frame["record_id"], frame["supersedes"]) if old}
    frame["superseded_by"] = frame["record_id"].map(lambda r: by.get(r, ""))
    return frame[TRAIL_COLUMNS].sort_values("recorded_at", ascending=False, kind="stable").reset_index(drop=True)

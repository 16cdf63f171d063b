"""A site's audit trail: every record ever written, newest first, with who, when and what replaced it."""

from __future__ import annotations

import pandas as pd

from geo.core import history, inspections, vocab
from geo.language import i18n

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
        what = (i18n.pick(lang, "Biên bản kiểm tra: ", "Inspection report: ") + str(rec["findings"])
                + (f" · {len(violations)} " + i18n.pick(lang, "vi phạm", "violation(s)") if violations else "")
                + f" · {vocab.label('follow_up', rec['follow_up'], lang)}")
        rows.append({
            "recorded_at": rec["recorded_at"], "recorded_by": rec["recorded_by"], "kind": "inspection",
            "record_id": rec["record_id"], "what": what, "effective_date": rec["inspection_date"], "source": rec["source"],
            "note": rec["note"], "supersedes": rec["supersedes"] or "", "illustrative": False,
        })
    frame = pd.DataFrame(rows, columns=[c for c in TRAIL_COLUMNS if c != "superseded_by"])
    frame["superseded_by"] = frame["record_id"].map(history.superseded_by(frame)).fillna("")
    return frame[TRAIL_COLUMNS].sort_values("recorded_at", ascending=False, kind="stable").reset_index(drop=True)

"""A site's audit trail: every record ever written, newest first, with who, when and what replaced it.

People are named by their display names and times are Hanoi's; what a record replaced, or was
replaced by, is said in words ("thay thế ghi nhận ngày 15/11/2026 của Nguyễn Văn A"), never as
a record id.
"""

from __future__ import annotations

import pandas as pd

from geo.core import history, inspections, vocab
from geo.language import i18n

TRAIL_COLUMNS = ["recorded_at", "recorded_by", "kind", "record_id", "what", "effective_date", "date_precision", "source", "note",
                 "supersedes", "superseded_by", "illustrative"]


def trail(changes: pd.DataFrame, inspection_records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Status changes and inspection versions in one list; nothing is hidden, superseded records included."""
    rows = []
    changes = history.complete(changes)
    for rec in changes.itertuples(index=False):
        value = i18n.pick(lang, "(rút lại)", "(withdrawn)") if rec.value == history.RETRACTED else vocab.label(rec.field, rec.value, lang)
        rows.append({
            "recorded_at": rec.recorded_at, "recorded_by": rec.recorded_by, "kind": "status", "record_id": rec.record_id,
            "what": f"{i18n.field_label(rec.field, lang)}: {value}",
            "effective_date": rec.effective_date, "date_precision": rec.date_precision or "day", "source": rec.source,
            "note": (rec.note_en or rec.note) if lang == "en" else rec.note, "supersedes": rec.supersedes or "",
            "illustrative": bool(rec.illustrative),
        })
    for rec in inspection_records.to_dict("records"):
        violations, actions = inspections.decode(rec)
        what = (i18n.pick(lang, "Biên bản kiểm tra: ", "Inspection report: ") + str(rec["findings"])
                + (f" · {len(violations)} " + i18n.pick(lang, "vi phạm", "violation(s)") if violations else "")
                + f" · {vocab.label('follow_up', rec['follow_up'], lang)}")
        rows.append({
            "recorded_at": rec["recorded_at"], "recorded_by": rec["recorded_by"], "kind": "inspection",
            "record_id": rec["record_id"], "what": what, "effective_date": rec["inspection_date"], "date_precision": "day",
            "source": rec["source"],
            "note": rec["note"], "supersedes": rec["supersedes"] or "", "illustrative": False,
        })
    frame = pd.DataFrame(rows, columns=[c for c in TRAIL_COLUMNS if c != "superseded_by"])
    frame["superseded_by"] = frame["record_id"].map(history.superseded_by(frame)).fillna("")
    return frame[TRAIL_COLUMNS].sort_values("recorded_at", ascending=False, kind="stable").reset_index(drop=True)


#: Who wrote the records that no person wrote.
SYSTEM_NAMES = {"reference-dataset": ("Bộ dữ liệu tham chiếu", "Reference dataset"),
                "illustrative-scenario": ("Kịch bản minh họa", "Illustrative scenario"), "cli": ("Dòng lệnh máy chủ", "Server command line")}


def person(username: str, names: dict[str, str], lang: str = "vi") -> str:
    """A user's display name; the dataset and the scenario by what they are; an unknown name as it is."""
    if username in SYSTEM_NAMES:
        return i18n.pick(lang, *SYSTEM_NAMES[username])
    return names.get(username) or username or "—"


def in_words(frame: pd.DataFrame, names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """The trail as people read it: display names, Hanoi time, and what each record replaced, in words."""
    tr = i18n.translator(lang)
    by_id = frame.set_index("record_id")

    def describe(record_id: str) -> str:
        if not record_id or record_id not in by_id.index:
            return "—"
        other = by_id.loc[record_id]
        return tr(f"ghi nhận ngày {i18n.format_datetime(other['recorded_at'], lang)} của {person(other['recorded_by'], names, lang)}",
                  f"the record of {i18n.format_datetime(other['recorded_at'], lang)} by {person(other['recorded_by'], names, lang)}")

    return pd.DataFrame({
        "recorded_at": frame["recorded_at"].map(lambda t: i18n.format_datetime(t, lang) or "—"),
        "recorded_by": frame["recorded_by"].map(lambda u: person(u, names, lang)),
        "what": frame["what"],
        "effective_date": [i18n.format_dated(d, p, lang) if d else "—" for d, p in zip(frame["effective_date"], frame["date_precision"])],
        "source": frame["source"],
        "note": frame["note"].fillna("").replace("", "—"),
        "replaces": frame["supersedes"].map(lambda r: tr("thay thế ", "replaces ") + describe(r) if r else "—"),
        "replaced_by": frame["superseded_by"].map(lambda r: tr("bị thay bởi ", "replaced by ") + describe(r) if r else "—"),
        "illustrative": frame["illustrative"],
    })

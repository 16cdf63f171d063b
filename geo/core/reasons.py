"""Why a site falls short of a target, in the words a planner uses in a meeting.

A target's ``met`` table says which values count; :func:`explain` turns the values that
did not count into one sentence ("Trạm XLNT đã xây, chưa vận hành"; "Thiếu phương án
BVMT"). Pairs without a phrase here fall back to "field: value", so a new target in
``data/targets.toml`` always gets a reason, if a plainer one.
"""

from __future__ import annotations

from geo.core import vocab
from geo.language import i18n

#: (field, value) -> (vi, en). "unknown" of any field is handled below.
PHRASES: dict[tuple[str, str], tuple[str, str]] = {
    ("ww_status", "none"): ("Chưa có trạm XLNT tập trung", "No central wastewater plant"),
    ("ww_status", "planned"): ("Trạm XLNT mới có kế hoạch, chưa xây", "Wastewater plant planned, not built"),
    ("ww_status", "under_construction"): ("Trạm XLNT đang xây dựng", "Wastewater plant under construction"),
    ("ww_status", "built_not_operating"): ("Trạm XLNT đã xây, chưa vận hành", "Plant built, not operating"),
    ("ww_status", "operating_noncompliant"): ("Trạm XLNT vận hành nhưng nước thải chưa đạt QCVN 40",
                                              "Plant operating, effluent not meeting QCVN 40"),
    ("haz_waste", "none_handled"): ("Chất thải nguy hại chưa được xử lý", "Hazardous waste not handled"),
    ("haz_waste", "partly"): ("Chất thải nguy hại mới xử lý một phần", "Hazardous waste only partly handled"),
    ("ep_plan", "no"): ("Thiếu phương án BVMT (Luật BVMT 2020, Điều 56.1.a)",
                        "No environmental-protection plan (LEP 2020, art. 56(1)(a))"),
    ("ep_org", "no"): ("Thiếu tổ chức tự quản về BVMT (Điều 56.1.b)",
                       "No self-governing environmental organisation (art. 56(1)(b))"),
    ("ep_infra", "no"): ("Thiếu hạ tầng BVMT: thu gom, xử lý nước thải, chất thải rắn (Điều 56.1.c)",
                         "Missing environmental infrastructure: wastewater and solid-waste collection and treatment (art. 56(1)(c))"),
}
#: Fields whose "not assessed" values are said together: "Chưa đánh giá: nước, không khí".
ASSESSMENT_FIELDS = {"water_class", "air_class", "soil_class"}
_MEDIUM = {"water_class": ("nước", "water"), "air_class": ("không khí", "air"), "soil_class": ("đất", "soil")}


def explain(failed: list[tuple[str, str]], lang: str = "vi") -> str:
    """One sentence from the (field, value) pairs that kept a site from meeting a target."""
    tr = i18n.translator(lang)
    parts: list[str] = []
    not_assessed = [f for f, v in failed if f in ASSESSMENT_FIELDS and v in ("not_assessed", "unknown", None, "")]
    unknown = []
    for fname, value in failed:
        if fname in not_assessed:
            continue
        if value in ("unknown", None, ""):
            unknown.append(i18n.field_label(fname, lang))
        elif (fname, value) in PHRASES:
            parts.append(tr(*PHRASES[(fname, value)]))
        else:
            parts.append(f"{i18n.field_label(fname, lang)}: {vocab.label(fname, value, lang)}")
    if not_assessed:
        media = ", ".join(tr(*_MEDIUM[f]) for f in not_assessed)
        parts.insert(0, tr("Chưa đánh giá, phân loại: ", "Not assessed: ") + media)
    if unknown:
        parts.append(tr("Chưa rõ: ", "Unknown: ") + ", ".join(unknown))
    return "; ".join(parts)

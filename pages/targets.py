"""Chỉ tiêu: each target broken down by former district or new unit."""

import streamlit as st

from geo import i18n, indicators

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Chỉ tiêu", "Targets"))
view.banner()
share_targets = [t for t in view.targets if t.measure == "share_of_sites"]
c1, c2, c3 = st.columns([3, 2, 1])
tid = c1.selectbox(tr("Chỉ tiêu", "Target"), [t.id for t in share_targets], key="tgt", persist_state="session",
                   format_func=lambda i: next(t.name(lang) for t in share_targets if t.id == i))
st.session_state.setdefault("grp", "old_district")
grp = c2.segmented_control(tr("Theo", "By"), ["old_district", "new_unit"], key="grp", persist_state="session",
                           required=True,
                           format_func=lambda g: {"old_district": tr("Quận/huyện cũ", "Old district"),
                                                  "new_unit": tr("Xã/phường mới", "New unit")}[g])
with c3:
    view.link_box()
target = next(t for t in share_targets if t.id == tid)
result = indicators.compute(target, view.filtered, view.as_of)
st.metric(target.short(lang), i18n.format_percent(result.percent, lang),
          help=target.legal_basis)
st.caption(f"{result.numerator}/{result.denominator} · {target.source}")
table = indicators.breakdown(target, view.filtered, grp or "old_district")
table["name"] = table["name"].fillna(tr("Chưa xác định", "Not known"))
st.dataframe(table.rename(columns={"code": tr("Mã", "Code"), "name": tr("Đơn vị", "Unit"), "numerator": tr("Đạt", "Met"),
                                   "denominator": tr("Tổng", "Total"), "percent": "%"}),
             hide_index=True, use_container_width=True,
             column_config={"%": st.column_config.NumberColumn(format="%.1f")})
st.subheader(tr("Cơ sở chưa đạt", "Sites falling short"))
st.dataframe(result.shortfalls.rename(columns={"reasons_vi" if lang == "vi" else "reasons_en": tr("Lý do", "Reason")})
             .drop(columns=["reasons_en" if lang == "vi" else "reasons_vi"]), hide_index=True, use_container_width=True)

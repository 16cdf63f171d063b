"""Error reports on screen: the form on a site page, the site's reports and their outcomes, and the admins' queue.

Every text a reporter typed is shown escaped (ui.markdown.text, or inside a dataframe, which
renders no markup); the contact is shown to admins only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import geo
from geo.access import recording
from geo.core import error_reports, history
from geo.language import i18n
from geo.services import limits
from ui import markdown as md

FLASH = "error_report_flash"


def client() -> str:
    """The reporter's address as the server sees it (behind the proxy, the address the proxy forwarded)."""
    headers = getattr(st.context, "headers", None) or {}
    return limits.client_of(getattr(st.context, "ip_address", None), {k.lower(): v for k, v in headers.items()})


def _reports(view) -> pd.DataFrame:
    return error_reports.table(view.store.read_entries(error_reports.KIND), view.store.read_entries(error_reports.OUTCOME))


def site_section(view, site_id: str) -> None:
    """The form anyone can send, then this site's reports with their outcome: the history of a correction."""
    tr, lang = view.tr, view.lang
    st.subheader(tr("Báo thông tin sai", "Report an error"))
    if FLASH in st.session_state:
        st.success(md.text(st.session_state.pop(FLASH)), icon=":material/check:")
    with st.expander(tr("Thấy thông tin của cơ sở này sai? Báo cho cơ quan quản lý", "Is something about this site wrong? Tell us"),
                     icon=":material/report:"):
        with st.form(f"error_report_{site_id}", clear_on_submit=False):
            field = st.selectbox(tr("Thông tin nào sai", "What is wrong"), error_reports.FIELDS,
                                 format_func=lambda f: error_reports.field_label(f, lang))
            what = st.text_area(tr("Sai thế nào, đúng ra là gì", "How it is wrong, and what it should be"), max_chars=error_reports.MAX_TEXT)
            evidence = st.text_area(tr("Bằng chứng (văn bản, đường dẫn, ảnh đã đăng…) – không bắt buộc",
                                       "Evidence (a document, a link, a published photo…), optional"), max_chars=error_reports.MAX_TEXT)
            contact = st.text_input(tr("Liên hệ của bạn (chỉ cán bộ quản trị thấy) – không bắt buộc",
                                       "Your contact (only administrators see it), optional"), max_chars=error_reports.MAX_CONTACT)
            if st.form_submit_button(tr("Gửi báo lỗi", "Send the report"), type="primary"):
                try:
                    recording.report_error(view.store, view.user, site_id, field, what, evidence, contact, client=client())
                except geo.DashboardError as exc:
                    st.error(md.text(exc.text(lang)), icon=":material/error:")
                else:
                    st.session_state[FLASH] = tr("Đã nhận báo lỗi. Kết quả xử lý sẽ hiện ở đây.",
                                                 "Report received. Its outcome will show here.")
                    st.rerun()
    own = _reports(view)
    own = own[own["site_id"] == site_id]
    if len(own):
        st.dataframe(pd.DataFrame({
            tr("Gửi lúc", "Sent"): [i18n.format_datetime(t, lang) for t in own["reported_at"]],
            tr("Thông tin", "About"): [error_reports.field_label(f, lang) for f in own["field"]],
            tr("Nội dung", "What"): own["what"],
            tr("Kết quả", "Outcome"): [error_reports.status_label(s, lang) for s in own["status"]],
            tr("Bản ghi đính chính / lý do", "Correction record / reason"): [c or r or "—" for c, r in zip(own["correction"], own["reason"])],
        }), hide_index=True, width="stretch")
        st.caption(tr("Mọi báo lỗi được giữ lại cùng kết quả xử lý; bản ghi đính chính có trong nhật ký bên dưới.",
                      "Every report is kept with its outcome; the correction record is in the audit trail below."))


def queue(view) -> None:
    """The admins' queue: each open report, resolved with the correction it led to or rejected with a reason."""
    tr, lang = view.tr, view.lang
    reports = _reports(view)
    waiting = reports[reports["status"] == "open"]
    st.caption(tr(f"{len(waiting)} báo lỗi đang chờ, {len(reports) - len(waiting)} đã xử lý.",
                  f"{len(waiting)} report(s) waiting, {len(reports) - len(waiting)} decided."))
    names = dict(zip(view.state["site_id"], view.state["name"]))
    for r in waiting.itertuples():
        with st.expander(f"{md.text(names.get(r.site_id, r.site_id))} · {error_reports.field_label(r.field, lang)} · "
                         f"{i18n.format_datetime(r.reported_at, lang)}"):
            st.markdown(f"**{tr('Nội dung', 'What')}:** {md.text(r.what)}  \n**{tr('Bằng chứng', 'Evidence')}:** "
                        f"{md.text(r.evidence) or '—'}  \n**{tr('Liên hệ', 'Contact')}:** {md.text(r.contact) or '—'}  \n"
                        f"**{tr('Người gửi', 'Sent by')}:** {md.text(r.reported_by) or tr('khách (chưa đăng nhập)', 'a visitor (not signed in)')}")
            records = view.store.read_history(r.site_id)
            live = records[~records["record_id"].isin(set(history.superseded_by(records)))].sort_values("recorded_at", ascending=False)
            labels = {x.record_id: f"{i18n.field_label(x.field, lang)} = {x.value} ({i18n.format_datetime(x.recorded_at, lang)}, {x.recorded_by})"
                      for x in live.itertuples()}
            with st.form(f"decide_{r.report_id}"):
                outcome = st.radio(tr("Quyết định", "Decision"), ["resolved", "rejected"], horizontal=True,
                                   format_func=lambda o: error_reports.status_label(o, lang))
                correction = st.selectbox(tr("Bản ghi đính chính đã lưu (ghi đính chính ở trang chi tiết cơ sở trước)",
                                             "The correction record saved (record it on the site's page first)"),
                                          list(labels), index=None, format_func=labels.get,
                                          placeholder=tr("Chọn bản ghi…", "Choose a record…"))
                reason = st.text_input(tr("Lý do (khi không chấp nhận)", "Reason (when rejected)"), max_chars=500)
                if st.form_submit_button(tr("Lưu quyết định", "Save the decision")):
                    try:
                        recording.decide_error_report(view.store, view.user, r.report_id, outcome, correction=correction or "",
                                                      reason=reason)
                    except geo.DashboardError as exc:
                        st.error(md.text(exc.text(lang)), icon=":material/error:")
                    else:
                        st.rerun()

"""Dữ liệu: what the store holds; for admins the users, imports with preview, and their reverts."""

import hashlib
import json

import pandas as pd
import streamlit as st

import geo
from geo.access import auth, recording
from geo.core import audit, vocab
from geo.io import importing, notify
from geo.io import report as report_mod
from geo.io.field import submissions
from geo.language import dates, i18n
from geo.views import tables
from ui import error_reports as error_reports_ui
from ui import keys, loaders, widgets
from ui import markdown as md
from ui import progress as progress_ui
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Dữ liệu", "Data"))
meta = view.store.read_meta()
history = view.store.read_history()
c1, c2, c3 = st.columns(3)
c1.metric(tr("Cơ sở", "Sites"), i18n.format_number(len(view.state), lang))
c2.metric(tr("Bản ghi thay đổi", "Change records"), i18n.format_number(len(history), lang))
c3.metric(tr("Trong đó minh họa", "Of which illustrative"), i18n.format_number(int(history["illustrative"].sum()), lang))
is_admin = view.user is not None and view.user.can("admin")
if is_admin:  # where the store lives and how it was built: for administrators, never for visitors
    with st.expander(tr("Kho dữ liệu (quản trị)", "The store (administrators)")):
        if view.settings.database_url:
            st.write(tr("Kho dữ liệu: PostgreSQL/PostGIS (DATABASE_URL).", "Store: PostgreSQL/PostGIS (DATABASE_URL)."))
        else:
            st.write(tr("Kho dữ liệu nhúng (GeoPackage, mở được bằng QGIS): ", "Embedded store (GeoPackage, opens in QGIS): ")
                     + md.text(view.settings.store_path))
        st.dataframe(tables.store_info(meta, lang), hide_index=True)
        if view.ctx.boundaries_error:
            st.warning(md.text(view.ctx.boundaries_error.text(lang)))

users = view.store.list_users() if is_admin else pd.DataFrame()
names = dict(zip(users["username"], users["display_name"])) if len(users) else {}


def person(username: str) -> str:
    return audit.person(username, names, lang)


st.subheader(tr("Người dùng", "Users"))
if keys.FLASH in st.session_state:
    st.success(md.text(st.session_state.pop(keys.FLASH)), icon=":material/check:")
if view.user is None or not view.user.can("admin"):
    st.info(tr("Chỉ quản trị viên xem và quản lý người dùng.", "Only administrators see and manage users."), icon=":material/lock:")
else:
    st.dataframe(tables.users_table(users, lang, person), hide_index=True, width="stretch")
    with st.form("new_user"):
        st.markdown(tr("**Thêm hoặc đặt lại người dùng**", "**Add or reset a user**"))
        c1, c2, c3 = st.columns(3)
        username = c1.text_input(tr("Tên đăng nhập", "User name"), max_chars=64)
        name = c2.text_input(tr("Họ tên", "Full name"), max_chars=200)
        role = c3.selectbox(tr("Vai trò", "Role"), vocab.Role.codes(), format_func=lambda r: vocab.Role.label_of(r, lang))
        email = c1.text_input(tr("E-mail (cho đăng nhập một lần)", "E-mail (for single sign-on)"), max_chars=200)
        password = c2.text_input(tr("Mật khẩu (ít nhất 10 ký tự)", "Password (10 characters or more)"), type="password", max_chars=256)
        if st.form_submit_button(tr("Lưu người dùng", "Save user"), type="primary"):
            try:
                auth.create_user(view.store, view.user, username, password or None, role, name, email)
            except geo.DashboardError as exc:
                st.error(md.text(exc.text(lang)))
            else:  # the list above shows the change at once
                st.session_state[keys.FLASH] = tr("Đã lưu người dùng ", "Saved user ") + username.strip().lower() + "."
                st.rerun()
    if len(users):
        with st.form("lock_user"):
            st.markdown(tr("**Khóa hoặc mở khóa người dùng**", "**Disable or enable a user**"))
            c1, c2 = st.columns([2, 1])
            who = c1.selectbox(tr("Người dùng", "User"), list(users["username"]),
                               format_func=lambda u: f"{u} · {users.set_index('username').loc[u, 'display_name']}")
            lock = c2.radio(tr("Trạng thái", "State"), ["disable", "enable"], horizontal=True,
                            format_func=lambda c: tr("Khóa", "Disable") if c == "disable" else tr("Mở khóa", "Enable"))
            if st.form_submit_button(tr("Lưu", "Save")):
                try:
                    auth.set_disabled(view.store, view.user, who, lock == "disable")
                except geo.DashboardError as exc:
                    st.error(md.text(exc.text(lang)))
                else:
                    st.session_state[keys.FLASH] = (tr("Đã khóa ", "Disabled ") if lock == "disable" else tr("Đã mở khóa ", "Enabled ")) + who + "."
                    st.rerun()
    disabled = users[users["disabled"].astype(bool)]["username"].tolist() if len(users) else []
    st.caption(tr(f"{len(users)} người dùng, {len(disabled)} bị khóa.", f"{len(users)} users, {len(disabled)} disabled."))

def preview(data: bytes, name: str, mapping: tuple, kind, crs: str, status_date, source: str, username: str, data_version: str,
            store, boundaries, matches: tuple = ()) -> importing.Plan:
    """The import plan, with a progress bar, recomputed only when the file, the mapping, an option, an answer or the store changes."""
    def compute(progress):
        raw = importing.read_upload(name, data, importing.Limits.of(loaders.get_settings()))
        opts = importing.Options(dict(mapping), kind, crs, status_date.isoformat(), source, dict(matches))
        return importing.preview(raw, opts, store, boundaries, username, progress=progress)

    return progress_ui.once("import_preview", (data, name, mapping, kind, crs, status_date, source, username, data_version, matches),
                            compute, tr("Đang kiểm tra và định vị từng dòng…", "Checking and placing every row…"))


@st.cache_data(show_spinner=False, max_entries=4)
def field_preview(data: bytes, name: str, username: str, data_version: str, _store):
    """Submissions read and planned, again only when the file or the store changes."""
    subs = submissions.read_submissions(name, data, importing.Limits.of(loaders.get_settings()))
    return subs.notes, submissions.plan_submissions(subs, _store.read_site_table(), _store.read_sites(), _store.read_inspections(),
                                                    username)


if is_admin:
    st.subheader(tr("Báo lỗi cần xử lý", "Error reports to decide"))
    error_reports_ui.queue(view)

st.subheader(tr("Nhận thông báo qua e-mail", "E-mail notifications"))
if view.user is None:
    st.info(tr("Đăng nhập để đăng ký nhận thư tóm tắt khi có việc ở các địa bàn bạn theo dõi.",
               "Sign in to subscribe to a digest e-mail of what happens in the areas you follow."), icon=":material/mail:")
else:
    mine = notify.subscriptions(view.store.read_entries(notify.SUBSCRIPTION)).get(view.user.username)
    report_areas = {"city": tr("Toàn thành phố", "Whole city"),
                    **{k: v for k, v in report_mod.area_choices(view.ctx.areas, lang).items() if k}}
    with st.form("subscription"):
        address = st.text_input(tr("Địa chỉ e-mail", "E-mail address"), value=(mine.email if mine else (view.store.get_user(
            view.user.username) or {}).get("email", "")) or "", max_chars=200)
        chosen_areas = st.multiselect(tr("Địa bàn theo dõi", "Areas to follow"), list(report_areas), format_func=report_areas.get,
                                      default=[a for a in (mine.areas if mine else ()) if a in report_areas])
        chosen_kinds = st.multiselect(tr("Báo khi", "Tell me when"), notify.DigestKind.codes(), format_func=lambda k: notify.DigestKind.label_of(k, lang),
                                      default=list(mine.kinds) if mine else notify.DigestKind.codes())
        b1, b2 = st.columns(2)
        save_sub = b1.form_submit_button(tr("Lưu đăng ký", "Save"), type="primary")
        stop_sub = b2.form_submit_button(tr("Hủy đăng ký", "Unsubscribe"), disabled=not (mine and mine.active))
    if save_sub or stop_sub:
        try:
            entry = notify.subscription_entry(view.user.username, address, lang, chosen_areas, chosen_kinds, active=not stop_sub)
        except geo.DashboardError as exc:
            st.error(md.text(exc.text(lang)), icon=":material/error:")
        else:
            view.store.append_entries([entry])
            st.success(tr("Đã hủy đăng ký." if stop_sub else "Đã lưu. Thư tóm tắt gửi theo lịch của máy chủ.",
                          "Unsubscribed." if stop_sub else "Saved. Digests go out on the server's schedule."), icon=":material/check:")
    elif mine and mine.active:
        st.caption(tr(f"Đang nhận thư tại {md.text(mine.email)}.", f"Digests go to {md.text(mine.email)}."))

st.subheader(tr("Nhập kết quả kiểm tra hiện trường", "Import field inspections"))
if keys.FIELD_FLASH in st.session_state:
    st.success(md.text(st.session_state.pop(keys.FIELD_FLASH)), icon=":material/check:")
if view.user is None or not view.user.can("inspector"):
    st.info(tr("Thanh tra viên nhập kết quả kiểm tra gửi từ điện thoại (ODK Central, KoboToolbox, QField) tại đây.",
               "Inspectors bring in the inspections sent from phones (ODK Central, KoboToolbox, QField) here."), icon=":material/lock:")
else:
    field_upload = st.file_uploader(
        tr("Tệp kết quả: ZIP của ODK Central (kèm ảnh), CSV/XLSX của KoboToolbox, GeoPackage hoặc ZIP của QField",
           "Results: ODK Central's ZIP (with photos), KoboToolbox's CSV/XLSX, QField's GeoPackage or ZIP"),
        type=[ext.lstrip(".") for ext in submissions.FORMATS], key=f"{keys.FIELD_FILE}_{st.session_state.get(keys.FIELD_ROUND, 0)}",
        max_upload_size=submissions.MAX_UPLOAD_MB,
        help=tr(f"Tối đa {submissions.MAX_UPLOAD_MB} MB mỗi tệp, kể cả ảnh.", f"At most {submissions.MAX_UPLOAD_MB} MB per file, photos included."))
    if field_upload is not None:
        try:
            with st.spinner(tr("Đang đọc và kiểm tra từng lần gửi…", "Reading and checking every submission…")):
                notes, fplan = field_preview(field_upload.getvalue(), field_upload.name, view.user.username, view.store.data_version(),
                                             view.store)
        except geo.ImportRefused as exc:
            for problem in exc.problems:
                st.error(md.text(problem.text(lang)), icon=":material/block:")
        else:
            for note in notes:
                st.caption(":material/info: " + md.text(note))
            widgets.plan_counts(fplan.counts(), {"create": tr("Biên bản mới", "New inspections"),
                                                 "already": tr("Đã nhập trước đó", "Imported before"),
                                                 "rejected": tr("Bị từ chối khi duyệt", "Rejected on review"), "error": tr("Lỗi", "Errors")})
            widgets.plan_problems(fplan.problems, lang)
            will = {"create": tr("Thêm biên bản", "Add inspection"), "already": tr("Bỏ qua: đã nhập", "Skip: imported before"),
                    "rejected": tr("Bỏ qua: bị từ chối", "Skip: rejected"), "error": tr("Lỗi", "Error")}
            st.dataframe(fplan.rows.assign(action=fplan.rows["action"].map(will), changes=fplan.rows["changes"].replace("", "—"))
                         .rename(columns={"_row": tr("Dòng", "Row"), "submission_id": tr("Mã lần gửi", "Submission"),
                                          "site_id": tr("Mã cơ sở", "Site id"), "name": tr("Tên", "Name"), "action": tr("Sẽ", "Will"),
                                          "changes": tr("Ghi nhận", "Records")}), hide_index=True, width="stretch")
            if st.button(tr("Nhập các biên bản vào kho dữ liệu", "Import the inspections into the store"), type="primary",
                         disabled=not fplan.ok or not fplan.inspections, key="field_commit"):
                try:
                    import_id = recording.commit_field_import(view.store, view.user, fplan, field_upload.name)
                except geo.DashboardError as exc:
                    st.error(md.text(exc.text(lang)))
                else:
                    st.session_state[keys.FIELD_FLASH] = tr(
                        f"Đã nhập {len(fplan.inspections)} biên bản, {len(fplan.changes)} thay đổi trạng thái, {len(fplan.evidence)} ảnh "
                        f"từ {field_upload.name}; mã lần nhập {import_id} (quản trị viên có thể hoàn tác).",
                        f"Imported {len(fplan.inspections)} inspections, {len(fplan.changes)} status changes, {len(fplan.evidence)} photos "
                        f"from {field_upload.name}; import {import_id} (an administrator can revert it).")
                    st.session_state[keys.FIELD_ROUND] = st.session_state.get(keys.FIELD_ROUND, 0) + 1
                    st.rerun()

st.subheader(tr("Nhập danh sách", "Import a list"))
if view.user is None or not view.user.can("admin"):
    st.info(tr("Quản trị viên nhập danh sách từ các sở, ngành (CSV, XLSX, GeoJSON, GeoPackage, Shapefile nén .zip) tại đây.",
               "Administrators import lists from departments (CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile) here."),
            icon=":material/lock:")
    widgets.end_page()

limit = i18n.format_number(importing.MAX_BYTES / 1024 / 1024, lang)
limits = importing.Limits.of(view.settings)
rows, unpacked = i18n.format_number(limits.max_features, lang), i18n.format_number(limits.max_unpacked_bytes / 2**20, lang)
upload = st.file_uploader(tr("Tệp danh sách", "List file"), type=[ext.lstrip(".") for ext in importing.FORMATS],
                          max_upload_size=importing.MAX_BYTES // 2**20,
                          key=f"{keys.IMPORT_FILE}_{st.session_state.get(keys.IMPORT_ROUND, 0)}",
                          help=tr(f"Tối đa {limit} MB mỗi tệp, {rows} dòng hoặc đối tượng, tệp nén giải ra tối đa {unpacked} MB.",
                                  f"At most {limit} MB per file, {rows} rows or features, archives unpacking to at most {unpacked} MB."))
st.caption(tr(f"Kéo thả hoặc bấm “Browse files” để chọn tệp: CSV, XLSX, GeoJSON, GeoPackage hoặc Shapefile nén .zip, tối đa {limit} MB. "
              "Chưa ghi gì cho đến khi bạn xem trước và bấm “Nhập vào kho dữ liệu”.",
              f"Drag a file here or press “Browse files”: CSV, XLSX, GeoJSON, GeoPackage or a zipped Shapefile, at most {limit} MB. "
              "Nothing is written until you have seen the preview and pressed “Import into the store”."))
if upload is not None:
    data = upload.getvalue()
    try:
        raw = importing.read_upload(upload.name, data, limits)
    except geo.ImportRefused as exc:
        for problem in exc.problems:
            st.error(md.text(problem.text(lang)), icon=":material/block:")
        widgets.end_page()
    for note in raw.notes:
        st.caption(":material/info: " + md.text(note))
    sig = importing.signature(raw.headers)
    remembered = view.store.get_mapping(sig)
    start = remembered or importing.auto_mapping(raw.headers)
    if remembered:
        st.success(tr("Đã dùng lại cách ghép cột đã lưu cho mẫu tệp này.", "Reusing the column mapping saved for this layout."))
    choices = ["", *importing.IMPORT_FIELDS]
    st.markdown(tr("**Ghép cột** (kiểm tra, sửa nếu cần):", "**Column mapping** (check, fix where needed):"))
    edited = st.data_editor(
        pd.DataFrame({"header": raw.headers, "field": [start.get(h, "") for h in raw.headers],
                      "example": [str(raw.frame[h].iloc[0]) if len(raw.frame) else "" for h in raw.headers]}),
        column_config={"header": st.column_config.TextColumn(tr("Cột trong tệp", "Column in the file"), disabled=True),
                       "field": st.column_config.SelectboxColumn(tr("Trường", "Field"), options=choices),
                       "example": st.column_config.TextColumn(tr("Ví dụ", "Example"), disabled=True)},
        hide_index=True, width="stretch", key=f"mapping_{sig}")
    mapping = {h: f for h, f in zip(edited["header"], edited["field"]) if f}
    readings = importing.column_readings(raw, mapping, lang)
    if readings:
        with st.expander(tr("Cách đọc các cột mã, có/không và số", "How coded, yes/no and numeric columns are read"), expanded=True):
            st.dataframe(pd.DataFrame(readings, columns=[tr("Cột trong tệp", "Column in the file"), tr("Trường", "Field"),
                                                         tr("Ô → giá trị", "Cell → value")]), hide_index=True, width="stretch")
            st.caption(tr("Dấu x, ✓, “có”, “đã có” ở cột có/không nghĩa là có; ô trống nghĩa là không nêu, không phải “không”. "
                          "“Đã có” ở cột trạm XLNT chỉ nói có trạm, không nói trạm có vận hành.",
                          "x, ✓, “có”, “đã có” under a yes/no column mean yes; an empty cell states nothing, it is not “no”. "
                          "“Đã có” under the wastewater column says there is a plant, not that it operates."))
    c1, c2, c3, c4 = st.columns(4)
    kinds = ["", *vocab.Kind.codes()]
    inferred = importing.infer_kind(raw.headers) or ""
    kind = c1.selectbox(tr("Loại hình (nếu tệp không có cột)", "Kind (if the file has no column)"), kinds, index=kinds.index(inferred),
                        format_func=lambda k: vocab.label("kind", k, lang) if k else "—")
    crs_codes = list(importing.CRS_CHOICES)
    crs = c2.selectbox(tr("Hệ tọa độ", "Coordinate system"), crs_codes,
                       index=crs_codes.index(raw.crs) if raw.crs in crs_codes else 0,
                       format_func=lambda c: tr(*importing.CRS_CHOICES[c]))
    status_date = c3.date_input(tr("Số liệu tại ngày", "Values as of"), value=dates.today(), format=i18n.date_input_format(lang))
    source = c4.text_input(tr("Nguồn (văn bản)", "Source (document)"), value=upload.name, max_chars=300)
    remember = st.checkbox(tr("Ghi nhớ cách ghép cột cho lần sau", "Remember this mapping next time"), value=True)
    answers_key = f"{keys.IMPORT_MATCHES}_{hashlib.sha1(data).hexdigest()[:16]}"  # answers belong to this file
    answers: dict = st.session_state.setdefault(answers_key, {})
    args = (data, upload.name, tuple(sorted(mapping.items())), kind or None, crs, status_date, source,
            view.user.username, view.store.data_version(), view.store, view.boundaries)
    asked = preview(*args)  # every probable match, before any answer
    plan = preview(*args, tuple(sorted(answers.items()))) if answers else asked
    questions = asked.rows[asked.rows["match_id"] != ""]
    if len(questions):
        st.warning(tr(f"{len(questions)} dòng có tên gần giống một cơ sở đã có: chọn ghép hay tạo mới cho từng dòng.",
                      f"{len(questions)} row(s) have a name close to an existing site: choose, row by row, to match or to create."),
                   icon=":material/join:")
        labels = {"match": tr(":material/join: Là cơ sở này", ":material/join: It is this site"),
                  "new": tr(":material/add: Cơ sở mới", ":material/add: A new site")}
        chosen = {}
        for row, name, match_id, match_name, score in zip(questions["_row"], questions["name"], questions["match_id"],
                                                          questions["match_name"], questions["match_score"]):
            row = int(row)
            pick = st.segmented_control(
                tr(f"Dòng {row}: “{md.text(name)}” có thể là “{md.text(match_name)}” ({score:.0f} % giống)",
                   f"Row {row}: “{md.text(name)}” may be “{md.text(match_name)}” ({score:.0f} % alike)"),
                list(labels), format_func=labels.get, key=f"{answers_key}_{row}",
                default={None: None, "": "new"}.get(answers.get(row), "match"))
            if pick:
                chosen[row] = match_id if pick == "match" else ""
        if chosen != answers:
            st.session_state[answers_key] = chosen
            st.rerun()
    widgets.plan_counts(plan.counts(), {"create": tr("Tạo mới", "Create"), "update": tr("Cập nhật", "Update"),
                                        "unchanged": tr("Không đổi", "Unchanged"), "error": tr("Lỗi", "Errors")})
    widgets.plan_problems(plan.problems, lang)
    actions = {"create": tr("Tạo mới", "Create"), "update": tr("Cập nhật", "Update"), "unchanged": tr("Không đổi", "Unchanged"),
               "error": tr("Lỗi", "Error")}
    st.dataframe(plan.rows.assign(action=plan.rows["action"].map(actions), changes=plan.rows["changes"].replace("", "—"),
                                  read=plan.rows["read"].replace("", "—"))
                 .rename(columns={"_row": tr("Dòng", "Row"), "site_id": tr("Mã", "Id"), "name": tr("Tên", "Name"),
                                  "action": tr("Sẽ", "Will"), "changes": tr("Thay đổi", "Changes"),
                                  "read": tr("Ô trong tệp → giá trị đọc được", "Cell in the file → value read")}),
                 hide_index=True, width="stretch")
    if st.button(tr("Nhập vào kho dữ liệu", "Import into the store"), type="primary", disabled=not plan.ok or not len(plan.sites) and plan.changes.empty):
        try:
            import_id = recording.commit_import(view.store, view.user, plan, upload.name, source)
        except geo.DashboardError as exc:
            st.error(md.text(exc.text(lang)))
        else:
            if remember:
                view.store.put_mapping(sig, mapping, view.user.username)
            counts = tables.summary_in_words(json.dumps(plan.counts()), lang)
            st.session_state[keys.IMPORT_FLASH] = tr(f"Đã nhập {upload.name} ({counts}); mã lần nhập {import_id}. Có thể hoàn tác ở danh sách bên dưới.",
                                              f"Imported {upload.name} ({counts}); import {import_id}. It can be reverted in the list below.")
            st.session_state[keys.IMPORT_ROUND] = st.session_state.get(keys.IMPORT_ROUND, 0) + 1  # a fresh uploader
            st.rerun()

st.markdown(tr("**Các lần nhập**", "**Imports**"))
imports = view.store.read_imports()
if keys.IMPORT_FLASH in st.session_state:
    st.success(md.text(st.session_state.pop(keys.IMPORT_FLASH)), icon=":material/check:")
if imports.empty:
    st.caption(tr("Chưa có lần nhập nào.", "No import yet."))
else:
    st.dataframe(tables.imports_table(imports, lang, person), hide_index=True, width="stretch")
    revertable = [i for i in imports[imports["kind"].isin(recording.REVERTIBLE)]["import_id"] if not (imports["reverts"] == i).any()]
    if revertable:
        c1, c2 = st.columns([2, 1])
        target = c1.selectbox(tr("Hoàn tác lần nhập", "Revert import"), revertable, key=keys.REVERT_ID)
        if c2.button(tr("Hoàn tác", "Revert"), key=keys.REVERT_GO):
            try:
                recording.revert_import(view.store, view.user, target)
            except geo.DashboardError as exc:
                st.error(md.text(exc.text(lang)))
            else:
                st.session_state[keys.IMPORT_FLASH] = tr(f"Đã hoàn tác lần nhập {target}; lần hoàn tác cũng được ghi lại.",
                                                  f"Reverted import {target}; the revert is recorded too.")
                st.rerun()

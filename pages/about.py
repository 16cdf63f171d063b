"""Giới thiệu: sources, licences, what each target means, and what is illustrative."""

import pandas as pd
import streamlit as st

from geo.core import vocab
from geo.dataset import scenario
from geo.language import i18n
from geo.places import boundaries
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Giới thiệu", "About"))
st.write(tr(
    "Bảng điều khiển theo dõi việc thực hiện Kế hoạch 307/KH-UBND ngày 27/12/2021 của UBND thành phố Hà Nội về tăng cường "
    "quản lý, kiểm tra và phòng ngừa ô nhiễm môi trường tại làng nghề, khu và cụm công nghiệp giai đoạn 2021–2025 (đã kết thúc "
    "ngày 31/12/2025), và các chỉ tiêu giai đoạn 2026–2030. Mọi tỷ lệ là của các cơ sở trong tập dữ liệu, không phải của toàn thành phố.",
    "This dashboard follows Hanoi People's Committee Plan 307/KH-UBND of 27/12/2021 on managing, inspecting and preventing "
    "pollution at craft villages, industrial parks and clusters, 2021–2025 (ended on 31/12/2025), and the 2026–2030 targets. "
    "Every share is over the dataset's sites, not the city's.",
))
st.header(tr("Các chỉ tiêu", "Targets"))
for period in reversed(view.periods):
    st.subheader(period.name(lang))
    for t in view.period_targets(period):
        with st.expander(f"{t.short(lang)} — {t.plan}"):
            st.markdown(f"**{md.text(t.name(lang))}**")
            st.markdown(tr("Căn cứ: ", "Legal basis: ") + md.text(t.legal_basis))
            st.markdown(tr("Nguồn: ", "Source: ") + md.text(t.source))
            st.markdown(tr("Mục tiêu: ", "Target: ") + md.text(t.format_value(t.target, lang, 0)) + tr(" trước ", " by ")
                        + i18n.format_date(t.deadline, lang))
            if t.measure == "unmeasured":
                st.markdown(md.text(t.note(lang)))
                continue
            st.markdown(tr("Mẫu số (cơ sở được tính): ", "Denominator (sites counted): ")
                        + md.text(t.rule_in_words("denominator", lang)))
            if t.met or t.measure == "ratio_of_sums":
                st.markdown(tr("Đạt khi: ", "Met when: ") + md.text(t.rule_in_words("met", lang)))
            for line in (t.scope(lang), t.note(lang)):
                if line:
                    st.caption(md.text(line))
            st.caption(tr("Trường xét đạt có giá trị “chưa rõ” thì cơ sở được tính là chưa đạt; trường xác định phạm vi có giá trị "
                          "“chưa rõ” thì cơ sở không được tính, và thẻ chỉ tiêu nêu số cơ sở bị loại vì thế.",
                          "An unknown value in a field that decides whether a site meets the target counts as falling short; an "
                          "unknown value in a field that decides whether it is counted leaves it out, and the card says how many."))
st.header(tr("Ưu tiên kiểm tra", "Inspection priority"))
st.write(tr(f"Mỗi cơ sở có điểm ưu tiên bằng tổng điểm các yếu tố dưới đây và một mức từ A (ít đáng lo nhất) đến E (đáng lo nhất): "
            f"{view.priority.cut_offs('vi')}. Điểm tính từ số liệu minh họa thì được ghi là minh họa.",
            f"Each site has a priority score, the sum of the factors below that apply to it, and a band from A (lowest concern) to "
            f"E (highest): {view.priority.cut_offs('en')}. A score computed from illustrative values says so."))
st.table(pd.DataFrame([{
    tr("Yếu tố", "Factor"): f.label(lang),
    tr("Điểm", "Points"): ", ".join(f"{vocab.label(f.params['field'], k, lang) if f.rule == 'value' else vocab.label('water_class', k, lang)}: +{v}"
                                    for k, v in f.params["points"].items()) if isinstance(f.params.get("points"), dict)
    else f"+{f.params.get('points', 0)}" + (tr(f" (chưa từng: +{f.params['never']})", f" (never: +{f.params['never']})") if "never" in f.params else "")
    + (tr(f", tối đa {f.params['max']}", f", at most {f.params['max']}") if "max" in f.params else ""),
    tr("Căn cứ", "Basis"): f.basis,
} for f in view.priority.factors]).set_index(tr("Yếu tố", "Factor")))
st.header(tr("Số liệu minh họa", "Illustrative data"))
st.write(tr(
    f"Kết quả theo từng cơ sở giai đoạn 2021–2025 phần lớn chưa được công bố. Để các chỉ tiêu có dữ liệu để đo, kho dữ liệu mặc định có một "
    f"kịch bản minh họa (hạt giống {scenario.SEED}), hiệu chỉnh theo số liệu tổng hợp công khai (ví dụ năm 2019: 21/70 CCN có trạm XLNT; "
    f"nước ở 139/295 làng nghề ô nhiễm nghiêm trọng). Mọi giá trị minh họa đều được đánh dấu trên màn hình và trong tệp xuất. "
    f"Số liệu thật luôn được ưu tiên.",
    f"Per-site results for 2021–2025 are mostly not public. So that the targets have something to measure, the default store holds an "
    f"illustrative scenario (seed {scenario.SEED}) calibrated to public aggregates (e.g. 2019: 21 of 70 clusters with a plant; water at "
    f"139 of 295 villages seriously polluted). Every illustrative value is flagged on screen and in exports. Real facts always win.",
))
st.header(tr("Ghi nhận và nhật ký", "Recording and the audit trail"))
st.markdown(tr(
    "- Xem không cần đăng nhập. **Cán bộ kiểm tra** ghi biên bản kiểm tra, thay đổi trạng thái, đính chính; **quản trị** quản lý "
    "người dùng và nhập danh sách.\n"
    "- Không sửa, không xóa: mỗi thay đổi là một bản ghi mới có ngày hiệu lực, nguồn, người ghi và thời điểm ghi; bản đính chính "
    "thay thế bản cũ và nêu lý do; trang chi tiết hiện toàn bộ nhật ký.\n"
    "- Hai người lưu cùng lúc cho một cơ sở: người sau được báo và xem thay đổi trước khi lưu lại, không ghi đè.\n"
    "- Mỗi lần nhập danh sách là một bản ghi có thể hoàn tác; việc hoàn tác cũng được ghi lại.",
    "- Viewing needs no sign-in. **Inspectors** record inspections, status changes and corrections; **administrators** manage "
    "users and import lists.\n"
    "- Nothing is edited or deleted: every change is a new record with its effective date, source, who recorded it and when; a "
    "correction supersedes the old record and gives the reason; the site page shows the whole trail.\n"
    "- Two people saving to one site at once: the second is told and shown what changed before saving again; no overwrite.\n"
    "- Every import is a record that can be reverted; the revert is recorded too.",
))
st.header(tr("Nguồn và giấy phép", "Sources and licences"))
st.markdown(tr("- Danh mục cơ sở: tổng hợp từ tin bài công khai; mỗi cơ sở ghi rõ nguồn.",
               "- Sites: compiled from public reports; each site names its source."))
for line in boundaries.attribution(lang):
    st.markdown("- " + line)
st.markdown(tr("- Bản đồ nền: © OpenStreetMap contributors (khi bật nền trực tuyến).",
               "- Base map: © OpenStreetMap contributors (when online tiles are on)."))
if view.boundaries is None:
    st.info(tr("Chưa cài tệp ranh giới: ", "No boundary files installed: ") + view.boundaries_error)

"""The shared sidebar: language, the date of the state, and every filter of the catalogue."""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from geo.core import filters, history, links
from geo.language import dates, i18n
from ui import keys, loaders, markdown, server
from ui import view as view_mod

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def language() -> str:
    st.session_state.setdefault(keys.LANG, links.LANG.default)
    return st.sidebar.segmented_control(
        "Ngôn ngữ / Language", list(links.LANG.choices), key=keys.LANG, required=True, format_func=LANGUAGE_NAMES.get,
    ) or links.LANG.default


def _when_label(lang: str, when: str) -> str:
    return {"today": i18n.pick(lang, "Hôm nay", "Today"), "date": i18n.pick(lang, "Chọn ngày…", "Pick a date…")}.get(
        when, i18n.pick(lang, f"Cuối năm {when}", f"End of {when}"))


def _as_of(lang: str) -> dt.date:
    sb = st.sidebar
    st.session_state.setdefault(keys.WHEN, links.WHEN.default)
    st.session_state.setdefault(keys.ASOF, dates.today())
    when = sb.selectbox(i18n.pick(lang, "Thời điểm", "Status as of"), list(links.WHEN.choices), key=keys.WHEN,
                        format_func=lambda w: _when_label(lang, w))
    if when == "date":
        return sb.date_input(i18n.pick(lang, "Ngày", "Date"), key=keys.ASOF, min_value=dt.date(2000, 1, 1),
                             format=i18n.date_input_format(lang))
    if when in {str(y) for y in history.PLAN_YEARS}:
        return dt.date(int(when), 12, 31)
    return dates.today()


def _widget(container, spec: filters.FilterSpec, lang: str, ctx: loaders.Context):
    """One filter's widget, keyed by its link parameter."""
    if spec.widget == "text":
        value = container.text_input(spec.label(lang), key=spec.param, placeholder=spec.placeholder(lang), max_chars=links.MAX_TEXT)
        _did_you_mean(container, spec.param, value, ctx, lang)
        return value
    if spec.widget == "toggle":
        return container.toggle(spec.label(lang), key=spec.param)
    return container.multiselect(
        spec.label(lang), filters.options(spec, ctx.areas, ctx.targets), key=spec.param, placeholder=spec.placeholder(lang),
        format_func=lambda code: filters.option_label(spec, code, lang, ctx.areas, ctx.targets))


def _did_you_mean(container, param: str, query: str, ctx: loaders.Context, lang: str) -> None:
    """When a search matches nothing as typed, the results allow for a typo; say so, and offer the right words."""
    hints = filters.did_you_mean(ctx.today, query) if query else []
    if not hints:
        return
    container.caption(i18n.pick(lang, "Không có kết quả khớp đúng từ đã gõ; đang hiện kết quả gần giống. Có phải bạn tìm:",
                                "Nothing matches exactly what was typed; showing close matches. Did you mean:"))
    for hint in hints:
        container.button(markdown.text(hint), key=f"did_you_mean_{hint}", on_click=_search_for, args=(param, hint), type="tertiary")


def _search_for(param: str, words: str) -> None:
    st.session_state[param] = words


def choose_filters(ctx: loaders.Context, lang: str) -> filters.Filters:
    """The date and the filters, as one value."""
    st.sidebar.header(i18n.pick(lang, "Bộ lọc", "Filters"))
    as_of = _as_of(lang)
    values = {spec.param: _widget(st.sidebar, spec, lang, ctx) for spec in filters.FILTERS if not spec.more}
    more = [spec for spec in filters.FILTERS if spec.more]
    # Its ten lists are drawn only while it is open: on every page of every visit they were a quarter of the
    # sidebar's elements, each drawn before the page. A link that sets one of them opens it (ui.view.follow_link);
    # closed, the values stay in the session (each run writes them there) and still filter.
    box = st.sidebar.expander(i18n.pick(lang, "Thêm bộ lọc", "More filters"), key=keys.MORE_FILTERS, on_change="rerun")
    if box.open:
        with box:
            values.update({spec.param: _widget(st, spec, lang, ctx) for spec in more})
    else:
        values.update({spec.param: st.session_state.get(spec.param, spec.default) for spec in more})
    return filters.Filters.of(as_of, **values)


def boundaries_notice(ctx: loaders.Context, lang: str) -> None:
    if ctx.boundaries is None:
        st.sidebar.info(i18n.pick(lang, "Chưa có tệp ranh giới: bản đồ chỉ hiện các điểm.", "No boundary files: maps show points only."))


#: The page list's look: Streamlit's own page links (a row each, the current one shaded), in the theme's colours.
_NAV_STYLE = """<style>
.hanoi-nav { display: flex; flex-direction: column; gap: 4px; padding-bottom: 1rem;
  border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
.hanoi-nav a { display: flex; align-items: center; gap: 8px; height: 28px; padding: 0 8px; border-radius: 8px;
  color: inherit; text-decoration: none; }
.hanoi-nav a:hover, .hanoi-nav a[aria-current="page"] { background: color-mix(in srgb, currentColor 10%, transparent); }
.hanoi-nav a:focus-visible { outline: 2px solid currentColor; outline-offset: -2px; }
.hanoi-nav .icon { font-family: "Material Symbols Rounded"; font-size: 16px; line-height: 1; width: 16px;
  font-feature-settings: "liga"; -webkit-font-smoothing: antialiased; user-select: none; }
</style>"""


def navigation(slot, pages: dict, current, lang: str) -> None:
    """The page list at the top of the sidebar. Each link carries the whole view, so changing page
    keeps every filter in the address from the first render (Streamlit's own list drops them).

    One element of plain links, not a ``st.page_link`` each: nine elements, each with its own Markdown,
    drawn on every visit of every page before the map (paired returning visits: 0.04 s sooner). A plain click changes
    page in the same session (``ui.history`` hands it to the frontend as Back and Forward are); a
    middle click, "open in a new tab" or "copy link" get the link itself."""
    params = view_mod.link_params()
    rows = []
    for page in pages.values():
        href = links.share_url(server.prefixed("/"), page.url_path, params)  # below server.baseUrlPath
        here = ' aria-current="page"' if page.url_path == current.url_path else ""
        icon = page.icon.removeprefix(":material/").removesuffix(":")
        rows.append(f'<a href="{html.escape(href)}" data-hanoi-page{here}>'
                    f'<span class="icon" aria-hidden="true" translate="no">{html.escape(icon)}</span>{html.escape(page.title)}</a>')
    label = i18n.pick(lang, "Các trang", "Pages")
    slot.html(f'<nav class="hanoi-nav" aria-label="{html.escape(label)}">{"".join(rows)}</nav>{_NAV_STYLE}')

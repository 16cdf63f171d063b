"""The pages' HTML shell hints, read against the Streamlit installed here (its own shell and entry script)."""

import json
import re
from pathlib import Path

from streamlit import file_util

from ui import shell

STATIC = file_util.get_static_dir()
SHELL = (Path(STATIC) / "index.html").read_bytes()
ENTRY = (Path(STATIC) / re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', SHELL).group(1).decode()).read_text(encoding="utf-8")


def test_each_element_brings_its_own_chunk_first_then_what_it_needs_all_real_files():
    chunks = shell.element_chunks(ENTRY, ["Selectbox", "BidiComponent"])
    assert re.fullmatch(r"static/js/Selectbox\.[\w-]+\.js", chunks[0])
    assert any(re.fullmatch(r"static/js/BidiComponent\.[\w-]+\.js", c) for c in chunks)
    assert len(chunks) == len(set(chunks)) > 2
    assert all((Path(STATIC) / c).is_file() for c in chunks)


def test_every_element_the_pages_show_is_found_in_this_streamlit():
    """A Streamlit upgrade that renames an element's chunk fails here rather than silently preloading nothing."""
    for element in (*shell.EVERY_PAGE, *{e for es in shell.PAGE_ELEMENTS.values() for e in es}):
        assert shell.element_chunks(ENTRY, [element]), element


def test_the_dependency_list_is_read_by_position():
    entry = ('const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./a.1.js","./b.2.js","./Thing.3.js"])))=>i.map(i=>d[i]);'
             'x=lazy(()=>H(()=>import(`./Thing.3.js`),__vite__mapDeps([2,1]),import.meta.url))')
    assert shell.element_chunks(entry, ["Thing"]) == ["static/js/Thing.3.js", "static/js/b.2.js"]
    assert shell.element_chunks(entry, ["Other"]) == []
    assert shell.element_chunks("no list here", ["Thing"]) == []


def test_the_shell_names_the_server_before_its_entry_script_and_preloads_after_its_own_list():
    out = shell.hints(SHELL, "/hanoi", shell.EVERY_PAGE, STATIC).decode()
    hint = out.index("<script>window.__streamlit")
    assert out.index('<meta charset="UTF-8"') < hint < out.index('<script type="module"')
    assert 'BACKEND_BASE_URL: window.location.origin + "/hanoi"' in out
    own = re.findall(r'href="\./(static/js/[^"]+)"', SHELL.decode())
    listed = re.findall(r'href="\./(static/js/[^"]+)"', out)
    added = listed[len(own):]
    assert listed[:len(own)] == own and added and not set(added) & set(own)
    assert any(a.startswith("static/js/Multiselect.") for a in added)
    first_added = out.index(f'<link rel="modulepreload" crossorigin href="./{added[0]}">')
    without = out[:hint] + out[out.index('<script type="module"'):first_added] + out[out.index("</head>"):]
    assert without == SHELL.decode()


def test_a_prefix_cannot_close_the_script_and_a_shell_without_head_is_left_alone():
    out = shell.hints(b"<html><head></head></html>", "/a</script><b>", (), STATIC)
    assert b"</script><b>" not in out and b"\\u003c/script>" in out
    assert shell.hints(b"<p>no head</p>", "", shell.EVERY_PAGE, STATIC) == b"<p>no head</p>"


def test_a_map_page_starts_its_files_under_the_prefix_before_the_entry_script_and_in_order():
    files = ("/app/static/vendor/leaflet-1.9.3/leaflet.css", "/app/static/vendor/leaflet-1.9.3/leaflet.js", "/app/static/vendor/x/plugin.js")
    out = shell.hints(SHELL, "/hanoi", shell.EVERY_PAGE, STATIC, files).decode()
    early = out.index("window.__hanoiEarly")
    assert out.index("<script>window.__streamlit") < early < out.index('<script type="module"')
    listed = re.search(r"\}\)\((\[[^\]]*\])\);</script>", out[early:]).group(1)
    assert json.loads(listed) == ["/hanoi" + f for f in files]
    # Without files (a page with no map) nothing is started.
    assert "__hanoiEarly" not in shell.hints(SHELL, "", shell.EVERY_PAGE, STATIC).decode()
    assert "</script><b>" not in shell.hints(b"<html><head></head></html>", "", (), STATIC, ("/a</script><b>.js",)).decode()


def test_the_files_a_page_starts_are_served_by_the_dashboard(tmp_path):
    from geo.views import assets

    assets.install_static(tmp_path)
    for files in shell.PAGE_FILES.values():
        for f in files:
            assert f.startswith(assets.URL_PREFIX + "/") and (tmp_path / f.removeprefix("/app/static/")).is_file(), f


def test_the_tab_icon_is_the_app_icon_inside_the_page():
    import base64

    head, _, body = shell.ICON.partition(",")
    assert head == "data:image/png;base64"
    icon = base64.b64decode(body)
    assert icon.startswith(b"\x89PNG\r\n\x1a\n")
    assert icon == (Path(shell.__file__).resolve().parents[1] / "static" / "icon.png").read_bytes()

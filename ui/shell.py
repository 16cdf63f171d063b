"""The pages' HTML shell, with hints that save the frontend round trips on every visit.

Streamlit's frontend does not know where its server is. At ``/ban-do`` it first asks
``/ban-do/_stcore/health``, waits for the 404, and only then asks ``/_stcore/health``: about
0.15 s on every visit. It also fetches an element's code only when the first element of that
kind arrives, after the server has run the page.
The shell says where the server is (``window.__streamlit.BACKEND_BASE_URL``, the variable
Streamlit reads for hosts that embed it, streamlit#11378) and preloads the code of the
elements the page shows. A shell it cannot read is served as it came: the hints are only hints.

A page with a map also starts Leaflet as the shell is read (``window.__hanoiEarly``, which
``ui/leaflet.js`` takes up): the map element mounts only once the frontend has drawn the whole
page, and loading and running Leaflet only then kept the map waiting a tenth of a second more.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path

from geo.views import assets

#: The tab's icon, in the page itself: as a file it was fetched twice on every visit (the frontend sets the
#: icon twice) and never kept, since Streamlit's media files are not cached.
ICON = "data:image/png;base64," + base64.b64encode((Path(__file__).resolve().parents[1] / "static" / "icon.png").read_bytes()).decode()

#: Elements of every page (the shared sidebar: language buttons, search, filters, links).
EVERY_PAGE = ("ButtonGroup", "TextInput", "Selectbox", "Multiselect", "Checkbox", "Html")
#: The pages that show a map, by path.
MAP_PAGES = ("ban-do", "chi-tiet", "chi-tieu", "ke-hoach")
#: Elements of one page beyond those, by its path: the maps are a components-v2 element (ui/leaflet.py).
PAGE_ELEMENTS = {page: ("BidiComponent",) for page in MAP_PAGES}
#: Files a page's map needs, by its path (addresses below ``server.baseUrlPath``), in the order they run:
#: the Map page's sites are marker clusters (geo.views.maps.SiteClusters); the other maps are plain Leaflet.
_LEAFLET = tuple(url for _, url in assets.LEAFLET_CSS + assets.LEAFLET_JS)
_CLUSTER = tuple(url for _, url in assets.CLUSTER_CSS + assets.CLUSTER_JS)
PAGE_FILES = {page: _LEAFLET + _CLUSTER if page == "ban-do" else _LEAFLET for page in MAP_PAGES}

#: Starts each file as the shell is read; scripts run in order as soon as they arrive, without holding the
#: page up (a script inserted by a script, ``async = false``). ``ui/leaflet.js`` waits on the same promises.
_EARLY = ("<script>(function(files){var early=window.__hanoiEarly=window.__hanoiEarly||{};"
          "files.forEach(function(f){if(early[f])return;"
          "if(/\\.css$/.test(f)){var l=document.createElement('link');l.rel='stylesheet';l.href=f;"
          "document.head.appendChild(l);early[f]=Promise.resolve();return;}"
          "var s=document.createElement('script');s.src=f;s.async=false;"
          "early[f]=new Promise(function(ok,no){s.onload=ok;s.onerror=no;});early[f].catch(function(){});"
          "document.head.appendChild(s);});})(%s);</script>")

_ENTRY = re.compile(rb'<script type="module"[^>]*src="\./(static/js/index\.[\w-]+\.js)"')
_FILES = re.compile(r"m\.f=\[([^\]]*)\]")


def element_chunks(index_js: str, elements) -> list[str]:
    """The files (``static/js/...``) that the frontend's entry script loads for these elements, in its
    own order: each element's chunk and the chunks it needs. Unknown elements give nothing."""
    files = _FILES.search(index_js)
    if not files:
        return []
    names = json.loads("[" + files.group(1) + "]")
    out: dict[str, None] = {}
    for element in elements:
        found = re.search(r"import\(`\./(" + re.escape(element) + r"\.[\w-]+\.js)`\),__vite__mapDeps\(\[([\d,]*)\]\)", index_js)
        if not found:
            continue
        deps = [names[int(i)] for i in found.group(2).split(",") if i and int(i) < len(names)]
        for name in [f"./{found.group(1)}", *deps]:
            out.setdefault("static/js/" + name.removeprefix("./"), None)
    return list(out)


@functools.lru_cache(maxsize=8)
def _chunks(static_dir: str, entry: str, elements: tuple) -> tuple:
    path = Path(static_dir) / entry
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(f for f in element_chunks(text, elements) if (Path(static_dir) / f).is_file())


def _json_in_script(value) -> str:
    return json.dumps(value).replace("<", "\\u003c")  # inside a script element, "</script>" must not appear


def hints(html: bytes, prefix: str, elements, static_dir: str, files=()) -> bytes:
    """The shell with the server's address and the early start of ``files`` (addresses below the prefix)
    just before the frontend's entry script (after the charset), and the preloads after the shell's own
    (the entry's files first, ours behind them in the queue). Unchanged when it has neither that script nor
    a head. ``prefix`` is ``server.baseUrlPath`` as a path ("" or "/x")."""
    entry = _ENTRY.search(html)
    end = html.find(b"</head>")
    at = entry.start() if entry else end
    if at < 0:
        return html
    # Chunks the shell already lists are not listed twice.
    chunks = [c for c in _chunks(static_dir, entry.group(1).decode(), tuple(elements)) if c.encode() not in html] if entry else []
    script = ("<script>window.__streamlit = Object.assign({}, window.__streamlit, "
              f"{{BACKEND_BASE_URL: window.location.origin + {_json_in_script(prefix)}}});</script>")
    if files:
        script += _EARLY % _json_in_script([prefix + f for f in files])
    script = script.encode()
    links = "".join(f'<link rel="modulepreload" crossorigin href="./{c}">' for c in chunks).encode()
    if not links or end < at:
        return html[:at] + script + links + html[at:]
    return html[:at] + script + html[at:end] + links + html[end:]

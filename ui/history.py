"""The browser's history: one entry per user action, none from the app rewriting its own address.

Streamlit's frontend pushes a history entry whenever the address changes: when the app writes
its link after a run, when a page changes, when a component reports its view. So a page switch
made two or three entries, and the link the app wrote on a first visit (``v=1`` added) one more.
A small script, installed once per page load, turns every ``pushState`` into ``replaceState``
unless the user pressed, typed or clicked (in the page or the map's frame) since the last
entry: the first push after a user action makes the entry, the app's own rewrites only correct
it. Back then returns to the previous view; :func:`geo.core.links` reads it back in.
The same script turns a plain click on the sidebar's page list into a page change in the session.
"""

from __future__ import annotations

import streamlit as st

SHIM = """
<script>
(() => {
  const w = window;
  if (w.__hanoiHistory) return;
  w.__hanoiHistory = true;
  let acted = false;  // a user action since the last entry was made
  const mark = () => { acted = true; };
  const watch = (doc) => ["pointerdown", "keydown", "change"].forEach(t => doc.addEventListener(t, mark, true));
  watch(document);
  const hook = (frame) => {  // the map and other same-origin frames: the user's clicks there count too
    try {
      const doc = frame.contentDocument;
      if (doc && frame.__hanoiWatched !== doc) { frame.__hanoiWatched = doc; watch(doc); }
    } catch (e) { /* a frame of another origin: its clicks cannot be seen, nor need to be */ }
  };
  const scan = () => document.querySelectorAll("iframe").forEach(f => { hook(f); f.addEventListener("load", () => hook(f)); });
  new MutationObserver(scan).observe(document.body, {childList: true, subtree: true});
  scan();
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  history.pushState = function (state, title, url) {
    if (acted) { acted = false; return push(state, title, url); }
    return replace(state, title, url);
  };
  w.addEventListener("popstate", () => { acted = false; });
  // The sidebar's page list (ui.sidebar.navigation) is plain links. A plain click on one becomes a page
  // change in this session: the address is pushed and the frontend told, as it is by Back and Forward
  // (it runs the page the address names, with its parameters). Any other click keeps the link's own way.
  document.addEventListener("click", (e) => {
    const a = e.target instanceof Element ? e.target.closest("a[data-hanoi-page]") : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.origin !== location.origin) return;
    e.preventDefault();
    if (a.href === location.href) return;
    acted = true;
    history.pushState(null, "", a.href);
    w.dispatchEvent(new PopStateEvent("popstate", {state: null}));
  });
})();
</script>
"""


def install() -> None:
    """Put the script in the page (it installs itself once per page load)."""
    st.html(SHIM, unsafe_allow_javascript=True, width="content")
